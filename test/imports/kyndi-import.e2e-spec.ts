import { AuditLog } from '../../src/audit/audit-log.entity.js';
import { Camera } from '../../src/cameras/camera.entity.js';
import { Fault } from '../../src/faults/fault.entity.js';
import { FaultsService } from '../../src/faults/faults.service.js';
import { CameraActivity } from '../../src/imports/camera-activity.entity.js';
import { KyndiImport } from '../../src/imports/kyndi-import.entity.js';
import { S3_CLIENT } from '../../src/storage/s3-client.factory.js';
import { StorageService } from '../../src/storage/storage.service.js';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { TestApp } from '../support/test-app.js';
import { createCamera, createCameras, csv, HEADER, monthSequence, upload, xlsx } from './kyndi-fixtures.js';

let app: TestApp;
const nextMonth = monthSequence(2002);
const PREVIEW_MONTH = '1999-06';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  app = await TestApp.start();
});
afterAll(() => app.close());

const activityOf = (importId: string) =>
  app.dataSource.getRepository(CameraActivity).find({ where: { importId }, order: { sourceRow: 'ASC' } });
async function storedOriginals(): Promise<string[]> {
  const s3 = app.app.get<S3Client>(S3_CLIENT);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: app.config.s3.bucket, Prefix: 'imports/kyndi-monthly/', ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}
const faultsOf = (cameraId: string) => app.dataSource.getRepository(Fault).find({ where: { cameraId }, order: { createdAt: 'ASC' } });

