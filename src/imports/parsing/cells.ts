import { type CellValue, cellText } from './sheet-row.js';

export type CountResult = { kind: 'count'; value: number } | { kind: 'blank' } | { kind: 'invalid'; reason: string };

/** Cells people use to mean "nothing": blank, a dash, n/a. */
const NOTHING = /^(-|–|—|n\/?a|none|nil)$/i;
/** 1,234 (thousands separators) */
const THOUSANDS = /^-?\d{1,3}(,\d{3})+$/;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

/** A whole, non-negative count; blank means not given. */
export function parseCount(value: CellValue): CountResult {
  if (value === null || value === undefined) return { kind: 'blank' };
  if (typeof value === 'number') return checkCount(value, String(value));
  if (typeof value === 'boolean' || value instanceof Date) {
    return { kind: 'invalid', reason: `'${cellText(value)}' is not a number` };
  }
  const text = value.trim();
  if (text === '' || NOTHING.test(text)) return { kind: 'blank' };
  const plain = THOUSANDS.test(text) ? text.replace(/,/g, '') : text;
  if (!NUMBER.test(plain)) return { kind: 'invalid', reason: `'${text}' is not a number` };
  return checkCount(Number(plain), text);
}

function checkCount(value: number, shown: string): CountResult {
  if (!Number.isFinite(value)) return { kind: 'invalid', reason: `'${shown}' is not a number` };
  if (value < 0) return { kind: 'invalid', reason: `'${shown}' is negative; counts must be 0 or more` };
  if (!Number.isInteger(value)) return { kind: 'invalid', reason: `'${shown}' is not a whole number` };
  if (value > 1_000_000) return { kind: 'invalid', reason: `'${shown}' is implausibly large for one camera in a month` };
  return { kind: 'count', value };
}

export type FaultCellResult =
  | { kind: 'faults'; count: number; text: string | null }
  | { kind: 'blank' }
  | { kind: 'invalid'; reason: string };

/**
 * The explicit forms that put a count before a description: "3 - cabling", "3 – cabling", "3: cabling",
 * "3 faults - cabling". The separator needs a space beside it, so "24-hour recorder down" or "12:30 rebooted" stay text.
 */
const COUNT_THEN_TEXT = /^(\d+)(?:\s*faults?)?(?:\s+[-–—]\s*|\s*[-–—]\s+|\s*:\s+)(.+)$/i;
/** "2 faults", "1 fault" */
const COUNT_OF_FAULTS = /^(\d+)\s*faults?$/i;

/**
 * The Faults column holds a count ("2"), a description ("Loss of picture") or both ("2 - cabling").
 * A count is read only from a number or the explicit forms above; any other text, even one starting with digits
 * ("4G comms dropping out", "360 dome not rotating"), is one fault with that description.
 */
export function parseFaultCell(value: CellValue): FaultCellResult {
  const count = parseCount(value);
  if (count.kind === 'blank') return { kind: 'blank' };
  if (count.kind === 'count') return { kind: 'faults', count: count.value, text: null };
  if (typeof value !== 'string') return count;
  const text = value.trim().replace(/\s+/g, ' ');
  if (/^[-+]?\d*\.?\d+$/.test(text.replace(/,/g, ''))) return count;
  const counted = COUNT_OF_FAULTS.exec(text);
  if (counted) return { kind: 'faults', count: Number(counted[1]), text: null };
  const combined = COUNT_THEN_TEXT.exec(text);
  if (combined) return { kind: 'faults', count: Number(combined[1]), text: combined[2].slice(0, 500) };
  return { kind: 'faults', count: 1, text: text.slice(0, 500) };
}
