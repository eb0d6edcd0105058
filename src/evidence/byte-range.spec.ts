import { contentRange, parseRange } from './byte-range.js';

describe('parseRange', () => {
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=100-', { start: 100, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['bytes=990-5000', { start: 990, end: 999 }],
    ['bytes=999-999', { start: 999, end: 999 }],
    [' bytes=5-6 ', { start: 5, end: 6 }],
  ])('%s of 1000 bytes is one range', (header, range) => {
    expect(parseRange(header, 1000)).toEqual({ kind: 'range', range });
  });

  it.each([[undefined], [''], ['bytes=0-1,5-6'], ['items=0-5'], ['bytes=abc'], ['bytes=9-3'], ['bytes=-'], ['bytes=1.5-2']])(
    '%s is ignored: the whole object',
    (header) => expect(parseRange(header, 1000)).toEqual({ kind: 'whole' }),
  );

  it.each([['bytes=1000-'], ['bytes=1000-2000'], ['bytes=-0']])('%s of 1000 bytes is unsatisfiable', (header) => {
    expect(parseRange(header, 1000)).toEqual({ kind: 'unsatisfiable' });
  });

  it('formats Content-Range', () => expect(contentRange({ start: 0, end: 99 }, 1000)).toBe('bytes 0-99/1000'));
});
