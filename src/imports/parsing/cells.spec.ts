import { parseCount, parseFaultCell } from './cells.js';
import { faultCategoryFor, faultPriorityFor } from './fault-category.js';

describe('figure cells', () => {
  it('reads whole non-negative counts from text and numbers', () => {
    expect(parseCount('12')).toEqual({ kind: 'count', value: 12 });
    expect(parseCount(' 7 ')).toEqual({ kind: 'count', value: 7 });
    expect(parseCount(3)).toEqual({ kind: 'count', value: 3 });
    expect(parseCount('1,234')).toEqual({ kind: 'count', value: 1234 });
    expect(parseCount('4.0')).toEqual({ kind: 'count', value: 4 });
  });

  it('treats blanks and dashes as not given', () => {
    for (const blank of [null, '', '  ', '-', 'n/a', 'N/A', 'none']) expect(parseCount(blank)).toEqual({ kind: 'blank' });
  });

  it('refuses non-numeric, negative, fractional and absurd values with a reason', () => {
    expect(parseCount('abc')).toEqual({ kind: 'invalid', reason: "'abc' is not a number" });
    expect(parseCount('-2')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('negative') });
    expect(parseCount(-1)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('negative') });
    expect(parseCount('2.5')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('whole number') });
    expect(parseCount(1.5)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('whole number') });
    expect(parseCount('1e3')).toMatchObject({ kind: 'invalid' });
    expect(parseCount(5_000_000)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('implausibly') });
    expect(parseCount(new Date())).toMatchObject({ kind: 'invalid' });
    expect(parseCount(true)).toMatchObject({ kind: 'invalid' });
  });

  it('reads a fault cell as a count, a description, or both', () => {
    expect(parseFaultCell('2')).toEqual({ kind: 'faults', count: 2, text: null });
    expect(parseFaultCell(0)).toEqual({ kind: 'faults', count: 0, text: null });
    expect(parseFaultCell('Loss of picture')).toEqual({ kind: 'faults', count: 1, text: 'Loss of picture' });
    expect(parseFaultCell('3 - cabling')).toEqual({ kind: 'faults', count: 3, text: 'cabling' });
    expect(parseFaultCell('2 faults')).toEqual({ kind: 'faults', count: 2, text: null });
    expect(parseFaultCell('')).toEqual({ kind: 'blank' });
    expect(parseFaultCell('-3')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('negative') });
    expect(parseFaultCell('1.5')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('whole number') });
  });

  it('keeps a description that starts with digits whole, as one fault', () => {
    for (const text of ['4G comms dropping out', '24hr recorder fault', '360 dome not rotating', '12:30 camera rebooted', '3-4 cameras offline', '24-hour recorder down']) {
      expect(parseFaultCell(text)).toEqual({ kind: 'faults', count: 1, text });
    }
    expect(parseFaultCell('  4G   comms ')).toEqual({ kind: 'faults', count: 1, text: '4G comms' });
  });

  it('reads a count before a description only in the explicit "N - text" and "N: text" forms', () => {
    expect(parseFaultCell('2 - 4G comms dropping out')).toEqual({ kind: 'faults', count: 2, text: '4G comms dropping out' });
    expect(parseFaultCell('2 – loss of picture')).toEqual({ kind: 'faults', count: 2, text: 'loss of picture' });
    expect(parseFaultCell('3: cabling')).toEqual({ kind: 'faults', count: 3, text: 'cabling' });
    expect(parseFaultCell('3 faults - cabling')).toEqual({ kind: 'faults', count: 3, text: 'cabling' });
    expect(parseFaultCell('1 fault')).toEqual({ kind: 'faults', count: 1, text: null });
    expect(parseFaultCell(4)).toEqual({ kind: 'faults', count: 4, text: null });
  });

  it('files fault descriptions under a category', () => {
    expect(faultCategoryFor('Loss of picture')).toBe('loss_of_picture');
    expect(faultCategoryFor('no video since 3rd')).toBe('loss_of_picture');
    expect(faultCategoryFor('Cabling damaged')).toBe('cabling');
    expect(faultCategoryFor('Power supply failed')).toBe('power');
    expect(faultCategoryFor('Comms down')).toBe('communications');
    expect(faultCategoryFor('communications link lost')).toBe('communications');
    expect(faultCategoryFor('Vandalised housing')).toBe('vandalism');
    expect(faultCategoryFor('Lens dirty')).toBe('other');
    expect(faultCategoryFor(null)).toBe('other');
    expect(faultPriorityFor('loss_of_picture')).toBe('red');
    expect(faultPriorityFor('cabling')).toBe('amber');
  });
});