describe('formats', () => {
  it('imports a semicolon CSV with a BOM and CRLF, its header below title rows and its month in the title', async () => {
    const spoc = await app.as('spoc');
    const [a, b] = await createCameras(app, 2);
    const file = csv(
      [
        ['Kyndi CCTV monitoring', ''],
        ['Activity report March 2001', ''],
        [],
        ['Camera No.', 'Incidents', 'Arrests', 'Hits', 'Faults', 'Notes'],
        [a.assetNumber, 12, 3, 1, '0', 'Busy; high street'],
        [b.assetNumber.toLowerCase(), 0, 0, 4, '', 'quiet'],
      ],
      { delimiter: ';', bom: true, eol: '\r\n' },
    );
    const response = await upload(app, spoc, file, 'kyndi-march.csv');
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      month: '2001-03',
      monthSource: 'title',
      status: 'committed',
      rows: 2,
      errors: [],
      totals: { incidents: 12, arrests: 3, hits: 5, faults: 0 },
      fileName: 'kyndi-march.csv',
      fileType: 'csv',
      fileSha256: sha256(file),
      fileSize: file.length,
      faultsToOpen: [],
    });
    const rows = await activityOf(response.body.id);
    expect(rows.map((r) => [r.cameraId, r.month, r.incidents, r.arrests, r.hits, r.faults, r.sourceRow])).toEqual([
      [a.id, '2001-03', 12, 3, 1, 0, 5],
      [b.id, '2001-03', 0, 0, 4, 0, 6],
    ]);
  });

  it('imports an XLSX from the sheet named like "Activity", with the month in a Month column of dates', async () => {
    const cst = await app.as('cst_officer');
    const [a, b] = await createCameras(app, 2);
    const month = new Date(Date.UTC(2001, 3, 1));
    const file = await xlsx({
      Cover: [['Kyndi monthly pack'], ['Contents: activity, faults']],
      'Camera Activity': [
        ['Medway CCTV – Kyndi'],
        ['Month', 'Asset No', 'INCIDENTS', 'arrests', 'HITS', 'Fault'],
        [month, a.assetNumber, 2, 1, 0, 'Loss of picture'],
        [month, b.assetNumber, 3, 0, 1, null],
        [null, 'Grand Total', 5, 1, 1, 1],
      ],
    });
    const response = await upload(app, cst, file, 'activity.xlsx');
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      month: '2001-04',
      monthSource: 'column',
      fileType: 'xlsx',
      rows: 2,
      totals: { incidents: 5, arrests: 1, hits: 1, faults: 1 },
      statedTotals: { incidents: 5, arrests: 1, hits: 1, faults: 1 },
      warnings: expect.not.arrayContaining([expect.objectContaining({ code: 'totals_mismatch' })]),
    });
    expect((await activityOf(response.body.id)).map((r) => [r.cameraId, r.faultText])).toEqual([
      [a.id, 'Loss of picture'],
      [b.id, null],
    ]);
  });

  it.each([
    ['Camera ID', 'Fault'],
    ['Asset', 'Faults'],
  ])('reads a "%s" camera column, and a totals row labelled in the Month column with the camera cell blank', async (cameraHeader, faultHeader) => {
    const spoc = await app.as('spoc');
    const [a, b] = await createCameras(app, 2);
    const month = PREVIEW_MONTH; // dry runs commit nothing, so they need no month of their own
    const file = csv([
      ['Month', cameraHeader, 'Incidents', 'Arrests', 'Hits', faultHeader],
      [month, a.assetNumber, 4, 1, 0, 0],
      [month, b.assetNumber, 2, 0, 3, 0],
      ['Total', '', 6, 1, 3, 0],
    ]);
    const response = await upload(app, spoc, file, 'r.csv', { dryRun: true });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      month,
      monthSource: 'column',
      status: 'preview',
      rows: 2,
      errors: [],
      totals: { incidents: 6, arrests: 1, hits: 3, faults: 0 },
      statedTotals: { incidents: 6, arrests: 1, hits: 3, faults: 0 },
    });
  });

  it('reads the first sheet of a workbook whose sheets are not named like "Activity"', async () => {
    const spoc = await app.as('spoc');
    const camera = await createCamera(app);
    const month = PREVIEW_MONTH; // dry runs commit nothing, so they need no month of their own
    const file = await xlsx({
      Summary: [[`Month`, ...HEADER], [month, camera.assetNumber, 7, 2, 1, 0]],
      Notes: [['Prepared by the control room']],
    });
    const response = await upload(app, spoc, file, 'r.xlsx', { dryRun: true });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ month, fileType: 'xlsx', rows: 1, errors: [], totals: { incidents: 7, arrests: 2, hits: 1 } });
  });

  it('takes the month from the parameter when the file names none, and refuses one that disagrees with the file', async () => {
    const spoc = await app.as('spoc');
    const camera = await createCamera(app);
    const month = nextMonth();
    const plain = csv([HEADER, [camera.assetNumber, 1, 0, 0, 0]]);
    const missing = await upload(app, spoc, plain, 'r.csv', { dryRun: true });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ statusCode: 422, error: 'month_missing', requestId: expect.any(String) });
    const given = await upload(app, spoc, plain, 'r.csv', { dryRun: true, month });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ month, monthSource: 'parameter', status: 'preview' });
    const titled = csv([['Activity report May 2001'], HEADER, [camera.assetNumber, 1, 0, 0, 0]]);
    const clash = await upload(app, spoc, titled, 'r.csv', { dryRun: true, month: '2001-06' });
    expect(clash.status).toBe(422);
    expect(clash.body).toMatchObject({ error: 'month_conflict', message: expect.stringContaining('May 2001') });
    const badParameter = await upload(app, spoc, plain, 'r.csv', { month: '2001-13' });
    expect(badParameter.status).toBe(400);
    expect(badParameter.body.error).toBe('validation_failed');
  });

  it('refuses a file whose Month column or title holds two months', async () => {
    const spoc = await app.as('spoc');
    const [a, b] = await createCameras(app, 2);
    const mixed = csv([['Month', ...HEADER], ['2001-07', a.assetNumber, 1, 0, 0, 0], ['2001-08', b.assetNumber, 1, 0, 0, 0]]);
    const response = await upload(app, spoc, mixed, 'r.csv');
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ error: 'month_conflict', details: { months: ['2001-07', '2001-08'] } });
    const future = await upload(app, spoc, csv([HEADER, [a.assetNumber, 1, 0, 0, 0]]), 'r.csv', { month: '2999-01' });
    expect(future.status).toBe(422);
    expect(future.body.error).toBe('month_in_future');
  });
});

