import { today } from '../common/time/calendar.js';

/** Months are `YYYY-MM` strings throughout the API; these helpers keep the arithmetic in one place. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const LONG_MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

export function isMonth(value: string): boolean {
  return MONTH_PATTERN.test(value);
}

export function formatMonth(year: number, monthIndex: number): string {
  const date = new Date(Date.UTC(year, monthIndex, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function addMonths(month: string, count: number): string {
  const [year, index] = split(month);
  return formatMonth(year, index + count);
}

/** Inclusive list of months from `from` to `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

export function monthCount(from: string, to: string): number {
  const [fromYear, fromIndex] = split(from);
  const [toYear, toIndex] = split(to);
  return (toYear - fromYear) * 12 + (toIndex - fromIndex) + 1;
}

/** "October 2025" */
export function monthLabel(month: string): string {
  const [year, index] = split(month);
  return `${LONG_MONTH_NAMES[index]} ${year}`;
}

/** First day of the month as YYYY-MM-DD. */
export function firstDay(month: string): string {
  return `${month}-01`;
}

/** Last day of the month as YYYY-MM-DD. */
export function lastDay(month: string): string {
  const [year, index] = split(month);
  return new Date(Date.UTC(year, index + 1, 0)).toISOString().slice(0, 10);
}

export function monthOfDate(date: string): string {
  return date.slice(0, 7);
}

/** Today's date in the council's time zone as { date: YYYY-MM-DD, month: YYYY-MM, day }. */
export function londonToday(now: Date = new Date()): { date: string; month: string; day: number } {
  const date = today(now);
  return { date, month: date.slice(0, 7), day: Number(date.slice(8, 10)) };
}

const NAME =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|' +
  'sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
/** "October 2025", "Oct 2025", "Oct-25", "Sept. 2025"; not when a day precedes it ("3 November 2025" is a date). */
const NAMED_MONTH = new RegExp(`(?<!\\d(?:st|nd|rd|th)?\\s{0,3})\\b${NAME}\\.?[\\s,/'-]{0,3}(\\d{4}|\\d{2})\\b`, 'gi');
/** "2025-10" or "2025/10", but not a full date "2025-10-31". */
const ISO_MONTH = /\b(\d{4})[-/](0[1-9]|1[0-2])\b(?![-/]\d)/g;
/** "10/2025" */
const NUMERIC_MONTH = /(?<![\d/.-])(0?[1-9]|1[0-2])\/(\d{4})\b/g;

/** Every distinct month named in a piece of text such as a report title. */
export function monthsInText(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(NAMED_MONTH)) {
    const year = match[2].length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
    found.add(formatMonth(year, MONTH_NAMES.indexOf(match[1].slice(0, 3).toLowerCase())));
  }
  for (const match of text.matchAll(ISO_MONTH)) found.add(formatMonth(Number(match[1]), Number(match[2]) - 1));
  for (const match of text.matchAll(NUMERIC_MONTH)) found.add(formatMonth(Number(match[2]), Number(match[1]) - 1));
  return [...found];
}

function split(month: string): [number, number] {
  return [Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1];
}
