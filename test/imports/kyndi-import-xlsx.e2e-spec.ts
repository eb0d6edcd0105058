import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Camera } from '../../src/cameras/camera.entity.js';
import { CameraActivity } from '../../src/imports/camera-activity.entity.js';
import { KyndiImport } from '../../src/imports/kyndi-import.entity.js';
import { TestApp } from '../support/test-app.js';
import { upload } from './kyndi-fixtures.js';
import { excelSerial, excelStyleWorkbook, googleSheetsStyleWorkbook, inlineRows, MAIN_NS, repeatedDeflate, simpleWorkbook } from './xlsx-builder.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(fixtures, name));
const MiB = 1024 * 1024;

let app: TestApp;
beforeAll(async () => {
  app = await TestApp.start();
});
afterAll(() => app.close());

/** Cameras with the asset numbers a fixture names (made once per run: the database is shared by the suites). */
async function camerasNamed(assetNumbers: string[]): Promise<Map<string, string>> {
  const repository = app.dataSource.getRepository(Camera);
  const ids = new Map<string, string>();
  for (const assetNumber of assetNumbers) {
    const existing = await repository.findOneBy({ assetNumber });
    const camera =
      existing ??
      (await repository.save(
        repository.create({ assetNumber, name: `Fixture camera ${assetNumber}`, kind: 'fixed', technology: 'digital', status: 'operational', rag: 'green' }),
      ));
    ids.set(assetNumber, camera.id);
  }
  return ids;
}

interface ExpectedRow {
  asset: string;
  figures: [number, number, number, number];
  faultText: string | null;
}

interface Producer {
  producer: string;
  file: () => Promise<Buffer>;
  month: string;
  monthSource: 'column' | 'title';
  rows: ExpectedRow[];
}

const october1991 = new Date(Date.UTC(1991, 9, 1));

