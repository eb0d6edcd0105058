import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { DomainException } from '../../common/errors/domain-exception.js';
import { detectDelimiter, readCsvRows, typicalWidth } from './csv-rows.js';
import { detectFileKind } from './file-type.js';
import type { SheetRow } from './sheet-row.js';
import { pickSheet, readXlsxRows } from './xlsx-rows.js';

async function collect(rows: AsyncIterable<SheetRow>): Promise<SheetRow[]> {
  const all: SheetRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

/** Feeds the bytes in small chunks, as a network stream would, so multi-byte characters split across chunks. */
function chunked(bytes: Buffer, size = 7): AsyncIterable<Buffer> {
  return Readable.from((function* () {
    for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
  })());
}

async function caught(promise: Promise<unknown>): Promise<DomainException> {
  try {
    await promise;
  } catch (error) {
    return error as DomainException;
  }
  throw new Error('expected a failure');
}

describe('CSV rows', () => {
  it('reads a semicolon CSV with a BOM, CRLF line ends and quoted fields, numbering rows as a spreadsheet does', async () => {
    const text = '\uFEFFTitle;\r\n\r\nCamera;Incidents;Faults\r\nMC-1;3;"Loss; of picture"\r\n"MC-2";0;"two\r\nlines"\r\nMC-3;1;\r\n';
    const rows = await collect(readCsvRows(chunked(Buffer.from(text))));
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0].cells).toEqual(['Title', '']);
    expect(rows[2].cells).toEqual(['Camera', 'Incidents', 'Faults']);
    expect(rows[3].cells).toEqual(['MC-1', '3', 'Loss; of picture']);
    expect(rows[4].cells).toEqual(['MC-2', '0', 'two\r\nlines']);
  });

  it('reads a comma CSV with LF and keeps non-ASCII text intact across chunk boundaries', async () => {
    const rows = await collect(readCsvRows(chunked(Buffer.from('Camera,Faults\nMC-1,"Câble coupé, réparé"\n'), 3)));
    expect(rows[1].cells).toEqual(['MC-1', 'Câble coupé, réparé']);
  });

  it('decodes Windows-1252 when asked (Excel "CSV" exports)', async () => {
    const bytes = Buffer.from([...Buffer.from('Camera,Faults\nMC-1,'), 0xa3, 0x35, 0x0a]); // £5
    const rows = await collect(readCsvRows(chunked(bytes), 'windows-1252'));
    expect(rows[1].cells).toEqual(['MC-1', '£5']);
  });

  it('detects the delimiter from the lines that hold the most of it, ignoring quoted text', () => {
    expect(detectDelimiter('Camera;Incidents;Arrests\nMC-1;1;2\n')).toBe(';');
    expect(detectDelimiter('Camera,Incidents,Arrests\n"MC;1",1,2\n')).toBe(',');
    expect(detectDelimiter('Report, October 2025\nCamera;Incidents;Arrests;Hits\nA;1;2;3\n')).toBe(';');
  });

  it('finds the typical row width, counting quoted delimiters and line breaks as text', () => {
    expect(typicalWidth('Title\n\nCamera,Incidents,Arrests\nA,1,2\nB,"3,4",5\n', ',')).toBe(3);
    expect(typicalWidth('Camera;Notes\nA;"two\nlines; here"\nB;x\n', ';')).toBe(2);
    expect(typicalWidth('', ',')).toBe(1);
  });

  it('refuses a CSV with an unclosed quote with a 422 naming the line', async () => {
    const error = await caught(collect(readCsvRows(chunked(Buffer.from('Camera,Incidents\nMC-1,1\n"MC-2,3\n')))));
    expect(error).toBeInstanceOf(DomainException);
    expect(error).toMatchObject({ code: 'malformed_csv', statusCode: 422 });
    expect(error.message).toContain('line 3');
  });
});

