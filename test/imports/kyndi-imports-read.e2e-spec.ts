import { KYNDI_REMINDER_JOB, KyndiReportReminder } from '../../src/imports/kyndi-report-reminder.js';
import { addMonths, londonToday } from '../../src/imports/month.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { SchedulerService } from '../../src/scheduling/scheduler.service.js';
import { describeAuthorization } from '../support/authorization-table.js';
import { TestApp } from '../support/test-app.js';
import { createCamera, csv, HEADER, monthSequence, upload } from './kyndi-fixtures.js';

let app: TestApp;
const nextMonth = monthSequence(2004);
beforeAll(async () => {
  app = await TestApp.start();
});
afterAll(() => app.close());

describe('listing and reading imports', () => {
  it('lists imports newest first, filtered by month and status, one page at a time', async () => {
    const spoc = await app.as('spoc');
    const camera = await createCamera(app);
    const month = nextMonth();
    const good = csv([HEADER, [camera.assetNumber, 1, 0, 0, 0]]);
    const preview = await upload(app, spoc, good, 'a.csv', { month, dryRun: true });
    const rejected = await upload(app, spoc, csv([HEADER, [camera.assetNumber, 'x', 0, 0, 0]]), 'b.csv', { month });
    const committed = await upload(app, spoc, good, 'c.csv', { month });
    expect([preview.status, rejected.status, committed.status]).toEqual([200, 422, 201]);

    const all = await app.http().get(`/api/v1/imports?month=${month}`).set('Authorization', spoc.auth);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.items.map((i: { id: string }) => i.id)).toEqual([committed.body.id, rejected.body.id, preview.body.id]);
    expect(all.body.items[1]).toMatchObject({ status: 'rejected', errorCount: 1, fileName: 'b.csv', originalKept: true });
    expect(all.body.items[1].errors).toBeUndefined();

    const onlyCommitted = await app.http().get(`/api/v1/imports?month=${month}&status=committed`).set('Authorization', spoc.auth);
    expect(onlyCommitted.body.items.map((i: { id: string }) => i.id)).toEqual([committed.body.id]);

    const page1 = await app.http().get(`/api/v1/imports?month=${month}&limit=2`).set('Authorization', spoc.auth);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await app
      .http()
      .get(`/api/v1/imports?month=${month}&limit=2&cursor=${page1.body.nextCursor}`)
      .set('Authorization', spoc.auth);
    expect(page2.body).toMatchObject({ total: 3, nextCursor: null });
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual([preview.body.id]);

    const auditor = await app.as('auditor');
    const detail = await app.http().get(`/api/v1/imports/${rejected.body.id}`).set('Authorization', auditor.auth);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: rejected.body.id, errors: [expect.objectContaining({ row: 2, column: 'Incidents' })] });
  });

  it('refuses bad filters and unknown ids', async () => {
    const spoc = await app.as('spoc');
    const badMonth = await app.http().get('/api/v1/imports?month=October').set('Authorization', spoc.auth);
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.error).toBe('validation_failed');
    const badStatus = await app.http().get('/api/v1/imports?status=done').set('Authorization', spoc.auth);
    expect(badStatus.status).toBe(400);
    const notUuid = await app.http().get('/api/v1/imports/42').set('Authorization', spoc.auth);
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.error).toBe('invalid_id');
    const unknown = await app.http().get('/api/v1/imports/00000000-0000-4000-8000-000000000000').set('Authorization', spoc.auth);
    expect(unknown.status).toBe(404);
  });

  it("shows Kyndi operators their own organisation's imports only", async () => {
    const kyndi = await app.as('kyndi_operator', 'kyndi-a');
    const colleague = await app.as('kyndi_operator', 'kyndi-a');
    const otherContractor = await app.as('kyndi_operator', 'other-contractor');
    const spoc = await app.as('spoc');
    const camera = await createCamera(app);
    const month = nextMonth();
    const file = csv([HEADER, [camera.assetNumber, 1, 0, 0, 0]]);
    const theirs = await upload(app, kyndi, file, 'k.csv', { month, dryRun: true });
    const councils = await upload(app, spoc, file, 's.csv', { month, dryRun: true });

    const listed = await app.http().get(`/api/v1/imports?month=${month}`).set('Authorization', colleague.auth);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([theirs.body.id]);
    expect((await app.http().get(`/api/v1/imports/${theirs.body.id}`).set('Authorization', colleague.auth)).status).toBe(200);
    expect((await app.http().get(`/api/v1/imports/${councils.body.id}`).set('Authorization', kyndi.auth)).status).toBe(404);
    const other = await app.http().get(`/api/v1/imports?month=${month}`).set('Authorization', otherContractor.auth);
    expect(other.body.total).toBe(0);
    const council = await app.http().get(`/api/v1/imports?month=${month}`).set('Authorization', spoc.auth);
    expect(council.body.total).toBe(2);
  });
});

