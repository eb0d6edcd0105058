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

/** "2 faults", "3 - cabling" */
const COUNT_AND_TEXT = /^(\d+)\s*(?:[-–:,x×]\s*)?(.*)$/i;

/**
 * The Faults column holds a count ("2"), a description ("Loss of picture") or both ("2 - cabling").
 * A description alone counts as one fault.
 */
export function parseFaultCell(value: CellValue): FaultCellResult {
  const count = parseCount(value);
  if (count.kind === 'blank') return { kind: 'blank' };
  if (count.kind === 'count') return { kind: 'faults', count: count.value, text: null };
  if (typeof value !== 'string') return count;
  const text = value.trim().replace(/\s+/g, ' ');
  if (/^[-+]?\d*\.?\d+$/.test(text.replace(/,/g, ''))) return count;
  const combined = COUNT_AND_TEXT.exec(text);
  if (combined && combined[2] !== '') {
    const description = /^faults?$/i.test(combined[2]) ? null : combined[2];
    return { kind: 'faults', count: Number(combined[1]), text: description };
  }
  return { kind: 'faults', count: 1, text: text.slice(0, 500) };
}
