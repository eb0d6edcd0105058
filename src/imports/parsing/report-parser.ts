import { unprocessable } from '../../common/errors/domain-exception.js';
import { formatMonth, monthsInText } from '../month.js';
import { type CountResult, parseCount, parseFaultCell } from './cells.js';
import {
  type ColumnMap,
  describeAliases,
  fieldForHeader,
  FIGURE_FIELDS,
  type FigureField,
  HEADER_SEARCH_ROWS,
  matchHeader,
  REQUIRED_FIELDS,
} from './header.js';
import { type CellValue, cellText, isBlankRow, type SheetRow } from './sheet-row.js';

/** A problem with one cell or row; `row` is the spreadsheet row number. */
export interface RowIssue {
  row: number | null;
  column: string | null;
  code: string;
  message: string;
  assetNumber?: string;
}

export interface ReportRow {
  row: number;
  /** As written in the file, trimmed. */
  assetNumber: string;
  incidents: number;
  arrests: number;
  hits: number;
  faults: number;
  faultText: string | null;
  /** Every figure cell was blank. */
  blankFigures: boolean;
}

export interface TotalsRow {
  row: number;
  figures: Partial<Record<FigureField, number>>;
}

export interface ParsedReport {
  headerRow: number;
  columns: ColumnMap;
  /** Months named in the title rows above the header. */
  titleMonths: string[];
  /** Months in the Month column, with the first row each appears on. */
  columnMonths: Map<string, number>;
  rows: ReportRow[];
  totalsRow: TotalsRow | null;
  errors: RowIssue[];
  warnings: RowIssue[];
}

/** "Total", "Totals:", "Grand total", "Sum", "Total for October 2025"; not an asset number such as SUM-01. */
const TOTALS_LABEL = /^(grand\s*)?(totals?|sum)(\s*:)?(\s.*)?$/i;

/** The totals label sits in the camera column, or in another column (e.g. Month) with the camera cell blank. */
function isTotalsRow(row: SheetRow, assetNumber: string): boolean {
  if (assetNumber) return TOTALS_LABEL.test(assetNumber);
  return row.cells.some((cell) => typeof cell === 'string' && TOTALS_LABEL.test(cell.trim()));
}

/**
 * Reads a Kyndi report sheet row by row: finds the header within the first rows, collects the month from the title,
 * parses each camera row's figures (recording per-cell errors) and recognises a trailing totals row.
 * File-level problems (no header, missing columns, too many rows) throw a 422.
 */
export async function parseReport(rows: AsyncIterable<SheetRow>, options: { maxRows: number }): Promise<ParsedReport> {
  const report: ParsedReport = {
    headerRow: 0,
    columns: {},
    titleMonths: [],
    columnMonths: new Map(),
    rows: [],
    totalsRow: null,
    errors: [],
    warnings: [],
  };
  const titleMonths = new Set<string>();
  for await (const row of rows) {
    if (!report.headerRow) {
      // Row numbers, not rows read: readers skip blank rows, and the limit is about where the header sits.
      if (row.number > HEADER_SEARCH_ROWS) break;
      if (findHeader(report, row)) continue;
      titleMonthsOf(row).forEach((month) => titleMonths.add(month));
      continue;
    }
    if (isBlankRow(row)) continue;
    readDataRow(report, row);
    if (report.rows.length > options.maxRows) {
      throw unprocessable(
        'too_many_rows',
        `The report has more than ${options.maxRows} camera rows, the most one import accepts`,
        { maxRows: options.maxRows },
      );
    }
  }
  if (!report.headerRow) {
    throw unprocessable(
      'header_not_found',
      `No header row in the first ${HEADER_SEARCH_ROWS} rows: expected a camera column (${describeAliases('camera')}) ` +
        'and figure columns (Incidents, Arrests, Hits, Faults)',
    );
  }
  if (report.rows.length === 0) {
    throw unprocessable('no_rows', `The report has a header (row ${report.headerRow}) but no camera rows`);
  }
  report.titleMonths = [...titleMonths].sort();
  return report;
}

/**
 * Months a title row names: in any text ("Activity report October 2025"), or in the cell after a "Month" label,
 * which may hold a date (an XLSX date cell, 01/10/2025) as well as a month's name.
 */
function titleMonthsOf(row: SheetRow): string[] {
  const months: string[] = [];
  for (const [index, cell] of row.cells.entries()) {
    if (typeof cell === 'string') months.push(...monthsInText(cell));
    if (typeof cell !== 'string' || fieldForHeader(cell) !== 'month') continue;
    const next = row.cells.slice(index + 1).find((value) => cellText(value) !== '');
    const month = next === undefined ? null : monthOfCell(next);
    if (month) months.push(month);
  }
  return months;
}

function findHeader(report: ParsedReport, row: SheetRow): boolean {
  const match = matchHeader(row);
  if (match.kind === 'none') return false;
  if (match.kind === 'duplicate') {
    throw unprocessable(
      'duplicate_column',
      `Row ${row.number} has two ${match.field} columns ('${match.headers[0]}' and '${match.headers[1]}'); keep one`,
    );
  }
  const missing = REQUIRED_FIELDS.filter((field) => !match.columns[field]);
  if (missing.length > 0) {
    throw unprocessable(
      'missing_columns',
      `The header (row ${row.number}) has no ${missing.map((f) => `${f} column (${describeAliases(f)})`).join(' or ')}`,
      { missing },
    );
  }
  report.headerRow = row.number;
  report.columns = match.columns;
  return true;
}

