const DAY_MS = 24 * 60 * 60 * 1000;

/** The date `days` before `now`, as YYYY-MM-DD (UTC). */
export function daysAgo(days: number, now: Date = new Date()): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant `days` (may be fractional) before `now`. */
export function instantDaysAgo(days: number, now: Date = new Date()): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
