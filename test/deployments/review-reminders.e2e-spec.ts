import { Camera } from '../../src/cameras/camera.entity.js';
import { CameraDemoSeeder } from '../../src/cameras/demo/camera-demo.seeder.js';
import { RDC_DEMO_DEPLOYMENTS } from '../../src/cameras/demo/rdc-demo-deployments.js';
import { CameraDeployment } from '../../src/deployments/camera-deployment.entity.js';
import { seedDemoDeployments } from '../../src/deployments/demo/deployment-demo.seeder.js';
import { DeploymentsService } from '../../src/deployments/deployments.service.js';
import { REVIEW_REMINDER_JOB } from '../../src/deployments/review-reminders.service.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { Organisation } from '../../src/organisations/organisation.entity.js';
import { SchedulerService } from '../../src/scheduling/scheduler.service.js';
import type { TestUser } from '../support/factories.js';
import { TestApp } from '../support/test-app.js';
import { addDays, deployed, today } from './rdc-fixtures.js';

describe('RDC review reminders and demo deployments', () => {
  let app: TestApp;
  let spoc: TestUser;
  beforeAll(async () => {
    app = await TestApp.start();
    spoc = await app.as('spoc');
  });
  afterAll(() => app.close());

  const runJob = async () => {
    const result = await app.app.get(SchedulerService).trigger(REVIEW_REMINDER_JOB);
    expect(result).toMatchObject({ status: 'ran', run: { outcome: 'succeeded' } });
    return (result as { run: { result: { queued: number; dueSoon: number; overdue: number } } }).run.result;
  };
  const notificationsFor = (deploymentId: string) =>
    app.dataSource.getRepository(Notification).find({ where: { relatedEntityId: deploymentId }, order: { createdAt: 'ASC' } });

  it('notifies the SPOC once per due and overdue review, and running the job again adds nothing', async () => {
    const overdue = (await deployed(app, spoc, 100)).deployment; // due 16 days ago
    const dueToday = (await deployed(app, spoc, 84)).deployment;
    const dueIn14 = (await deployed(app, spoc, 70)).deployment;
    const dueIn15 = (await deployed(app, spoc, 69)).deployment;
    const closed = (await deployed(app, spoc, 120)).deployment;
    const removed = await app
      .http()
      .post(`/api/v1/deployments/${closed.id}/reviews`)
      .set('Authorization', spoc.auth)
      .send({ outcome: 'remove', notes: 'Closed before the reminder' });
    expect(removed.status).toBe(201);

    const first = await runJob();
    expect(first.queued).toBeGreaterThanOrEqual(3);
    expect(first.overdue).toBeGreaterThanOrEqual(1);

    const [overdueNote] = await notificationsFor(overdue.id);
    expect(await notificationsFor(overdue.id)).toHaveLength(1);
    expect(overdueNote).toMatchObject({
      kind: 'rdc_review_overdue',
      recipientRole: 'spoc',
      status: 'pending',
      relatedEntityType: 'camera_deployment',
      dedupeKey: `rdc_review_overdue:${overdue.id}:${addDays(today(), -16)}`,
    });
    expect(overdueNote.subject).toContain(String(overdue.cameraAssetNumber));
    expect(overdueNote.body).toContain('16 days overdue');

    const todayNotes = await notificationsFor(dueToday.id);
    expect(todayNotes.map((n) => n.kind)).toEqual(['rdc_review_due']);
    expect(todayNotes[0].body).toContain('is due today');
    const in14 = await notificationsFor(dueIn14.id);
    expect(in14.map((n) => n.kind)).toEqual(['rdc_review_due']);
    expect(in14[0].body).toContain('in 14 days');
    expect(await notificationsFor(dueIn15.id)).toHaveLength(0);
    expect(await notificationsFor(closed.id)).toHaveLength(0);

    const second = await runJob();
    expect(second.queued).toBe(0);
    for (const id of [overdue.id, dueToday.id, dueIn14.id]) expect(await notificationsFor(id)).toHaveLength(1);

    // A review that moves the due date makes the next reminder a new one.
    const extended = await app
      .http()
      .post(`/api/v1/deployments/${overdue.id}/reviews`)
      .set('Authorization', spoc.auth)
      .send({ outcome: 'extend', extendWeeks: 1, notes: 'One more week' });
    expect(extended.status).toBe(201);
    const third = await runJob();
    expect(third.queued).toBe(1);
    const after = await notificationsFor(overdue.id);
    expect(after.map((n) => n.kind)).toEqual(['rdc_review_overdue', 'rdc_review_due']);
    expect(after[1].dedupeKey).toBe(`rdc_review_due:${overdue.id}:${addDays(today(), 7)}`);
  });

  it('lists the reminders through the notifications API', async () => {
    const { deployment } = await deployed(app, spoc, 90);
    await runJob();
    const admin = await app.as('admin');
    const response = await app
      .http()
      .get(`/api/v1/notifications?kind=rdc_review_overdue&relatedEntityId=${deployment.id}`)
      .set('Authorization', admin.auth);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ total: 1, items: [{ kind: 'rdc_review_overdue', relatedEntityId: deployment.id, recipientRole: 'spoc' }] });
  });

  it('is registered as a daily job', () => {
    const job = app.app.get(SchedulerService).list().find((j) => j.name === REVIEW_REMINDER_JOB);
    expect(job).toMatchObject({ cron: '0 7 * * *' });
  });

  it('seeds an active deployment for each demo RDC that exists, once', async () => {
    const cameras = app.dataSource.getRepository(Camera);
    // The demo estate seeder makes these cameras (exactly as a demo start would) if this run has not yet.
    const organisations = app.dataSource.getRepository(Organisation);
    if (!(await organisations.existsBy({ name: 'Kyndi' }))) await organisations.save({ name: 'Kyndi', kind: 'contractor' });
    await app.app.get(CameraDemoSeeder).seed();
    const service = app.app.get(DeploymentsService);
    await seedDemoDeployments(app.dataSource, service);
    const again = await seedDemoDeployments(app.dataSource, service);
    expect(again).toBe(0);

    const deployments = app.dataSource.getRepository(CameraDeployment);
    for (const demo of RDC_DEMO_DEPLOYMENTS) {
      const camera = await cameras.findOneByOrFail({ assetNumber: demo.assetNumber });
      const rows = await deployments.findBy({ cameraId: camera.id });
      expect({ asset: demo.assetNumber, count: rows.length }).toEqual({ asset: demo.assetNumber, count: 1 });
      expect(rows[0]).toMatchObject({
        status: 'active',
        isDemo: true,
        address: demo.address,
        wardId: demo.ward,
        deployedOn: demo.deployedOn,
        reviewDueOn: addDays(demo.deployedOn, 84),
      });
    }

    // The spread the issue asks for: some overdue, some due within 14 days, some later.
    const spoc = await app.as('spoc');
    const demoItems: { isDemo: boolean; daysUntilReview: number }[] = [];
    for (let cursor = ''; ; ) {
      const page = await app.http().get(`/api/v1/deployments?active=true&limit=200${cursor}`).set('Authorization', spoc.auth);
      demoItems.push(...page.body.items.filter((i: { isDemo: boolean }) => i.isDemo));
      if (!page.body.nextCursor) break;
      cursor = `&cursor=${page.body.nextCursor}`;
    }
    expect(demoItems).toHaveLength(29);
    const days = demoItems.map((i: { daysUntilReview: number }) => i.daysUntilReview);
    expect(days.some((d: number) => d < 0)).toBe(true);
    expect(days.some((d: number) => d >= 0 && d <= 14)).toBe(true);
    expect(days.some((d: number) => d > 14)).toBe(true);
  });
});
