export type CsvValue = string | number | readonly string[] | null | undefined;

/** Characters that make a spreadsheet treat a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell, safe to open in a spreadsheet: text that a spreadsheet would run as a formula is prefixed with a single
 * quote, and cells holding a delimiter (comma or semicolon), quote or line break are quoted with inner quotes doubled
 * (RFC 4180). Numbers are written as numbers (a negative number is data, not a formula); lists are joined with `;`.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = Array.isArray(value) ? value.join(';') : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Rows as CSV with CRLF line ends (RFC 4180), the form spreadsheet programs expect. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map(csvLine).join('');
}

/** Undoes csvCell's formula guard, so a file exported from here imports back unchanged. */
export function stripFormulaGuard(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