describe('template', () => {
  it('is a CSV listing the cameras Kyndi reports on, which imports back as it is', async () => {
    const spoc = await app.as('spoc');
    const reported = await createCamera(app);
    const faulty = await createCamera(app, { status: 'faulty' });
    const stock = await createCamera(app, { status: 'in_stock' });
    const retired = await createCamera(app, { status: 'decommissioned' });
    const month = nextMonth();
    const response = await app.http().get(`/api/v1/imports/kyndi-monthly/template.csv?month=${month}`).set('Authorization', spoc.auth);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain('kyndi-monthly-template.csv');
    const lines = response.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Month,Camera,Incidents,Arrests,Hits,Faults');
    expect(lines).toContain(`${month},${reported.assetNumber},,,,`);
    expect(lines).toContain(`${month},${faulty.assetNumber},,,,`);
    expect(response.text).not.toContain(stock.assetNumber);
    expect(response.text).not.toContain(retired.assetNumber);

    const preview = await upload(app, spoc, Buffer.from(response.text), 'template.csv', { dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ month, monthSource: 'column', errors: [] });
    expect(preview.body.warnings).toContainEqual(expect.objectContaining({ code: 'blank_figures', assetNumber: reported.assetNumber }));

    const defaultMonth = await app.http().get('/api/v1/imports/kyndi-monthly/template.csv').set('Authorization', spoc.auth);
    expect(defaultMonth.text.split('\r\n')[1]).toMatch(new RegExp(`^${addMonths(londonToday().month, -1)},`));
  });
});

describe('report reminder job', () => {
  const notificationsFor = (month: string) =>
    app.dataSource.getRepository(Notification).findBy({ kind: 'kyndi_report_missing', dedupeKey: `kyndi-report-missing:${month}` });

  it('from the due day, notifies the SPOC role once when the previous month has no committed import', async () => {
    const reminder = app.app.get(KyndiReportReminder);
    expect(app.config.imports.kyndiReportDueDay).toBe(10);
    expect(await reminder.run(new Date('2010-03-09T12:00:00Z'))).toEqual({ month: '2010-02', due: false, missing: false, notified: false });
    expect(await notificationsFor('2010-02')).toEqual([]);

    expect(await reminder.run(new Date('2010-03-10T12:00:00Z'))).toEqual({ month: '2010-02', due: true, missing: true, notified: true });
    expect(await reminder.run(new Date('2010-03-11T12:00:00Z'))).toEqual({ month: '2010-02', due: true, missing: true, notified: false });
    const [notification] = await notificationsFor('2010-02');
    expect(notification).toMatchObject({
      recipientRole: 'spoc',
      subject: 'Kyndi activity report for February 2010 not received',
      relatedEntityType: 'kyndi_report',
      relatedEntityId: '2010-02',
    });
    expect(await notificationsFor('2010-02')).toHaveLength(1);
  });

  it('does not remind when the month has a committed import (a preview or rejection does not count)', async () => {
    const spoc = await app.as('spoc');
    const camera = await createCamera(app);
    const file = csv([HEADER, [camera.assetNumber, 1, 0, 0, 0]]);
    await upload(app, spoc, file, 'r.csv', { month: '2010-05', dryRun: true });
    expect((await app.app.get(KyndiReportReminder).run(new Date('2010-06-15T09:00:00Z'))).missing).toBe(true);
    expect((await upload(app, spoc, file, 'r.csv', { month: '2010-06' })).status).toBe(201);
    expect(await app.app.get(KyndiReportReminder).run(new Date('2010-07-15T09:00:00Z'))).toEqual({
      month: '2010-06',
      due: true,
      missing: false,
      notified: false,
    });
    expect(await notificationsFor('2010-06')).toEqual([]);
  });

  it('uses the configured due day and runs as the scheduled job', async () => {
    const early = await TestApp.start({ KYNDI_REPORT_DUE_DAY: '1' });
    try {
      expect(early.config.imports.kyndiReportDueDay).toBe(1);
      expect((await early.app.get(KyndiReportReminder).run(new Date('2010-09-01T09:00:00Z'))).due).toBe(true);
      const job = early.app.get(SchedulerService).list().find((j) => j.name === KYNDI_REMINDER_JOB);
      expect(job).toMatchObject({ cron: '0 8 * * *' });
      const result = await early.app.get(SchedulerService).trigger(KYNDI_REMINDER_JOB);
      expect(result).toMatchObject({
        status: 'ran',
        run: { outcome: 'succeeded', result: { month: addMonths(londonToday().month, -1), due: true } },
      });
    } finally {
      await early.close();
    }
  });
});

const someId = '00000000-0000-4000-8000-000000000000';
describeAuthorization('Kyndi imports', () => app, [
  { method: 'post', path: '/api/v1/imports/kyndi-monthly', allowed: ['admin', 'spoc', 'cst_officer', 'kyndi_operator'], body: {} },
  { method: 'get', path: '/api/v1/imports/kyndi-monthly/template.csv', allowed: ['admin', 'spoc', 'cst_officer', 'kyndi_operator'] },
  { method: 'get', path: '/api/v1/imports', allowed: ['admin', 'spoc', 'cst_officer', 'kyndi_operator', 'auditor'] },
  { method: 'get', path: `/api/v1/imports/${someId}`, allowed: ['admin', 'spoc', 'cst_officer', 'kyndi_operator', 'auditor'] },
]);
