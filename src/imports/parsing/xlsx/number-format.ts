/**
 * Built-in number formats that show a date or time: 14-22 (m/d/yyyy ... m/d/yyyy h:mm), 45-47 (mm:ss ...) and the
 * East Asian date formats 27-36 and 50-58.
 */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a cell with this number format shows its number as a date (so the number is a date serial). */
export function isDateFormat(id: number, code: string | undefined): boolean {
  if (code === undefined) return BUILT_IN_DATE_FORMATS.has(id);
  return isDateFormatCode(code);
}

/**
 * A custom format code is a date when, outside quoted text, escaped characters, fills/padding and bracketed sections
 * (colours, conditions, locales such as [$-809]), it uses day, month, year, hour or second placeholders. Elapsed times
 * ([h]:mm) count too. Only the first section (positive numbers) matters.
 */
export function isDateFormatCode(code: string): boolean {
  const firstSection = code.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/)[0];
  const elapsed = /\[(h+|m+|s+)\]/i.test(firstSection);
  const bare = firstSection
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return elapsed || (!/^general$/i.test(bare.trim()) && /[dmyhs]/i.test(bare));
}

const DAY_MS = 86_400_000;

/**
 * The date a serial number stands for. 1900 system: day 1 is 1900-01-01 and Excel counts a 29 February 1900 that never
 * was, so serials from 61 are one day ahead. 1904 system (old Mac workbooks): day 0 is 1904-01-01. Times are the
 * fraction of the day, kept to the millisecond. Dates are UTC (a cell has no time zone).
 */
export function dateFromSerial(serial: number, date1904: boolean): Date | null {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2_958_465) return null;
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : serial < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.round(serial * DAY_MS));
}
