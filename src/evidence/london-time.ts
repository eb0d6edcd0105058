const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** e.g. `2025-03-30 02:15:00 BST`: the local time an officer or a court reads, with GMT/BST made explicit. */
export function formatLondon(date: Date): string;
export function formatLondon(date: Date | null): string | null;
export function formatLondon(date: Date | null): string | null {
  if (!date) return null;
  const parts = Object.fromEntries(LONDON.formatToParts(date).map((p) => [p.type, p.value]));
  const zone = parts.timeZoneName === 'GMT+1' ? 'BST' : parts.timeZoneName === 'UTC' ? 'GMT' : parts.timeZoneName;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${zone}`;
}
