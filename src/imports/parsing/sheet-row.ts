/** One spreadsheet cell as read from CSV (always text) or XLSX (typed). */
export type CellValue = string | number | boolean | Date | null;

/** One row of the sheet: `number` is the row number a person sees in their spreadsheet program (1-based). */
export interface SheetRow {
  number: number;
  cells: CellValue[];
}

/** Text of a cell as a person would read it; '' for empty. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

export function isBlankRow(row: SheetRow): boolean {
  return row.cells.every((cell) => cellText(cell) === '');
}