function readDataRow(report: ParsedReport, row: SheetRow): void {
  const { columns } = report;
  const camera = columns.camera!;
  const assetNumber = cellText(row.cells[camera.index]);
  if (report.totalsRow) {
    report.errors.push({
      row: row.number,
      column: camera.header,
      code: 'row_after_totals',
      message: `This row comes after the totals row (row ${report.totalsRow.row}); the totals row must be the last row`,
    });
    return;
  }
  if (isTotalsRow(row, assetNumber)) {
    report.totalsRow = readTotals(report, row);
    return;
  }
  const issue = (field: keyof ColumnMap, code: string, message: string) =>
    report.errors.push({
      row: row.number,
      column: columns[field]!.header,
      code,
      message,
      assetNumber: assetNumber || undefined,
    });
  if (!assetNumber) issue('camera', 'camera_missing', `${camera.header} is empty; every row needs a camera asset number`);

  const parsed: ReportRow = {
    row: row.number,
    assetNumber,
    incidents: 0,
    arrests: 0,
    hits: 0,
    faults: 0,
    faultText: null,
    blankFigures: true,
  };
  for (const field of ['incidents', 'arrests', 'hits'] as const) {
    const column = columns[field];
    if (!column) continue;
    const result = parseCount(row.cells[column.index] ?? null);
    if (result.kind === 'invalid') issue(field, invalidCode(result.reason), `${column.header}: ${result.reason}`);
    if (result.kind === 'count') {
      parsed[field] = result.value;
      parsed.blankFigures = false;
    }
  }
  if (columns.faults) {
    const result = parseFaultCell(row.cells[columns.faults.index] ?? null);
    if (result.kind === 'invalid') issue('faults', invalidCode(result.reason), `${columns.faults.header}: ${result.reason}`);
    if (result.kind === 'faults') {
      parsed.faults = result.count;
      parsed.faultText = result.text;
      parsed.blankFigures = false;
    }
  }
  if (columns.month) {
    const value = row.cells[columns.month.index] ?? null;
    const month = monthOfCell(value);
    if (month === undefined) {
      const shown = cellText(value);
      issue('month', 'invalid_month', `${columns.month.header}: '${shown}' is not a month (use e.g. 2025-10 or October 2025)`);
    } else if (month !== null && !report.columnMonths.has(month)) {
      report.columnMonths.set(month, row.number);
    }
  }
  if (parsed.blankFigures && assetNumber) {
    report.warnings.push({
      row: row.number,
      column: null,
      code: 'blank_figures',
      message: `Every figure for ${assetNumber} is blank; imported as zero`,
      assetNumber,
    });
  }
  report.rows.push(parsed);
}

function readTotals(report: ParsedReport, row: SheetRow): TotalsRow {
  const totals: TotalsRow = { row: row.number, figures: {} };
  for (const field of FIGURE_FIELDS) {
    const column = report.columns[field];
    if (!column) continue;
    const value = row.cells[column.index] ?? null;
    const result: CountResult | { kind: 'faults'; count: number } =
      field === 'faults' ? toCount(parseFaultCell(value)) : parseCount(value);
    if (result.kind === 'invalid') {
      report.warnings.push({
        row: row.number,
        column: column.header,
        code: 'totals_unreadable',
        message: `The totals row's ${column.header} cannot be checked: ${result.reason}`,
      });
    } else if (result.kind === 'count') {
      totals.figures[field] = result.value;
    }
  }
  return totals;
}

function toCount(result: ReturnType<typeof parseFaultCell>): CountResult {
  if (result.kind === 'faults') {
    if (result.text === null) return { kind: 'count', value: result.count };
    return { kind: 'invalid', reason: `'${result.text}' is not a number` };
  }
  return result;
}

function invalidCode(reason: string): string {
  if (reason.includes('negative')) return 'negative_number';
  if (reason.includes('whole number')) return 'not_whole_number';
  if (reason.includes('implausibly')) return 'number_too_large';
  return 'not_a_number';
}

/** A Month cell: a date (XLSX) or text naming one month. null when blank, undefined when unreadable. */
function monthOfCell(value: CellValue): string | null | undefined {
  if (value === null) return null;
  if (value instanceof Date) return formatMonth(value.getUTCFullYear(), value.getUTCMonth());
  const text = cellText(value);
  if (text === '') return null;
  const months = monthsInText(text);
  if (months.length === 1) return months[0];
  // A date in the month: 01/10/2025 (UK order) or 2025-10-01.
  const uk = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-\d{2}$/.exec(text);
  const [year, month] = uk ? [Number(uk[3]), Number(uk[2])] : iso ? [Number(iso[1]), Number(iso[2])] : [0, 0];
  return month >= 1 && month <= 12 ? formatMonth(year, month - 1) : undefined;
}