describe('preview (dryRun)', () => {
  it('lists row errors, warnings and the faults it would open, records a preview and applies nothing', async () => {
    const spoc = await app.as('spoc');
    const [a, b, c] = await createCameras(app, 3);
    const retired = await createCamera(app, { status: 'decommissioned' });
    const stock = await createCamera(app, { status: 'in_stock' });
    const month = nextMonth();
    const file = csv([
      ['Camera', 'Incidents', 'Arrests', 'Hits', 'Faults'],
      [a.assetNumber, 'lots', 1, 0, 'Power supply'],
      [b.assetNumber, -2, 0, 1.5, 2],
      ['KT-NOT-A-CAMERA', 1, 0, 0, 0],
      [a.assetNumber, 1, 1, 1, 0],
      [retired.assetNumber, 1, 0, 0, 'Cabling'],
      ['Total', 9, 2, 2, 4],
    ]);
    const response = await upload(app, spoc, file, 'r.csv', { dryRun: true, month });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'preview', month, rows: 5, originalKept: false });
    expect(response.body.errors).toEqual([
      { row: 2, column: 'Incidents', code: 'not_a_number', message: "Incidents: 'lots' is not a number", assetNumber: a.assetNumber },
      { row: 3, column: 'Incidents', code: 'negative_number', message: expect.stringContaining('negative'), assetNumber: b.assetNumber },
      { row: 3, column: 'Hits', code: 'not_whole_number', message: expect.stringContaining('whole number'), assetNumber: b.assetNumber },
      { row: 4, column: 'Camera', code: 'unknown_camera', message: 'Camera KT-NOT-A-CAMERA is not in the camera estate', assetNumber: 'KT-NOT-A-CAMERA' },
      { row: 5, column: 'Camera', code: 'duplicate_camera', message: expect.stringContaining('row 2'), assetNumber: a.assetNumber },
    ]);
    expect(response.body.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 6, code: 'decommissioned_camera', assetNumber: retired.assetNumber }),
        expect.objectContaining({ row: null, code: 'camera_missing_from_report', assetNumber: c.assetNumber }),
        expect.objectContaining({ row: 7, column: 'Incidents', code: 'totals_mismatch' }),
      ]),
    );
    const missing = response.body.warnings.filter((w: { code: string }) => w.code === 'camera_missing_from_report');
    expect(missing.map((w: { assetNumber: string }) => w.assetNumber)).not.toContain(stock.assetNumber);
    expect(missing.map((w: { assetNumber: string }) => w.assetNumber)).not.toContain(retired.assetNumber);
    expect(response.body.faultsToOpen).toEqual([
      expect.objectContaining({ row: 2, cameraId: a.id, category: 'power', alreadyOpen: false }),
      expect.objectContaining({ row: 3, cameraId: b.id, category: 'other', description: expect.stringContaining('2 faults') }),
    ]);

    const stored = await app.dataSource.getRepository(KyndiImport).findOneByOrFail({ id: response.body.id });
    expect(stored).toMatchObject({ status: 'preview', s3Key: null, month });
    expect(await activityOf(response.body.id)).toEqual([]);
    expect(await faultsOf(a.id)).toEqual([]);
    expect(await app.dataSource.getRepository(KyndiImport).existsBy({ month, status: 'committed' })).toBe(false);
  });

  it('warns that the month is already imported, and names the import a replace would supersede', async () => {
    const spoc = await app.as('spoc');
    const camera = await createCamera(app);
    const month = nextMonth();
    const file = csv([HEADER, [camera.assetNumber, 1, 0, 0, 0]]);
    const first = await upload(app, spoc, file, 'r.csv', { month });
    expect(first.status).toBe(201);
    const preview = await upload(app, spoc, file, 'r.csv', { month, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.warnings[0]).toMatchObject({ code: 'month_already_imported', message: expect.stringContaining(first.body.id) });
    const replacing = await upload(app, spoc, file, 'r.csv', { month, dryRun: true, replace: true });
    expect(replacing.body).toMatchObject({ status: 'preview', supersedes: first.body.id });
  });
});