describe('XLSX rows', () => {
  async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    build(wb);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads the first sheet with typed cells, rich text and formula results', async () => {
    const bytes = await workbook((wb) => {
      const sheet = wb.addWorksheet('Sheet1');
      sheet.addRow(['Activity report October 2025']);
      sheet.addRow([]);
      sheet.addRow(['Camera', 'Incidents', 'Month']);
      sheet.addRow([{ richText: [{ text: 'MC-' }, { text: '1' }] }, 4, new Date(Date.UTC(2025, 9, 1))]);
      sheet.addRow(['MC-2', { formula: '1+1', result: 2 }]);
      wb.addWorksheet('Notes').addRow(['ignored']);
    });
    const rows = await collect(readXlsxRows(bytes));
    expect(rows.map((r) => r.number)).toEqual([1, 3, 4, 5]);
    expect(rows[0].cells).toEqual(['Activity report October 2025']);
    expect(rows[2].cells[0]).toBe('MC-1');
    expect(rows[2].cells[1]).toBe(4);
    expect((rows[2].cells[2] as Date).toISOString()).toBe('2025-10-01T00:00:00.000Z');
    expect(rows[3].cells).toEqual(['MC-2', 2]);
  });

  it('prefers a sheet named like "Activity" over the first sheet', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('Cover').addRow(['Kyndi monthly pack']);
      wb.addWorksheet('Camera Activity').addRow(['Camera', 'Incidents']);
    });
    const rows = await collect(readXlsxRows(bytes));
    expect(rows[0].cells).toEqual(['Camera', 'Incidents']);
    expect(pickSheet([{ name: 'Cover' }, { name: 'Hidden', state: 'hidden' }])).toBe('Cover');
    expect(pickSheet([{ name: 'Hidden', state: 'hidden' }, { name: 'Data' }])).toBe('Data');
  });

  it('refuses a corrupt workbook with a 400 unreadable_xlsx', async () => {
    const bytes = await workbook((wb) => wb.addWorksheet('A').addRow(['Camera', 'Incidents']));
    const corrupt = Buffer.concat([bytes.subarray(0, 30), Buffer.alloc(200, 0x41), bytes.subarray(230)]);
    const error = await caught(collect(readXlsxRows(corrupt)));
    expect(error).toMatchObject({ code: 'unreadable_xlsx', statusCode: 400 });
  });

  it('refuses a zip that holds no worksheet', async () => {
    const truncated = (await workbook((wb) => wb.addWorksheet('A'))).subarray(0, 60);
    const error = await caught(collect(readXlsxRows(truncated)));
    expect(error).toMatchObject({ code: 'unreadable_xlsx', statusCode: 400 });
  });
});

describe('file type sniffing', () => {
  const text = Buffer.from('Camera,Incidents\n');
  const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);

  it('takes CSV from text and XLSX from a zip, by content', () => {
    expect(detectFileKind('report.csv', text, text.length)).toBe('csv');
    expect(detectFileKind('report.CSV', text, text.length)).toBe('csv');
    expect(detectFileKind('report.xlsx', zip, 5000)).toBe('xlsx');
    expect(detectFileKind('report', zip, 5000)).toBe('xlsx');
  });

  it('refuses other types with 415 and a reason', () => {
    expect(() => detectFileKind('report.pdf', Buffer.from('%PDF-1.4'), 8)).toThrow(expect.objectContaining({ statusCode: 415 }));
    expect(() => detectFileKind('report.csv', Buffer.from('%PDF-1.4'), 8)).toThrow(/PDF/);
    expect(() => detectFileKind('report.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0]), 5)).toThrow(/\.xls workbook/);
    expect(() => detectFileKind('report.csv', zip, 5000)).toThrow(/zip archive/);
    expect(() => detectFileKind('report.csv', Buffer.from([0x41, 0, 0x42]), 3)).toThrow(/binary/);
  });

  it('refuses empty files with 400 and a .xlsx that is not a zip as unreadable', () => {
    expect(() => detectFileKind('report.csv', Buffer.alloc(0), 0)).toThrow(expect.objectContaining({ code: 'empty_file', statusCode: 400 }));
    expect(() => detectFileKind('report.csv', Buffer.from('\uFEFF\r\n ; \n'), 9)).toThrow(expect.objectContaining({ code: 'empty_file' }));
    expect(() => detectFileKind('report.xlsx', text, text.length)).toThrow(expect.objectContaining({ code: 'unreadable_xlsx', statusCode: 400 }));
  });
});
