import type { DomainException } from '../../common/errors/domain-exception.js';
import { checkReport, type EstateCamera } from './report-checker.js';
import { resolveReportMonth } from './report-month.js';
import { parseReport } from './report-parser.js';
import type { CellValue, SheetRow } from './sheet-row.js';

async function* sheet(rows: CellValue[][]): AsyncGenerator<SheetRow> {
  for (const [index, cells] of rows.entries()) yield { number: index + 1, cells };
}
const parse = (rows: CellValue[][], maxRows = 1000) => parseReport(sheet(rows), { maxRows });

async function failure(promise: Promise<unknown>): Promise<DomainException> {
  try {
    await promise;
  } catch (error) {
    return error as DomainException;
  }
  throw new Error('expected a failure');
}

const estate: EstateCamera[] = [
  { id: 'c1', assetNumber: 'MC-001', status: 'operational' },
  { id: 'c2', assetNumber: 'MC-002', status: 'faulty' },
  { id: 'c3', assetNumber: 'MC-003', status: 'offline' },
  { id: 'c4', assetNumber: 'MC-004', status: 'decommissioned' },
  { id: 'c5', assetNumber: 'RDC-01', status: 'in_stock' },
];

describe('report parsing', () => {
  it('finds the header below title rows with aliases, and the month in the title', async () => {
    const report = await parse([
      ['Kyndi CCTV', null],
      ['Activity report October 2025'],
      [],
      ['Camera No.', 'INCIDENTS', 'arrests', 'Hits', 'Fault', 'Location'],
      ['MC-001', '3', 1, '', 'Loss of picture', 'High St'],
      ['mc-002 ', 0, 0, 2, '2', 'Station'],
    ]);
    expect(report.headerRow).toBe(4);
    expect(report.columns.camera).toEqual({ index: 0, header: 'Camera No.' });
    expect(report.columns.faults).toEqual({ index: 4, header: 'Fault' });
    expect(report.titleMonths).toEqual(['2025-10']);
    expect(report.rows).toEqual([
      { row: 5, assetNumber: 'MC-001', incidents: 3, arrests: 1, hits: 0, faults: 1, faultText: 'Loss of picture', blankFigures: false },
      { row: 6, assetNumber: 'mc-002', incidents: 0, arrests: 0, hits: 2, faults: 2, faultText: null, blankFigures: false },
    ]);
    expect(report.errors).toEqual([]);
  });

  it('takes the month from a "Month" label in the title rows with the month or a date in the next cell', async () => {
    const header = ['Camera', 'Incidents', 'Arrests'];
    const dated = await parse([['Kyndi activity report'], ['Month', new Date(Date.UTC(2025, 9, 1))], header, ['MC-001', 1, 0]]);
    expect(dated.titleMonths).toEqual(['2025-10']);
    const spaced = await parse([['Report month:', null, '01/11/2025'], header, ['MC-001', 1, 0]]);
    expect(spaced.titleMonths).toEqual(['2025-11']);
    const named = await parse([['Month', 'September 2025'], header, ['MC-001', 1, 0]]);
    expect(named.titleMonths).toEqual(['2025-09']);
    const unlabelled = await parse([['Printed', new Date(Date.UTC(2025, 11, 3))], header, ['MC-001', 1, 0]]);
    expect(unlabelled.titleMonths).toEqual([]);
  });

  it('records per-cell errors with the spreadsheet row and the column as headed in the file', async () => {
    const report = await parse([
      ['Asset No', 'Incidents', 'Arrests', 'Hits'],
      ['MC-001', 'lots', '-1', '2.5'],
      ['', 1, 1, 1],
    ]);
    expect(report.errors).toEqual([
      { row: 2, column: 'Incidents', code: 'not_a_number', message: "Incidents: 'lots' is not a number", assetNumber: 'MC-001' },
      { row: 2, column: 'Arrests', code: 'negative_number', message: expect.stringContaining('negative'), assetNumber: 'MC-001' },
      { row: 2, column: 'Hits', code: 'not_whole_number', message: expect.stringContaining('whole number'), assetNumber: 'MC-001' },
      { row: 3, column: 'Asset No', code: 'camera_missing', message: expect.any(String) },
    ]);
  });

  it('recognises a trailing totals row without importing it, and refuses rows after it', async () => {
    const report = await parse([
      ['Camera', 'Incidents', 'Arrests'],
      ['MC-001', 2, 1],
      ['Grand Total', 2, 1],
    ]);
    expect(report.rows).toHaveLength(1);
    expect(report.totalsRow).toEqual({ row: 3, figures: { incidents: 2, arrests: 1 } });
    const late = await parse([['Camera', 'Incidents', 'Arrests'], ['MC-001', 2, 1], ['Totals', 2, 1], ['MC-002', 1, 1]]);
    expect(late.errors).toEqual([expect.objectContaining({ row: 4, code: 'row_after_totals' })]);
  });

  it('recognises totals labelled in another column with the camera cell blank, or with words after the label', async () => {
    const inMonthColumn = await parse([
      ['Month', 'Camera', 'Incidents', 'Arrests'],
      ['Oct 2025', 'MC-001', 2, 1],
      ['Total', '', 2, 1],
    ]);
    expect(inMonthColumn.errors).toEqual([]);
    expect(inMonthColumn.totalsRow).toEqual({ row: 3, figures: { incidents: 2, arrests: 1 } });
    const worded = await parse([['Camera', 'Incidents', 'Arrests'], ['MC-001', 2, 1], ['Totals for October 2025', 2, 1]]);
    expect(worded.rows).toHaveLength(1);
    expect(worded.totalsRow).toMatchObject({ row: 3 });
    // Asset numbers that merely start with the word are cameras.
    const cameras = await parse([['Camera', 'Incidents', 'Arrests'], ['SUM-01', 2, 1], ['TOTAL-2', 1, 0], ['Summit Road', 0, 0]]);
    expect(cameras.rows.map((r) => r.assetNumber)).toEqual(['SUM-01', 'TOTAL-2', 'Summit Road']);
    expect(cameras.totalsRow).toBeNull();
  });

  it('looks for the header by row number, so blank rows skipped by a reader still count', async () => {
    async function* numbered(rows: [number, CellValue[]][]): AsyncGenerator<SheetRow> {
      for (const [number, cells] of rows) yield { number, cells };
    }
    const header: CellValue[] = ['Camera', 'Incidents', 'Arrests'];
    const late = parseReport(numbered([[1, ['Activity report']], [16, header], [17, ['MC-001', 1, 1]]]), { maxRows: 10 });
    expect(await failure(late)).toMatchObject({ code: 'header_not_found' });
    const inTime = await parseReport(numbered([[1, ['Activity report']], [15, header], [16, ['MC-001', 1, 1]]]), { maxRows: 10 });
    expect(inTime.headerRow).toBe(15);
  });

  it('warns about a row whose figures are all blank', async () => {
    const report = await parse([['Camera', 'Incidents', 'Arrests'], ['MC-001', '', null]]);
    expect(report.warnings).toEqual([expect.objectContaining({ row: 2, code: 'blank_figures' })]);
    expect(report.rows[0]).toMatchObject({ incidents: 0, arrests: 0 });
  });

  it('refuses files without a recognisable header, missing columns, duplicate columns, no rows or too many rows', async () => {
    const title = Array.from({ length: 15 }, (_, i) => [`line ${i}`]);
    expect(await failure(parse([...title, ['Camera', 'Incidents', 'Arrests']]))).toMatchObject({ code: 'header_not_found', statusCode: 422 });
    expect(await failure(parse([['Camera', 'Incidents'], ['MC-1', 1]]))).toMatchObject({ code: 'missing_columns', details: { missing: ['arrests'] } });
    expect(await failure(parse([['Camera', 'Incidents', 'Incident', 'Arrests']]))).toMatchObject({ code: 'duplicate_column' });
    expect(await failure(parse([['Camera', 'Incidents', 'Arrests'], [], ['Total', 0, 0]]))).toMatchObject({ code: 'no_rows' });
    const many = [['Camera', 'Incidents', 'Arrests'], ...Array.from({ length: 4 }, (_, i) => [`MC-${i}`, 1, 1])];
    expect(await failure(parse(many, 3))).toMatchObject({ code: 'too_many_rows', statusCode: 422 });
    expect((await parse(many, 4)).rows).toHaveLength(4);
  });
});

