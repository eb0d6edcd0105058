import type { CellValue, SheetRow } from '../sheet-row.js';
import { dateFromSerial } from './number-format.js';
import { decodeEscapes, isTrue } from './workbook-parts.js';
import { unreadableXlsx, xlsxLimitExceeded, type XlsxLimits } from './xlsx-limits.js';
import type { XmlHandler } from './xml-stream.js';

export interface SheetContext {
  sheetName: string;
  sharedStrings: string[];
  /** By cell format index (`s`): whether numbers in that format are dates. */
  dateStyles: boolean[];
  date1904: boolean;
}

interface OpenCell {
  column: number;
  type: string;
  style: number;
  ref: string;
  /** Text of `<v>`: the value, a shared string index or a formula's cached result. */
  value: string | null;
  /** Text of an inline string (`<is>`), runs joined. */
  inline: string | null;
}

/**
 * Turns a worksheet's `sheetData` into rows. Cells may omit their `r` reference (then they follow the previous cell)
 * and rows theirs (then they follow the previous row). Only cells holding a value are materialised, so a row of blank
 * formatted cells out to column XFD costs what its XML costs; every row and cell element counts towards the caps,
 * blank or not. Completed rows collect in `rows` for the caller to take.
 */
export class SheetHandler implements XmlHandler {
  readonly rows: SheetRow[] = [];
  private rowCount = 0;
  private cellCount = 0;
  private inSheetData = false;
  private row: { number: number; cells: CellValue[] } | null = null;
  private lastRowNumber = 0;
  private lastColumn = -1;
  private cell: OpenCell | null = null;
  private capture: 'value' | 'inline' | null = null;
  private inInline = false;
  private inPhonetic = false;

  constructor(
    private readonly context: SheetContext,
    private readonly limits: XlsxLimits,
  ) {}

  open(name: string, attributes: Record<string, string>): void {
    if (name === 'c') this.openCell(attributes);
    else if (name === 'v') {
      if (this.cell) {
        this.capture = 'value';
        this.cell.value = '';
      }
    } else if (name === 'row') this.openRow(attributes);
    else if (name === 'is') {
      if (this.cell) {
        this.inInline = true;
        this.cell.inline = '';
      }
    } else if (name === 't') {
      if (this.inInline && !this.inPhonetic) this.capture = 'inline';
    } else if (name === 'rPh') this.inPhonetic = true;
    else if (name === 'sheetData') this.inSheetData = true;
  }

  text(text: string): void {
    if (!this.capture || !this.cell) return;
    const key = this.capture;
    const next = (this.cell[key] ?? '') + text;
    if (next.length > this.limits.maxXmlToken) {
      throw xlsxLimitExceeded('xmlToken', this.limits.maxXmlToken, `Cell ${this.cellName()} of sheet '${this.context.sheetName}' holds more text than any cell can`);
    }
    this.cell[key] = next;
  }

  close(name: string): void {
    if (name === 'c') this.closeCell();
    else if (name === 'v' || name === 't') this.capture = null;
    else if (name === 'row') this.closeRow();
    else if (name === 'is') this.inInline = false;
    else if (name === 'rPh') this.inPhonetic = false;
    else if (name === 'sheetData') this.inSheetData = false;
  }

  private openRow(attributes: Record<string, string>): void {
    if (!this.inSheetData) return;
    if (++this.rowCount > this.limits.maxRows) {
      throw xlsxLimitExceeded(
        'rows',
        this.limits.maxRows,
        `The sheet '${this.context.sheetName}' has more than ${this.limits.maxRows.toLocaleString('en-GB')} rows (blank rows included), more than a report has`,
      );
    }
    const stated = Number.parseInt(attributes.r ?? '', 10);
    const number = Number.isFinite(stated) && stated > 0 ? stated : this.lastRowNumber + 1;
    this.lastRowNumber = number;
    this.lastColumn = -1;
    this.row = { number, cells: [] };
  }