async function exceljsWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Camera Activity');
  sheet.addRow(['Kyndi activity report']);
  sheet.addRow(['Month', new Date(Date.UTC(1991, 8, 1))]);
  sheet.addRow(['Camera', 'Incidents', 'Arrests', 'Hits', 'Faults']);
  sheet.addRow([{ richText: [{ text: 'FX-EJS-' }, { text: '01', font: { bold: true } }] }, 2, { formula: '0+1', result: 1 }, 0, '360 dome not rotating']);
  sheet.addRow(['FX-EJS-02', 1, 0, 6, 0]);
  sheet.addRow(['Total', { formula: 'SUM(B4:B5)', result: 3 }, 1, 6, 1]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const PRODUCERS: Producer[] = [
  {
    producer: 'openpyxl (inline strings, absolute relationship targets, Month label with a date beside it)',
    file: async () => fixture('openpyxl.xlsx'),
    month: '1991-10',
    monthSource: 'title',
    rows: [
      { asset: 'FX-OPX-01', figures: [3, 1, 0, 1], faultText: '4G comms dropping out' },
      { asset: 'FX-OPX-02', figures: [0, 0, 2, 0], faultText: null },
      { asset: 'FX-OPX-03', figures: [5, 2, 1, 2], faultText: '360 dome not rotating' },
    ],
  },
  {
    producer: 'LibreOffice Calc (shared strings, custom date format in a Month column)',
    file: async () => fixture('libreoffice.xlsx'),
    month: '1991-11',
    monthSource: 'column',
    rows: [
      { asset: 'FX-LO-01', figures: [1, 0, 0, 1], faultText: '24hr recorder fault' },
      { asset: 'FX-LO-02', figures: [2, 1, 4, 1], faultText: null },
    ],
  },
  {
    producer: 'LibreOffice Calc from a semicolon CSV (month in the title)',
    file: async () => fixture('libreoffice-csv.xlsx'),
    month: '1991-12',
    monthSource: 'title',
    rows: [
      { asset: 'FX-LOC-01', figures: [4, 1, 0, 1], faultText: 'Loss of picture' },
      { asset: 'FX-LOC-02', figures: [0, 0, 0, 0], faultText: null },
    ],
  },
  {
    producer: 'exceljs (rich text, formula results, Month label with a date beside it)',
    file: exceljsWorkbook,
    month: '1991-09',
    monthSource: 'title',
    rows: [
      { asset: 'FX-EJS-01', figures: [2, 1, 0, 1], faultText: '360 dome not rotating' },
      { asset: 'FX-EJS-02', figures: [1, 0, 6, 0], faultText: null },
    ],
  },
  {
    producer: 'Excel-shaped (shared strings with rich text and phonetics, built-in date format 14, formulas, a row without r)',
    file: async () => excelStyleWorkbook(['FX-XL-01', 'FX-XL-02', 'FX-XL-03'], excelSerial(new Date(Date.UTC(1991, 7, 1)))),
    month: '1991-08',
    monthSource: 'title',
    rows: [
      { asset: 'FX-XL-01', figures: [6, 2, 1, 1], faultText: 'Loss of picture' },
      { asset: 'FX-XL-02', figures: [0, 0, 3, 0], faultText: null },
      { asset: 'FX-XL-03', figures: [1, 0, 0, 1], faultText: 'Power supply' },
    ],
  },
  {
    producer: 'Google-Sheets-shaped (tabs out of part order, indented XML, custom d/m/yyyy date)',
    file: async () => googleSheetsStyleWorkbook(['FX-GS-01', 'FX-GS-02'], excelSerial(new Date(Date.UTC(1991, 6, 1)))),
    month: '1991-07',
    monthSource: 'title',
    rows: [
      { asset: 'FX-GS-01', figures: [2, 0, 5, 1], faultText: 'Comms down' },
      { asset: 'FX-GS-02', figures: [0, 1, 0, 0], faultText: null },
    ],
  },
];

describe('workbooks from each producer', () => {
  it.each(PRODUCERS)('imports a workbook written by $producer', async ({ file, month, monthSource, rows }) => {
    const spoc = await app.as('spoc');
    const cameras = await camerasNamed(rows.map((row) => row.asset));
    const response = await upload(app, spoc, await file(), 'kyndi.xlsx');
    expect(response.status).toBe(201);
    const totals = rows.reduce(
      (sum, row) => ({
        incidents: sum.incidents + row.figures[0],
        arrests: sum.arrests + row.figures[1],
        hits: sum.hits + row.figures[2],
        faults: sum.faults + row.figures[3],
      }),
      { incidents: 0, arrests: 0, hits: 0, faults: 0 },
    );
    expect(response.body).toMatchObject({ status: 'committed', month, monthSource, fileType: 'xlsx', rows: rows.length, errors: [], totals, statedTotals: totals });
    expect(response.body.warnings).not.toContainEqual(expect.objectContaining({ code: 'totals_mismatch' }));
    const stored = await app.dataSource.getRepository(CameraActivity).find({ where: { importId: response.body.id }, order: { sourceRow: 'ASC' } });
    expect(stored.map((row) => [row.cameraId, row.incidents, row.arrests, row.hits, row.faults, row.faultText])).toEqual(
      rows.map((row) => [cameras.get(row.asset), ...row.figures, row.faultText]),
    );
  });

  it('reads a workbook whose elements carry a namespace prefix (x:row), as the Open XML SDK can write', async () => {
    const spoc = await app.as('spoc');
    await camerasNamed(['FX-SDK-01']);
    const sheet = inlineRows([['Camera', 'Incidents', 'Arrests'], ['FX-SDK-01', 4, 1]])
      .replace(/<(\/?)(row|c|is|t|v)\b/g, '<$1x:$2');
    const file = simpleWorkbook({
      sheetEntry: { data: `<x:worksheet xmlns:x="${MAIN_NS}"><x:sheetData>${sheet}</x:sheetData></x:worksheet>` },
    });
    const response = await upload(app, spoc, file, 'sdk.xlsx', { month: '1990-01', dryRun: true });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ rows: 1, errors: [], totals: { incidents: 4, arrests: 1 } });
  });
});

/**
 * Samples this process's RSS (the app runs in it) while `work` runs, and the CPU time it spends: what "holding a core"
 * means, and unlike the elapsed time it does not grow when other work shares the machine.
 */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number; rssGrowthMiB: number }> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const started = Date.now();
  const cpu = process.cpuUsage();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    const used = process.cpuUsage(cpu);
    return { result, ms: Date.now() - started, cpuMs: (used.user + used.system) / 1000, rssGrowthMiB: (peak - start) / MiB };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * A guard against the minutes of CPU the old reader spent, not a performance figure (bench:import measures those):
 * about a second of CPU here when the machine is quiet, the bound leaves room for a crowded one. The CPU time is the
 * whole test process's (the app and the S3 endpoint run in it).
 */