describe('commit', () => {
  it('rejects the whole file when any row is wrong: 422 with the import kept for audit, its file stored, no activity', async () => {
    const spoc = await app.as('spoc');
    const [good, other] = await createCameras(app, 2);
    const month = nextMonth();
    const file = csv([HEADER, [good.assetNumber, 3, 1, 0, 'Loss of picture'], [other.assetNumber, 1, 'x', 0, 0]]);
    const response = await upload(app, spoc, file, 'bad.csv', { month });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      statusCode: 422,
      error: 'import_rejected',
      message: 'The report has 1 row error; nothing was imported',
      requestId: expect.any(String),
      id: expect.any(String),
      status: 'rejected',
      month,
      rows: 2,
      errors: [{ row: 3, column: 'Arrests', code: 'not_a_number', message: "Arrests: 'x' is not a number", assetNumber: other.assetNumber }],
      originalKept: true,
    });
    expect(await activityOf(response.body.id)).toEqual([]);
    expect(await faultsOf(good.id)).toEqual([]);
    const stored = await app.dataSource.getRepository(KyndiImport).findOneByOrFail({ id: response.body.id });
    expect(stored.s3Key).toBe(`imports/kyndi-monthly/${response.body.id}/original.csv`);
    expect(await app.app.get(StorageService).hashObject(stored.s3Key!)).toEqual({ sha256: sha256(file), size: file.length });
    const audit = await app.dataSource.getRepository(AuditLog).findOneByOrFail({ entityId: response.body.id });
    expect(audit).toMatchObject({ action: 'kyndi_import.reject', actorId: spoc.id });
    const got = await app.http().get(`/api/v1/imports/${response.body.id}`).set('Authorization', spoc.auth);
    expect(got.body).toMatchObject({ status: 'rejected', errorCount: 1, errors: response.body.errors });
  });

  it('keeps the original in S3 with its SHA-256, who imported it and when, and audits the commit', async () => {
    const kyndi = await app.as('kyndi_operator');
    const camera = await createCamera(app);
    const month = nextMonth();
    const file = await xlsx({ Sheet1: [HEADER, [camera.assetNumber, 4, 2, 1, 0]] });
    const before = Date.now();
    const response = await upload(app, kyndi, file, 'from-kyndi.xlsx', { month });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ importedById: kyndi.id, fileSha256: sha256(file), originalKept: true });
    expect(Date.parse(response.body.importedAt)).toBeGreaterThanOrEqual(before - 1000);
    const stored = await app.dataSource.getRepository(KyndiImport).findOneByOrFail({ id: response.body.id });
    expect(stored).toMatchObject({ importedByOrganisationId: kyndi.organisationId, s3Key: `imports/kyndi-monthly/${stored.id}/original.xlsx` });
    expect(await app.app.get(StorageService).hashObject(stored.s3Key!)).toEqual({ sha256: sha256(file), size: file.length });
    const audit = await app.dataSource.getRepository(AuditLog).findOneByOrFail({ entityId: stored.id, action: 'kyndi_import.commit' });
    expect(audit.after).toMatchObject({ month, rows: 1, fileSha256: sha256(file), s3Key: stored.s3Key });
  });

  it('refuses a second import of a month with 409 unless replace=true, which supersedes the first and keeps it', async () => {
    const spoc = await app.as('spoc');
    const kyndi = await app.as('kyndi_operator');
    const camera = await createCamera(app);
    const month = nextMonth();
    const first = await upload(app, spoc, csv([HEADER, [camera.assetNumber, 5, 1, 0, 0]]), 'v1.csv', { month });
    expect(first.status).toBe(201);
    const second = csv([HEADER, [camera.assetNumber, 7, 2, 0, 0]]);
    const refused = await upload(app, spoc, second, 'v2.csv', { month });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'month_already_imported', details: { importId: first.body.id, month } });
    const notKyndi = await upload(app, kyndi, second, 'v2.csv', { month, replace: true });
    expect(notKyndi.status).toBe(403);
    expect(notKyndi.body.error).toBe('replace_not_allowed');

    const replaced = await upload(app, spoc, second, 'v2.csv', { month, replace: true });
    expect(replaced.status).toBe(201);
    expect(replaced.body).toMatchObject({ status: 'committed', supersedes: first.body.id });
    const old = await app.http().get(`/api/v1/imports/${first.body.id}`).set('Authorization', spoc.auth);
    expect(old.body).toMatchObject({ status: 'superseded', supersededBy: replaced.body.id, supersededAt: expect.any(String) });
    // The superseded import's rows are kept, but only the committed import's count.
    expect(await activityOf(first.body.id)).toHaveLength(1);
    const counting = await app.dataSource.query(
      `SELECT sum(a.incidents)::int AS incidents FROM camera_activity a JOIN kyndi_import i ON i.id = a.import_id
       WHERE i.status = 'committed' AND a.camera_id = $1 AND a.month = $2`,
      [camera.id, month],
    );
    expect(counting[0].incidents).toBe(7);
    const audit = await app.dataSource.getRepository(AuditLog).findOneByOrFail({ entityId: first.body.id, action: 'kyndi_import.supersede' });
    expect(audit.after).toMatchObject({ status: 'superseded', supersededBy: replaced.body.id });

    const third = await upload(app, spoc, csv([HEADER, [camera.assetNumber, 8, 2, 0, 0]]), 'v3.csv', { month, replace: true });
    expect(third.body.supersedes).toBe(replaced.body.id);
    expect(await app.dataSource.getRepository(KyndiImport).countBy({ month, status: 'committed' })).toBe(1);
  });

  it('replace=true for a month with nothing to replace simply commits', async () => {
    const spoc = await app.as('spoc');
    const camera = await createCamera(app);
    const response = await upload(app, spoc, csv([HEADER, [camera.assetNumber, 1, 0, 0, 0]]), 'r.csv', { month: nextMonth(), replace: true });
    expect(response.status).toBe(201);
    expect(response.body.supersedes).toBeNull();
  });

  it('opens faults from fault entries, sets the camera faulty, and never duplicates an open fault', async () => {
    const spoc = await app.as('spoc');
    const [counted, described, alreadyOpen] = await createCameras(app, 3);
    await app.dataSource.transaction((manager) =>
      app.app.get(FaultsService).raise(manager, {
        cameraId: alreadyOpen.id,
        category: 'cabling',
        description: 'Reported by phone',
        priority: 'amber',
        source: 'manual',
      }),
    );
    const month = nextMonth();
    const file = csv([
      HEADER,
      [counted.assetNumber, 0, 0, 0, 2],
      [described.assetNumber, 0, 0, 0, 'Comms down since 3rd'],
      [alreadyOpen.assetNumber, 0, 0, 0, 'Cabling cut by contractor'],
    ]);
    const preview = await upload(app, spoc, file, 'r.csv', { month, dryRun: true });
    expect(preview.body.faultsToOpen.map((f: { alreadyOpen: boolean }) => f.alreadyOpen)).toEqual([false, false, true]);
    const response = await upload(app, spoc, file, 'r.csv', { month });
    expect(response.status).toBe(201);
    expect(response.body.faultsToOpen).toEqual([
      expect.objectContaining({ cameraId: counted.id, category: 'other', alreadyOpen: false, faultId: expect.any(String) }),
      expect.objectContaining({ cameraId: described.id, category: 'communications', alreadyOpen: false, faultId: expect.any(String) }),
      expect.objectContaining({ cameraId: alreadyOpen.id, category: 'cabling', alreadyOpen: true }),
    ]);
    const [fault] = await faultsOf(counted.id);
    expect(fault).toMatchObject({
      category: 'other',
      status: 'open',
      source: 'kyndi_import',
      importId: response.body.id,
      reportedById: spoc.id,
      description: expect.stringMatching(/^2 faults reported by Kyndi for /),
    });
    expect((await faultsOf(described.id))[0]).toMatchObject({ category: 'communications', priority: 'amber' });
    expect(await faultsOf(alreadyOpen.id)).toHaveLength(1);
    expect((await app.dataSource.getRepository(Camera).findOneByOrFail({ id: counted.id })).status).toBe('faulty');

    // Next month's report still lists the fault: the open fault is not opened again.
    const later = await upload(app, spoc, csv([HEADER, [counted.assetNumber, 0, 0, 0, 1]]), 'r.csv', { month: nextMonth() });
    expect(later.body.faultsToOpen).toEqual([expect.objectContaining({ cameraId: counted.id, alreadyOpen: true })]);
    expect(await faultsOf(counted.id)).toHaveLength(1);
  });

  it('keeps a fault description that starts with digits whole: one fault, not a count', async () => {
    const spoc = await app.as('spoc');
    const [comms, recorder, counted] = await createCameras(app, 3);
    const file = csv([
      HEADER,
      [comms.assetNumber, 0, 0, 0, '4G comms dropping out'],
      [recorder.assetNumber, 0, 0, 0, '24hr recorder fault'],
      [counted.assetNumber, 0, 0, 0, '2 - 360 dome not rotating'],
      ['Total', 0, 0, 0, 4],
    ]);
    const response = await upload(app, spoc, file, 'r.csv', { month: nextMonth() });
    expect(response.status).toBe(201);
    expect(response.body.warnings.filter((w: { code: string }) => w.code === 'totals_mismatch')).toEqual([]);
    expect(response.body.totals).toMatchObject({ faults: 4 });
    expect(response.body.faultsToOpen).toEqual([
      expect.objectContaining({ cameraId: comms.id, category: 'communications', description: expect.stringContaining('4G comms dropping out') }),
      expect.objectContaining({ cameraId: recorder.id, description: expect.stringContaining('24hr recorder fault') }),
      expect.objectContaining({ cameraId: counted.id, description: expect.stringContaining('360 dome not rotating') }),
    ]);
    const rows = await activityOf(response.body.id);
    expect(rows.map((row) => [row.cameraId, row.faults, row.faultText])).toEqual([
      [comms.id, 1, '4G comms dropping out'],
      [recorder.id, 1, '24hr recorder fault'],
      [counted.id, 2, '360 dome not rotating'],
    ]);
  });

  it('applies nothing when the database fails part-way through the commit, and removes the stored file', async () => {
    const spoc = await app.as('spoc');
    const [first, failing] = await createCameras(app, 2);
    const month = nextMonth();
    const originalsBefore = await storedOriginals();
    await app.dataSource.query(`
      CREATE OR REPLACE FUNCTION kt_fail_activity() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.camera_id = '${failing.id}' THEN RAISE EXCEPTION 'simulated failure'; END IF;
        RETURN NEW;
      END $$`);
    await app.dataSource.query(
      'CREATE TRIGGER kt_fail_activity BEFORE INSERT ON camera_activity FOR EACH ROW EXECUTE FUNCTION kt_fail_activity()',
    );
    try {
      const file = csv([HEADER, [first.assetNumber, 1, 0, 0, 'Power'], [failing.assetNumber, 2, 0, 0, 0]]);
      const response = await upload(app, spoc, file, 'r.csv', { month });
      expect(response.status).toBe(500);
      expect(response.body.error).toBe('internal_error');
    } finally {
      await app.dataSource.query('DROP TRIGGER kt_fail_activity ON camera_activity');
      await app.dataSource.query('DROP FUNCTION kt_fail_activity()');
    }
    expect(await app.dataSource.getRepository(KyndiImport).findBy({ month })).toEqual([]);
    expect(await app.dataSource.getRepository(CameraActivity).findBy({ cameraId: first.id })).toEqual([]);
    expect(await faultsOf(first.id)).toEqual([]);
    expect((await app.dataSource.getRepository(Camera).findOneByOrFail({ id: first.id })).status).toBe('operational');
    expect(await storedOriginals()).toEqual(originalsBefore);
  });
});
