import { DomainException } from '../../../common/errors/domain-exception.js';
import { inlineRows, MAIN_NS, simpleWorkbook, zip } from '../../../../test/imports/xlsx-builder.js';
import type { SheetRow } from '../sheet-row.js';
import { readXlsxRows } from '../xlsx-rows.js';
import { dateFromSerial, isDateFormat, isDateFormatCode } from './number-format.js';
import { columnName, columnOf } from './sheet-handler.js';
import { resolveTarget } from './workbook-parts.js';
import { XLSX_LIMITS, type XlsxLimits } from './xlsx-limits.js';

async function rowsOf(bytes: Buffer, limits: Partial<XlsxLimits> = {}): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of readXlsxRows(bytes, { ...XLSX_LIMITS, ...limits })) rows.push(row);
  return rows;
}

async function refusal(bytes: Buffer, limits: Partial<XlsxLimits> = {}): Promise<DomainException> {
  try {
    await rowsOf(bytes, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainException);
    return error as DomainException;
  }
  throw new Error('expected a refusal');
}

const DATE_STYLES = `<styleSheet xmlns="${MAIN_NS}"><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>`;

describe('XLSX number formats and dates', () => {
  it('recognises built-in date formats and custom codes with day, month, year or time placeholders', () => {
    for (const id of [14, 15, 17, 22, 45]) expect(isDateFormat(id, undefined)).toBe(true);
    for (const id of [0, 1, 2, 10, 49]) expect(isDateFormat(id, undefined)).toBe(false);
    for (const code of ['dd/mm/yyyy', 'mmm\\ yyyy', '[$-809]dd mmmm yyyy;@', 'd/m/yy h:mm', '[h]:mm:ss', 'yyyy-mm-dd', 'MMM YYYY']) {
      expect(isDateFormatCode(code)).toBe(true);
    }
    for (const code of ['General', '0.00', '#,##0 "days"', '[Red]0;[Blue]-0', '0.00E+00', '@', '#,##0_);(#,##0)', '£#,##0']) {
      expect(isDateFormatCode(code)).toBe(false);
    }
  });

  it('turns serials into UTC dates in the 1900 system (with its phantom 29 February) and the 1904 system', () => {
    expect(dateFromSerial(45931, false)?.toISOString()).toBe('2025-10-01T00:00:00.000Z');
    expect(dateFromSerial(45931.75, false)?.toISOString()).toBe('2025-10-01T18:00:00.000Z');
    expect(dateFromSerial(1, false)?.toISOString()).toBe('1900-01-01T00:00:00.000Z');
    expect(dateFromSerial(59, false)?.toISOString()).toBe('1900-02-28T00:00:00.000Z');
    expect(dateFromSerial(61, false)?.toISOString()).toBe('1900-03-01T00:00:00.000Z');
    expect(dateFromSerial(44469, true)?.toISOString()).toBe('2025-10-01T00:00:00.000Z');
    expect(dateFromSerial(-1, false)).toBeNull();
  });

  it('reads column letters and resolves relationship targets, relative and absolute', () => {
    expect([columnOf('A1'), columnOf('z9'), columnOf('AA3'), columnOf('IV2'), columnOf('XFD1048576'), columnOf('12')]).toEqual([0, 25, 26, 255, 16383, undefined]);
    expect([columnName(0), columnName(25), columnName(26), columnName(255), columnName(16383)]).toEqual(['A', 'Z', 'AA', 'IV', 'XFD']);
    expect(resolveTarget('xl/workbook.xml', 'worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolveTarget('xl/workbook.xml', '/xl/worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolveTarget('xl/workbook.xml', './worksheets/../worksheets/My%20Sheet.xml')).toBe('xl/worksheets/My Sheet.xml');
    expect(resolveTarget('', 'xl/workbook.xml')).toBe('xl/workbook.xml');
  });
});

describe('XLSX cells', () => {
  it('reads every cell type: shared, inline (rich) and formula strings, numbers, booleans, errors, ISO and serial dates', async () => {
    const sheetData =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>Loss </t></r><r><t xml:space="preserve">of picture</t></r></is></c>' +
      '<c r="C1" t="str"><f>A1&amp;"!"</f><v>MC-1!</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#DIV/0!</v></c>' +
      '<c r="F1" t="d"><v>2025-10-01T00:00:00</v></c><c r="G1" s="1"><v>45931</v></c><c r="H1" s="2"><v>45962</v></c><c r="I1"><v>7</v></c>' +
      '<c r="J1" t="s"><v>1</v></c><c r="K1"><f>1+1</f></c></row>';
    const rows = await rowsOf(simpleWorkbook({ sheetData, sharedStrings: ['MC-1', 'line_x000D_\nbreak'], styles: DATE_STYLES }));
    expect(rows).toEqual([
      {
        number: 1,
        cells: [
          'MC-1',
          'Loss of picture',
          'MC-1!',
          true,
          '#DIV/0!',
          new Date('2025-10-01T00:00:00Z'),
          new Date('2025-10-01T00:00:00Z'),
          new Date('2025-11-01T00:00:00Z'),
          7,
          'line\r\nbreak',
        ],
      },
    ]);
  });

  it('places cells without r after the previous one, rows without r after the previous row, and skips blank rows', async () => {
    const sheetData =
      '<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c><c r="D4"><v>4</v></c><c><v>5</v></c></row>' +
      '<row r="9"><c r="A9" s="1"/></row><row r="10"><c r="A10" t="s"><v>0</v></c></row>';
    const rows = await rowsOf(simpleWorkbook({ sheetData, sharedStrings: [''] }));
    expect(rows).toEqual([
      { number: 3, cells: [null, 1, 2] },
      { number: 4, cells: [3, null, null, 4, 5] },
    ]);
  });

  it('reads dates in a 1904 workbook and skips chartsheets when choosing the sheet', async () => {
    const rels = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const bytes = zip([
      { name: 'xl/workbook.xml', data: `<workbook xmlns="${MAIN_NS}" xmlns:r="${rels}"><workbookPr date1904="1"/><sheets><sheet name="Chart" sheetId="1" r:id="c1"/><sheet name="Data" sheetId="2" r:id="s1"/></sheets></workbook>` },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="c1" Type="${rels}/chartsheet" Target="chartsheets/sheet1.xml"/><Relationship Id="s1" Type="${rels}/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>`,
      },
      { name: 'xl/chartsheets/sheet1.xml', data: `<chartsheet xmlns="${MAIN_NS}"/>` },
      { name: 'xl/styles.xml', data: DATE_STYLES },
      { name: 'xl/worksheets/data.xml', data: `<worksheet xmlns="${MAIN_NS}"><sheetData><row r="1"><c r="A1" s="2"><v>44469</v></c></row></sheetData></worksheet>` },
    ]);
    expect(await rowsOf(bytes)).toEqual([{ number: 1, cells: [new Date('2025-10-01T00:00:00Z')] }]);
  });
});