function expectQuick(run: { ms: number; cpuMs: number }): void {
  expect(run.cpuMs).toBeLessThan(10_000);
  expect(run.ms).toBeLessThan(45_000);
}

const HEADER_ROW = inlineRows([['Camera', 'Incidents', 'Arrests', 'Hits', 'Faults']]);

/** sharedStrings.xml expanding to 1.5 GB of one repeated string item (about 1.5 MB on the wire). */
function sharedStringsBomb(declaredSize?: number): Buffer {
  const block = '<si><t>MC-0000000000001</t></si>'.repeat((16 * MiB) / 32);
  const bomb = repeatedDeflate(`<sst xmlns="${MAIN_NS}">`, block, 96, '</sst>');
  return simpleWorkbook({
    sheetData: HEADER_ROW,
    sharedStrings: { data: bomb.data, deflated: bomb, declaredSize },
  });
}

/** A sheet whose XML (40 MiB of blank rows' whitespace) is compressed about 1000:1. */
function sheetRatioBomb(): Buffer {
  const bomb = repeatedDeflate(`<worksheet xmlns="${MAIN_NS}"><sheetData>${HEADER_ROW}`, ' '.repeat(4 * MiB), 10, '</sheetData></worksheet>');
  return simpleWorkbook({ sheetEntry: { data: bomb.data, deflated: bomb } });
}

/** A report with camera rows, followed by `blankRows` rows each holding blank formatted cells out to column XFD. */
function wideBlankRows(assets: string[], blankRows: number): string {
  const data = inlineRows([['Camera', 'Incidents', 'Arrests', 'Hits', 'Faults'], ...assets.map((asset) => [asset, 1, 0, 0, 0])]);
  const first = assets.length + 2;
  const blank: string[] = [];
  for (let row = first; row < first + blankRows; row += 1) {
    blank.push(`<row r="${row}"><c r="XFD${row}" s="1"/></row>`);
  }
  return data + blank.join('');
}

/** A report row, then `rows` rows of `columns` blank formatted cells each. */
function blankGrid(rows: number, columns: number): string {
  const grid: string[] = [HEADER_ROW];
  for (let row = 2; row < rows + 2; row += 1) {
    let cells = '';
    for (let column = 0; column < columns; column += 1) cells += `<c r="${String.fromCharCode(65 + column)}${row}" s="1"/>`;
    grid.push(`<row r="${row}">${cells}</row>`);
  }
  return grid.join('');
}

