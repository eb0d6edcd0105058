import { CameraActivity } from '../../src/imports/camera-activity.entity.js';
import { KyndiImport } from '../../src/imports/kyndi-import.entity.js';
import { Fault } from '../../src/faults/fault.entity.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { TestApp } from '../support/test-app.js';
import { createCamera, createCameras, csv, HEADER, monthSequence, upload, xlsx } from './kyndi-fixtures.js';

const nextMonth = monthSequence(2003);

describe('malformed and unacceptable files', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('refuses an empty file with 400', async () => {
    const spoc = await app.as('spoc');
    const empty = await upload(app, spoc, Buffer.alloc(0), 'r.csv', { month: nextMonth() });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ statusCode: 400, error: 'empty_file', requestId: expect.any(String) });
    const blank = await upload(app, spoc, Buffer.from('\uFEFF\r\n;;\r\n'), 'r.csv');
    expect(blank.status).toBe(400);
    expect(blank.body.error).toBe('empty_file');
  });

  it('refuses other file types with 415, by extension and by content', async () => {
    const spoc = await app.as('spoc');
    const pdf = await upload(app, spoc, Buffer.from('%PDF-1.7\n...'), 'report.pdf');
    expect(pdf.status).toBe(415);
    expect(pdf.body).toMatchObject({ error: 'unsupported_file_type', message: expect.stringContaining("'.pdf'") });
    const disguised = await upload(app, spoc, Buffer.from('%PDF-1.7\n...'), 'report.csv');
    expect(disguised.status).toBe(415);
    expect(disguised.body.message).toContain('PDF');
    const legacy = await upload(app, spoc, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'report.xlsx');
    expect(legacy.status).toBe(415);
    expect(legacy.body.message).toContain('.xls');
    const binary = await upload(app, spoc, Buffer.from([0x43, 0x61, 0x00, 0x6d, 0x65, 0x72, 0x61]), 'report.csv');
    expect(binary.status).toBe(415);
    const workbookAsCsv = await upload(app, spoc, await xlsx({ A: [HEADER] }), 'report.csv');
    expect(workbookAsCsv.status).toBe(415);
    expect(workbookAsCsv.body.message).toContain('zip');
  });

  it('refuses a request that is not multipart, or has no file field', async () => {
    const spoc = await app.as('spoc');
    const json = await app.http().post('/api/v1/imports/kyndi-monthly').set('Authorization', spoc.auth).send({ file: 'Camera,Incidents' });
    expect(json.status).toBe(415);
    expect(json.body).toMatchObject({ error: 'multipart_required' });
    const wrongField = await app
      .http()
      .post('/api/v1/imports/kyndi-monthly')
      .set('Authorization', spoc.auth)
      .attach('report', Buffer.from('Camera,Incidents,Arrests\n'), 'r.csv');
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error).toBe('file_required');
    const noFile = await app.http().post('/api/v1/imports/kyndi-monthly').set('Authorization', spoc.auth).field('month', '2003-01');
    expect(noFile.status).toBe(400);
    expect(noFile.body.error).toBe('file_required');
    const unknownQuery = await upload(app, spoc, csv([HEADER]), 'r.csv', { dryrun: 'true' });
    expect(unknownQuery.status).toBe(400);
    expect(unknownQuery.body.error).toBe('validation_failed');
  });

  it('refuses an unreadable workbook with 400 unreadable_xlsx', async () => {
    const spoc = await app.as('spoc');
    const good = await xlsx({ Activity: [HEADER, ['KT-1', 1, 1, 1, 1]] });
    const corrupt = Buffer.concat([good.subarray(0, 40), Buffer.alloc(400, 0x5a), good.subarray(440)]);
    const response = await upload(app, spoc, corrupt, 'report.xlsx', { month: nextMonth() });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'unreadable_xlsx', message: expect.stringContaining('cannot be read') });
    const truncated = await upload(app, spoc, good.subarray(0, 100), 'report.xlsx', { month: nextMonth() });
    expect(truncated.status).toBe(400);
    expect(truncated.body.error).toBe('unreadable_xlsx');
    const notAZip = await upload(app, spoc, Buffer.from('Camera,Incidents\n'), 'report.xlsx');
    expect(notAZip.status).toBe(400);
    expect(notAZip.body.error).toBe('unreadable_xlsx');
  });

  it('refuses files whose structure cannot be read with a clear 422', async () => {
    const spoc = await app.as('spoc');
    const camera = await createCamera(app);
    const month = nextMonth();
    const unclosed = await upload(app, spoc, Buffer.from(`Camera,Incidents,Arrests\n"${camera.assetNumber},1,1\n`), 'r.csv', { month });
    expect(unclosed.status).toBe(422);
    expect(unclosed.body).toMatchObject({ error: 'malformed_csv', message: expect.stringContaining('Quote') });
    const noHeader = await upload(app, spoc, csv([['Report'], ['Cam', 'Count'], [camera.assetNumber, 1]]), 'r.csv', { month });
    expect(noHeader.status).toBe(422);
    expect(noHeader.body).toMatchObject({ error: 'header_not_found', message: expect.stringContaining('first 15 rows') });
    const deepHeader = csv([...Array.from({ length: 15 }, (_, i) => [`note ${i}`]), HEADER, [camera.assetNumber, 1, 1, 1, 1]]);
    expect((await upload(app, spoc, deepHeader, 'r.csv', { month })).body.error).toBe('header_not_found');
    const noArrests = await upload(app, spoc, csv([['Camera', 'Incidents'], [camera.assetNumber, 1]]), 'r.csv', { month });
    expect(noArrests.status).toBe(422);
    expect(noArrests.body).toMatchObject({ error: 'missing_columns', details: { missing: ['arrests'] } });
    const noRows = await upload(app, spoc, csv([HEADER, ['Total', 0, 0, 0, 0]]), 'r.csv', { month });
    expect(noRows.status).toBe(422);
    expect(noRows.body.error).toBe('no_rows');
    expect(await app.dataSource.getRepository(KyndiImport).findBy({ month })).toEqual([]);
  });

  it('reads a 14-row title block, a totals row and a Windows-1252 CSV', async () => {
    const spoc = await app.as('spoc');
    const camera = await createCamera(app);
    const title = Array.from({ length: 13 }, (_, i) => [`Kyndi note ${i}`]);
    const month = nextMonth();
    const ok = await upload(app, spoc, csv([...title, HEADER, [camera.assetNumber, 1, 1, 1, 0], ['TOTALS', 1, 1, 1, 0]]), 'r.csv', {
      month,
      dryRun: true,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ rows: 1, errors: [], statedTotals: { incidents: 1, arrests: 1, hits: 1, faults: 0 } });
    const latin = Buffer.concat([Buffer.from(`Camera,Incidents,Arrests,Faults\n${camera.assetNumber},0,0,C`), Buffer.from([0xe2]), Buffer.from('ble\n')]);
    const windows = await upload(app, spoc, latin, 'r.csv', { month, dryRun: true });
    expect(windows.status).toBe(200);
    expect(windows.body.faultsToOpen[0].description).toContain('Câble');
  });
});

