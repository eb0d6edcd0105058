import { addDays, today } from '../../common/time/calendar.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The date `days` before today in London, as YYYY-MM-DD. */
export function daysAgo(days: number, now: Date = new Date()): string {
  return addDays(today(now), -days);
}

/** The instant `days` (may be fractional) before `now`. */
export function instantDaysAgo(days: number, now: Date = new Date()): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
