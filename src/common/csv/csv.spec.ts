import { csvCell, stripFormulaGuard, toCsv } from './csv.js';

describe('CSV output', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+44 1634')).toBe("'+44 1634");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('MC-001')).toBe('MC-001');
  });

  it('quotes delimiters, quotes and line breaks and writes numbers plainly', () => {
    expect(csvCell('Chatham Central & Brompton')).toBe('Chatham Central & Brompton');
    expect(csvCell('Cuxton, Halling')).toBe('"Cuxton, Halling"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(toCsv([['a', 1], ['b', null]])).toBe('a,1\r\nb,\r\n');
  });

  it('joins lists, blanks non-finite numbers, and strips its own guard on the way back in', () => {
    expect(csvCell(['one', 'two'])).toBe('"one;two"');
    expect(csvCell(Number.NaN)).toBe('');
    expect(stripFormulaGuard(csvCell('=1+1'))).toBe('=1+1');
    expect(stripFormulaGuard("'plain")).toBe("'plain");
  });
});