describe('report month', () => {
  const base = [['Camera', 'Incidents', 'Arrests', 'Month']];

  it('takes the month from the Month column, the title or the parameter; the parameter only when the file names none', async () => {
    const column = await parse([...base, ['MC-1', 1, 1, 'Oct 2025'], ['MC-2', 1, 1, new Date(Date.UTC(2025, 9, 1))], ['MC-3', 1, 1, '']]);
    expect(resolveReportMonth(column, undefined, '2026-01')).toEqual({ month: '2025-10', source: 'column' });
    expect(resolveReportMonth(column, '2025-10', '2026-01')).toEqual({ month: '2025-10', source: 'column' });
    const titled = await parse([['Activity report September 2025'], ['Camera', 'Incidents', 'Arrests'], ['MC-1', 1, 1]]);
    expect(resolveReportMonth(titled, undefined, '2026-01')).toEqual({ month: '2025-09', source: 'title' });
    const bare = await parse([['Camera', 'Incidents', 'Arrests'], ['MC-1', 1, 1]]);
    expect(resolveReportMonth(bare, '2025-08', '2026-01')).toEqual({ month: '2025-08', source: 'parameter' });
  });

  it('refuses conflicting, missing and future months', async () => {
    const mixed = await parse([...base, ['MC-1', 1, 1, '2025-10'], ['MC-2', 1, 1, '2025-09']]);
    expect(() => resolveReportMonth(mixed, undefined, '2026-01')).toThrow(expect.objectContaining({ code: 'month_conflict', statusCode: 422 }));
    const titled = await parse([['Activity report September 2025'], ...base, ['MC-1', 1, 1, '2025-10']]);
    expect(() => resolveReportMonth(titled, undefined, '2026-01')).toThrow(/title says September 2025/);
    const bare = await parse([['Camera', 'Incidents', 'Arrests'], ['MC-1', 1, 1]]);
    expect(() => resolveReportMonth(bare, undefined, '2026-01')).toThrow(expect.objectContaining({ code: 'month_missing' }));
    const october = await parse([['October 2025'], ['Camera', 'Incidents', 'Arrests'], ['MC-1', 1, 1]]);
    expect(() => resolveReportMonth(october, '2025-09', '2026-01')).toThrow(/month=2025-09/);
    expect(() => resolveReportMonth(bare, '2026-02', '2026-01')).toThrow(expect.objectContaining({ code: 'month_in_future' }));
  });

  it('flags an unreadable Month cell as a row error', async () => {
    const report = await parse([...base, ['MC-1', 1, 1, 'soon']]);
    expect(report.errors).toEqual([expect.objectContaining({ row: 2, column: 'Month', code: 'invalid_month' })]);
  });
});