describe('hostile workbooks', () => {
  const expectRefusal = (response: { status: number; body: Record<string, unknown> }, status: number, error: string, message: RegExp) => {
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, error, requestId: expect.any(String) });
    expect(response.body.message).toMatch(message);
  };

  it('refuses a sharedStrings bomb (1.5 GB expanded) with 413 before inflating it', async () => {
    const spoc = await app.as('spoc');
    const file = sharedStringsBomb();
    expect(file.length).toBeLessThan(5 * MiB);
    const run = await measured(() => upload(app, spoc, file, 'bomb.xlsx', { month: '1990-02' }));
    expectRefusal(run.result, 413, 'xlsx_too_large', /xl\/sharedStrings\.xml expands to 1536 MiB .*64 MiB/);
    expect(run.result.body.details).toEqual({ limit: 'expandedBytes', max: 64 * MiB, part: 'xl/sharedStrings.xml' });
    expectQuick(run);
    expect(run.rssGrowthMiB).toBeLessThan(64);
    expect(await app.dataSource.getRepository(KyndiImport).findBy({ month: '1990-02' })).toEqual([]);
  });

  it('refuses a sharedStrings bomb that understates its size as unreadable, having inflated no more than it declared', async () => {
    const spoc = await app.as('spoc');
    const file = sharedStringsBomb(64 * 1024);
    const run = await measured(() => upload(app, spoc, file, 'bomb.xlsx', { month: '1990-02' }));
    expectRefusal(run.result, 400, 'unreadable_xlsx', /xl\/sharedStrings\.xml/);
    expectQuick(run);
    expect(run.rssGrowthMiB).toBeLessThan(64);
  });

  it('refuses a sheet compressed 1000:1 with 413 naming the ratio', async () => {
    const spoc = await app.as('spoc');
    const file = sheetRatioBomb();
    expect(file.length).toBeLessThan(200 * 1024);
    const run = await measured(() => upload(app, spoc, file, 'bomb.xlsx', { month: '1990-02' }));
    expectRefusal(run.result, 413, 'xlsx_too_large', /xl\/worksheets\/sheet1\.xml is compressed \d+:1 .*200:1.*zip bomb/);
    expect(run.result.body.details).toMatchObject({ limit: 'compressionRatio', max: 200 });
    expectQuick(run);
    expect(run.rssGrowthMiB).toBeLessThan(64);
  });

  it('refuses more shared strings than a report has with 422, holding no more than the cap', async () => {
    const spoc = await app.as('spoc');
    const strings = Array.from({ length: 250_000 }, (_, i) => `Camera note ${i}`);
    const file = simpleWorkbook({ sheetData: HEADER_ROW, sharedStrings: strings });
    const run = await measured(() => upload(app, spoc, file, 'strings.xlsx', { month: '1990-02' }));
    expectRefusal(run.result, 422, 'xlsx_limit_exceeded', /more than 200,000 different texts/);
    expect(run.result.body.details).toEqual({ limit: 'sharedStrings', max: 200_000 });
    expectQuick(run);
    expect(run.rssGrowthMiB).toBeLessThan(64);
  });

  it('imports a report followed by 150,000 wide blank rows (<c r="XFD…"/>) in seconds, without materialising them', async () => {
    const spoc = await app.as('spoc');
    const assets = ['FX-WIDE-01', 'FX-WIDE-02'];
    await camerasNamed(assets);
    const file = simpleWorkbook({ sheetData: wideBlankRows(assets, 150_000) });
    const run = await measured(() => upload(app, spoc, file, 'wide.xlsx', { month: '1990-03', dryRun: true }));
    expect(run.result.status).toBe(200);
    expect(run.result.body).toMatchObject({ rows: 2, errors: [], totals: { incidents: 2 } });
    expectQuick(run);
    expect(run.rssGrowthMiB).toBeLessThan(64);
  });

  it('refuses a sheet of more rows or cells than the caps (blank ones count) with 422, and a value beyond column IV', async () => {
    const spoc = await app.as('spoc');
    const tooManyRows = simpleWorkbook({ sheetData: wideBlankRows(['FX-WIDE-01'], 250_000) });
    const tooManyCells = simpleWorkbook({ sheetData: blankGrid(190_000, 6) });
    const rows = await measured(() => upload(app, spoc, tooManyRows, 'rows.xlsx', { month: '1990-02' }));
    expectRefusal(rows.result, 422, 'xlsx_limit_exceeded', /more than 200,000 rows \(blank rows included\)/);
    expect(rows.result.body.details).toEqual({ limit: 'rows', max: 200_000 });
    expectQuick(rows);
    expect(rows.rssGrowthMiB).toBeLessThan(64);

    const cells = await measured(() => upload(app, spoc, tooManyCells, 'cells.xlsx', { month: '1990-02' }));
    expectRefusal(cells.result, 422, 'xlsx_limit_exceeded', /more than 1,000,000 cells \(blank cells included\)/);
    expectQuick(cells);
    expect(cells.rssGrowthMiB).toBeLessThan(64);

    const valued = simpleWorkbook({ sheetData: `${HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>FX-WIDE-01</t></is></c><c r="XFD2"><v>1</v></c></row>` });
    const wide = await upload(app, spoc, valued, 'wide.xlsx', { month: '1990-02' });
    expectRefusal(wide, 422, 'xlsx_limit_exceeded', /Cell XFD2 .* beyond column IV: a report may use at most 256 columns/);
    expect(wide.body.details).toEqual({ limit: 'columns', max: 256, cell: 'XFD2' });
  });

  it('survives three bombs at once: each refused, the service still answers, memory stays flat', async () => {
    const spoc = await app.as('spoc');
    const files = [sharedStringsBomb(), sheetRatioBomb(), simpleWorkbook({ sheetData: wideBlankRows(['FX-WIDE-01'], 250_000) })];
    const run = await measured(() =>
      Promise.all(files.map((file, index) => upload(app, spoc, file, `bomb-${index}.xlsx`, { month: '1990-02' }))),
    );
    expect(run.result.map((response) => [response.status, response.body.error])).toEqual([
      [413, 'xlsx_too_large'],
      [413, 'xlsx_too_large'],
      [422, 'xlsx_limit_exceeded'],
    ]);
    expectQuick(run);
    expect(run.rssGrowthMiB).toBeLessThan(64);
    expect((await app.http().get('/health/live')).status).toBe(200);
  });
});
