import type { RagRating } from '../../cameras/camera.enums.js';
import type { FaultCategory } from '../../faults/fault.enums.js';

/** First match wins: a description naming several causes is filed under the most specific one listed first. */
const RULES: [RegExp, FaultCategory][] = [
  [
    /loss of (picture|image|video|signal)|no (picture|image|video)|picture loss|blank (screen|picture)|\blop\b/i,
    'loss_of_picture',
  ],
  [/vandal|graffiti|smashed/i, 'vandalism'],
  [/cabl|\bwiring\b|fib(re|er)/i, 'cabling'],
  [/power|electric|\bpsu\b|supply|mains/i, 'power'],
  [/\bcomms?\b|communication|network|\blink\b|transmission|connectivity/i, 'communications'],
];

export function faultCategoryFor(description: string | null): FaultCategory {
  if (!description) return 'other';
  return RULES.find(([pattern]) => pattern.test(description))?.[1] ?? 'other';
}

/** A camera that shows nothing needs repair now; anything else Kyndi reports is repaired soon. */
export function faultPriorityFor(category: FaultCategory): RagRating {
  return category === 'loss_of_picture' ? 'red' : 'amber';
}