describe('limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ IMPORT_MAX_BYTES: '16384', IMPORT_MAX_ROWS: '5' });
  });
  afterAll(() => app.close());

  it('refuses a file over IMPORT_MAX_BYTES with 413 and keeps nothing', async () => {
    const spoc = await app.as('spoc');
    const month = nextMonth();
    const big = csv([HEADER, ...Array.from({ length: 1000 }, (_, i) => [`KT-BIG-${i}`, 1, 1, 1, 'x'.repeat(10)])]);
    expect(big.length).toBeGreaterThan(16384);
    const response = await upload(app, spoc, big, 'big.csv', { month });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: 'file_too_large', details: { maxBytes: 16384 } });
    expect(await app.dataSource.getRepository(KyndiImport).findBy({ month })).toEqual([]);
  });

  it('refuses more camera rows than IMPORT_MAX_ROWS with 422, for CSV and XLSX', async () => {
    const spoc = await app.as('spoc');
    const cameras = await createCameras(app, 6);
    const rows = cameras.map((c) => [c.assetNumber, 1, 0, 0, 0]);
    const month = nextMonth();
    const tooMany = await upload(app, spoc, csv([HEADER, ...rows]), 'r.csv', { month });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({ error: 'too_many_rows', details: { maxRows: 5 } });
    const workbook = await upload(app, spoc, await xlsx({ Activity: [HEADER, ...rows] }), 'r.xlsx', { month });
    expect(workbook.status).toBe(422);
    expect(workbook.body.error).toBe('too_many_rows');
    const atLimit = await upload(app, spoc, csv([HEADER, ...rows.slice(0, 5), ['Total', 5, 0, 0, 0]]), 'r.csv', { month, dryRun: true });
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.rows).toBe(5);
  });
});

describe('object storage unavailable', () => {
  let app: TestApp;
  let proxy: TcpProxy;
  beforeAll(async () => {
    proxy = await TcpProxy.forUrl(process.env.S3_ENDPOINT!).start();
    app = await TestApp.start({ S3_ENDPOINT: proxy.rewrite(process.env.S3_ENDPOINT!) });
  });
  afterAll(async () => {
    await app.close();
    await proxy.stop();
  });

  it('commits nothing and answers 503 when the original cannot be stored; previews still work; a retry succeeds', async () => {
    const spoc = await app.as('spoc');
    const camera = await createCamera(app);
    const month = nextMonth();
    const file = csv([HEADER, [camera.assetNumber, 3, 1, 0, 'Loss of picture']]);
    proxy.cut();
    try {
      const down = await upload(app, spoc, file, 'r.csv', { month });
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ statusCode: 503, error: 'storage_unavailable', message: expect.stringContaining('nothing was imported') });
      expect(await app.dataSource.getRepository(KyndiImport).findBy({ month })).toEqual([]);
      expect(await app.dataSource.getRepository(CameraActivity).findBy({ cameraId: camera.id })).toEqual([]);
      expect(await app.dataSource.getRepository(Fault).findBy({ cameraId: camera.id })).toEqual([]);
      const rejectedDown = await upload(app, spoc, csv([HEADER, [camera.assetNumber, 'x', 1, 0, 0]]), 'r.csv', { month });
      expect(rejectedDown.status).toBe(503);
      const preview = await upload(app, spoc, file, 'r.csv', { month, dryRun: true });
      expect(preview.status).toBe(200);
      expect(preview.body.status).toBe('preview');
    } finally {
      proxy.restore();
    }
    const retry = await upload(app, spoc, file, 'r.csv', { month });
    expect(retry.status).toBe(201);
    expect(await app.dataSource.getRepository(Fault).countBy({ cameraId: camera.id })).toBe(1);
  });
});