  private openCell(attributes: Record<string, string>): void {
    if (!this.row) return;
    if (++this.cellCount > this.limits.maxCells) {
      throw xlsxLimitExceeded(
        'cells',
        this.limits.maxCells,
        `The sheet '${this.context.sheetName}' has more than ${this.limits.maxCells.toLocaleString('en-GB')} cells (blank cells included), more than a report has`,
      );
    }
    const referenced = attributes.r ? columnOf(attributes.r) : undefined;
    const column = referenced ?? this.lastColumn + 1;
    this.lastColumn = column;
    const style = Number(attributes.s ?? 0);
    this.cell = { column, type: attributes.t ?? 'n', style, ref: attributes.r ?? '', value: null, inline: null };
  }

  private closeCell(): void {
    const cell = this.cell;
    this.cell = null;
    this.capture = null;
    if (!cell || !this.row) return;
    const value = this.valueOf(cell);
    if (value === null || value === '') return;
    if (cell.column >= this.limits.maxColumns) {
      throw xlsxLimitExceeded(
        'columns',
        this.limits.maxColumns,
        `Cell ${this.cellName(cell)} of sheet '${this.context.sheetName}' holds a value beyond column ` +
          `${columnName(this.limits.maxColumns - 1)}: a report may use at most ${this.limits.maxColumns} columns`,
        { cell: this.cellName(cell) },
      );
    }
    const cells = this.row.cells;
    while (cells.length < cell.column) cells.push(null);
    cells[cell.column] = value;
  }

  private closeRow(): void {
    if (this.row && this.row.cells.length > 0) this.rows.push(this.row);
    this.row = null;
  }

  private valueOf(cell: OpenCell): CellValue {
    const raw = cell.value;
    switch (cell.type) {
      case 's':
        return this.sharedString(cell, raw);
      case 'inlineStr':
        return decodeEscapes(cell.inline ?? raw ?? '');
      case 'str':
        return raw === null ? null : decodeEscapes(raw);
      case 'b':
        return raw === null || raw.trim() === '' ? null : isTrue(raw.trim());
      case 'e':
        return raw === null ? null : raw.trim();
      case 'd':
        return raw === null ? null : isoDate(raw.trim());
      default:
        return this.number(cell, raw);
    }
  }

  private sharedString(cell: OpenCell, raw: string | null): CellValue {
    if (raw === null || raw.trim() === '') return null;
    const text = this.context.sharedStrings[Number(raw)];
    if (text === undefined) {
      throw unreadableXlsx(`cell ${this.cellName(cell)} refers to shared string ${raw.trim()}, which the workbook does not have`);
    }
    return text;
  }

  private number(cell: OpenCell, raw: string | null): CellValue {
    const text = raw?.trim() ?? '';
    if (text === '') return null;
    const value = Number(text);
    if (!Number.isFinite(value)) return text;
    if (!this.context.dateStyles[cell.style]) return value;
    return dateFromSerial(value, this.context.date1904) ?? value;
  }

  private cellName(cell: OpenCell | null = this.cell): string {
    if (!cell) return '';
    return cell.ref || `${columnName(cell.column)}${this.row?.number ?? ''}`;
  }
}

/** 0-based column of a reference such as B7 or XFD2; undefined when it has no column letters. */
export function columnOf(ref: string): number | undefined {
  let column = 0;
  let index = 0;
  for (; index < ref.length; index += 1) {
    const code = ref.charCodeAt(index) | 0x20;
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
  }
  return index === 0 ? undefined : column - 1;
}

/** Column letters of a 0-based column: 0 → A, 255 → IV. */
export function columnName(column: number): string {
  let name = '';
  for (let rest = column + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    name = String.fromCharCode(0x41 + ((rest - 1) % 26)) + name;
  }
  return name;
}

function isoDate(text: string): CellValue {
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) || !text.includes('T') ? text : `${text}Z`;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? text : date;
}
