import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { badRequest, DomainException } from '../../common/errors/domain-exception.js';
import type { CellValue, SheetRow } from './sheet-row.js';

interface SheetInfo {
  name: string;
  state?: string;
}

/** The sheet a report lives on: one named like "Activity", else the first visible sheet. */
export function pickSheet(sheets: SheetInfo[]): string | undefined {
  const visible = sheets.filter((sheet) => !sheet.state || sheet.state === 'visible');
  return (visible.find((sheet) => /activity/i.test(sheet.name)) ?? visible[0] ?? sheets[0])?.name;
}

const unreadable = (detail: string) =>
  badRequest(
    'unreadable_xlsx',
    `The XLSX workbook cannot be read (${detail}); save it again from the spreadsheet program or send a CSV`,
  );

/**
 * Streams the rows of the report's sheet without loading the workbook: exceljs reads the zip entry by entry, so memory
 * holds the shared strings and one row at a time. Corrupt or non-workbook zips are a 400 `unreadable_xlsx`.
 */
export async function* readXlsxRows(source: Readable): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const workbook = reader as unknown as { model?: { sheets?: SheetInfo[] } };
  const sheets = reader[Symbol.asyncIterator]();
  let read = false;
  try {
    for (;;) {
      const next = await guard(() => sheets.next());
      if (next.done) break;
      const sheet = next.value as unknown as SheetInfo & AsyncIterable<ExcelJS.Row>;
      const target = pickSheet(workbook.model?.sheets ?? []);
      if (target !== undefined ? sheet.name !== target : read) continue;
      read = true;
      const rows = sheet[Symbol.asyncIterator]();
      for (;;) {
        const row = await guard(() => rows.next());
        if (row.done) break;
        yield { number: row.value.number, cells: cellsOf(row.value) };
      }
      break;
    }
  } finally {
    source.destroy();
  }
  if (!read) throw unreadable('it has no worksheet');
}

async function guard<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof DomainException) throw error;
    throw unreadable((error as Error)?.message ?? 'invalid zip');
  }
}

function cellsOf(row: ExcelJS.Row): CellValue[] {
  const values = row.values as unknown[];
  const cells: CellValue[] = [];
  for (let index = 1; index < values.length; index += 1) cells.push(toCellValue(values[index]));
  return cells;
}

export function toCellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) {
    return value;
  }
  if (typeof value === 'object') {
    const cell = value as Record<string, unknown>;
    if (Array.isArray(cell.richText)) return (cell.richText as { text?: string }[]).map((part) => part.text ?? '').join('');
    if ('formula' in cell || 'sharedFormula' in cell) return toCellValue(cell.result);
    if (typeof cell.text === 'string') return cell.text;
    if (typeof cell.error === 'string') return cell.error;
  }
  return null;
}