describe('XLSX limits and damage', () => {
  const report = (rows: number) => simpleWorkbook({ sheetData: inlineRows(Array.from({ length: rows }, (_, i) => [`MC-${i}`, i])) });

  it('refuses a sheet over the row, cell or column caps with 422 xlsx_limit_exceeded naming the limit', async () => {
    expect(await refusal(report(11), { maxRows: 10 })).toMatchObject({ statusCode: 422, code: 'xlsx_limit_exceeded', details: { limit: 'rows', max: 10 } });
    expect(await refusal(report(11), { maxCells: 20 })).toMatchObject({ statusCode: 422, details: { limit: 'cells', max: 20 } });
    const wide = await refusal(simpleWorkbook({ sheetData: '<row r="1"><c r="A1"><v>1</v></c><c r="K1"><v>2</v></c></row>' }), { maxColumns: 10 });
    expect(wide).toMatchObject({ statusCode: 422, details: { limit: 'columns', max: 10, cell: 'K1' } });
    expect(wide.message).toContain('beyond column J');
    // Blank formatted cells beyond the cap are skipped, not refused.
    expect(await rowsOf(simpleWorkbook({ sheetData: '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="1"/></row>' }), { maxColumns: 10 })).toEqual([{ number: 1, cells: [1] }]);
  });

  it('refuses too many shared strings, too much shared text and over-long XML tokens with 422', async () => {
    const strings = (count: number, length = 4) => simpleWorkbook({ sheetData: '', sharedStrings: Array.from({ length: count }, (_, i) => `${i}`.padStart(length, '0')) });
    expect(await refusal(strings(6), { maxSharedStrings: 5 })).toMatchObject({ statusCode: 422, details: { limit: 'sharedStrings', max: 5 } });
    expect(await refusal(strings(3, 40), { maxSharedStringChars: 100 })).toMatchObject({ statusCode: 422, details: { limit: 'sharedStringChars', max: 100 } });
    const long = await refusal(simpleWorkbook({ sheetData: '', sharedStrings: ['x'.repeat(400 * 1024)] }));
    expect(long).toMatchObject({ statusCode: 422, details: { limit: 'xmlToken', part: 'xl/sharedStrings.xml' } });
    const longAttribute = await refusal(simpleWorkbook({ sheetData: `<row r="1" note="${'y'.repeat(400 * 1024)}"/>` }));
    expect(longAttribute).toMatchObject({ statusCode: 422, details: { limit: 'xmlToken', part: 'xl/worksheets/sheet1.xml' } });
    const longInline = await refusal(simpleWorkbook({ sheetData: `<row r="1"><c r="A1" t="inlineStr"><is>${'<r><t>xxxxxxxx</t></r>'.repeat(40_000)}</is></c></row>` }));
    expect(longInline).toMatchObject({ statusCode: 422, details: { limit: 'xmlToken' } });
  });

  it('refuses a workbook expanding beyond the budget, or a part beyond its own cap, with 413 before inflating it', async () => {
    const big = report(2000);
    expect(await refusal(big, { maxExpandedBytes: 50_000 })).toMatchObject({ statusCode: 413, code: 'xlsx_too_large', details: { limit: 'expandedBytes', max: 50_000 } });
    const styles = `<styleSheet xmlns="${MAIN_NS}"><cellXfs>${'<xf numFmtId="0"/>'.repeat(2000)}</cellXfs></styleSheet>`;
    expect(await refusal(simpleWorkbook({ sheetData: '', styles }), { maxMetadataPartBytes: 10_000 })).toMatchObject({
      statusCode: 413,
      details: { limit: 'expandedBytes', max: 10_000, part: 'xl/styles.xml' },
    });
    expect(await refusal(simpleWorkbook({ sheetData: '', styles }), { maxStyles: 100 })).toMatchObject({ statusCode: 422, details: { limit: 'styles' } });
    const ratio = await refusal(big, { ratioCheckedFromBytes: 1000, maxCompressionRatio: 2 });
    expect(ratio).toMatchObject({ statusCode: 413, details: { limit: 'compressionRatio', max: 2, part: 'xl/worksheets/sheet1.xml' } });
  });

  it('refuses damage with 400 unreadable_xlsx: a bad checksum, malformed XML, a DOCTYPE, deep nesting, a missing shared string', async () => {
    const sheet = `<worksheet xmlns="${MAIN_NS}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`;
    const tampered = zip([
      { name: 'xl/workbook.xml', data: `<workbook xmlns="${MAIN_NS}"><sheets><sheet name="A" sheetId="1"/></sheets></workbook>` },
      { name: 'xl/worksheets/sheet1.xml', data: sheet.replace('<v>1</v>', '<v>9</v>'), deflated: { size: sheet.length, crc: 0 }, store: true },
    ]);
    expect((await refusal(tampered)).message).toContain('checksum');
    const bad = async (sheetEntry: string, text: string) => {
      const error = await refusal(simpleWorkbook({ sheetEntry: { data: sheetEntry } }));
      expect(error).toMatchObject({ statusCode: 400, code: 'unreadable_xlsx' });
      expect(error.message).toContain(text);
    };
    await bad(`<worksheet xmlns="${MAIN_NS}"><sheetData><row></sheetData></worksheet>`, 'not well-formed');
    await bad(`<!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet xmlns="${MAIN_NS}"/>`, 'DOCTYPE');
    await bad(`<worksheet xmlns="${MAIN_NS}">${'<a>'.repeat(100)}`, 'deeper than 64');
    await bad(`<worksheet xmlns="${MAIN_NS}"><sheetData><row r="1"><c r="A1" t="s"><v>5</v></c></row></sheetData></worksheet>`, 'shared string 5');
    expect((await refusal(zip([{ name: 'notes.txt', data: 'hello' }]))).message).toContain('no workbook part');
    const noSheet = zip([{ name: 'xl/workbook.xml', data: `<workbook xmlns="${MAIN_NS}"><sheets/></workbook>` }]);
    expect((await refusal(noSheet)).message).toContain('no worksheet');
    expect((await refusal(Buffer.from('PK\u0003\u0004 not really a zip'))).message).toContain('not a zip');
  });

  it('reads a workbook without package relationships, with the workbook at its conventional name and UTF-16 parts', async () => {
    const utf16 = (xml: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    const good = zip([
      { name: 'xl/workbook.xml', data: utf16(`<?xml version="1.0" encoding="UTF-16"?><workbook xmlns="${MAIN_NS}"><sheets><sheet name="Données" sheetId="1"/></sheets></workbook>`) },
      { name: 'xl/worksheets/sheet1.xml', data: `<worksheet xmlns="${MAIN_NS}"><sheetData>${inlineRows([['Café & co', 3]])}</sheetData></worksheet>` },
    ]);
    expect(await rowsOf(good)).toEqual([{ number: 1, cells: ['Café & co', 3] }]);
  });
});