describe('reconciliation with the estate', () => {
  it('matches cameras case-insensitively, refuses unknown and duplicate cameras, and warns about missing ones', async () => {
    const report = await parse([
      ['Camera', 'Incidents', 'Arrests', 'Faults'],
      [' mc-001', 2, 1, 'Power supply'],
      ['MC-002', 1, 0, '3'],
      ['MC-999', 1, 0, ''],
      ['MC-001', 1, 0, ''],
      ['MC-004', 5, 0, 'cabling'],
      ['RDC-01', 0, 0, ''],
    ]);
    const result = checkReport(report, '2025-10', estate);
    expect(result.errors).toEqual([
      expect.objectContaining({ row: 4, column: 'Camera', code: 'unknown_camera', assetNumber: 'MC-999' }),
      expect.objectContaining({ row: 5, code: 'duplicate_camera', message: expect.stringContaining('row 2') }),
    ]);
    expect(result.warnings).toEqual([
      expect.objectContaining({ row: 6, code: 'decommissioned_camera', assetNumber: 'MC-004' }),
      expect.objectContaining({ row: null, code: 'camera_missing_from_report', assetNumber: 'MC-003' }),
    ]);
    expect(result.rows.map((r) => [r.row, r.cameraId])).toEqual([[2, 'c1'], [3, 'c2'], [6, 'c4'], [7, 'c5']]);
    expect(result.faultsToOpen).toEqual([
      expect.objectContaining({ row: 2, cameraId: 'c1', category: 'power', priority: 'amber', description: 'Reported by Kyndi for October 2025: Power supply' }),
      expect.objectContaining({ row: 3, cameraId: 'c2', category: 'other', description: '3 faults reported by Kyndi for October 2025' }),
    ]);
    expect(result.totals).toEqual({ incidents: 10, arrests: 1, hits: 0, faults: 5 });
  });

  it('checks a totals row against the rows and warns on a mismatch', async () => {
    const rows = [['Camera', 'Incidents', 'Arrests', 'Hits'], ['MC-001', 2, 1, 0], ['MC-002', 3, 0, 1], ['MC-003', 0, 0, 0]];
    const ok = checkReport(await parse([...rows, ['Total', 5, 1, 1]]), '2025-10', estate);
    expect(ok.warnings.filter((w) => w.code === 'totals_mismatch')).toEqual([]);
    const wrong = checkReport(await parse([...rows, ['Total', 6, 1, '']]), '2025-10', estate);
    expect(wrong.warnings).toEqual([
      { row: 5, column: 'Incidents', code: 'totals_mismatch', message: 'The totals row gives 6 incidents but the camera rows add up to 5' },
    ]);
  });
});
