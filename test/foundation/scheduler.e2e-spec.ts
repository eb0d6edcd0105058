import { JobRun } from '../../src/scheduling/job-run.entity.js';
import { SchedulerService } from '../../src/scheduling/scheduler.service.js';
import { TestApp } from '../support/test-app.js';
import { unique } from '../support/factories.js';

describe('scheduler', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('runs a job on trigger and records its run and result', async () => {
    const name = unique('test.count');
    let runs = 0;
    app.app.get(SchedulerService).register({
      name,
      cron: '0 3 * * *',
      description: 'counts',
      run: async () => ({ runs: ++runs }),
    });
    const result = await app.app.get(SchedulerService).trigger(name);
    expect(result.status).toBe('ran');
    const stored = await app.dataSource.getRepository(JobRun).findOneByOrFail({ job: name });
    expect(stored).toMatchObject({ outcome: 'succeeded', trigger: 'manual', result: { runs: 1 } });
    expect(stored.finishedAt!.getTime()).toBeGreaterThanOrEqual(stored.startedAt.getTime());
  });

  it('records a failing job as failed with its error', async () => {
    const name = unique('test.fail');
    app.app.get(SchedulerService).register({
      name,
      cron: '0 3 * * *',
      description: 'fails',
      run: async () => {
        throw new Error('disk on fire');
      },
    });
    const result = await app.app.get(SchedulerService).trigger(name);
    expect(result).toMatchObject({ status: 'ran', run: { outcome: 'failed', error: 'disk on fire' } });
  });

  it('lets only one instance run a schedule slot (advisory lock + unique slot)', async () => {
    const second = await TestApp.start();
    try {
      const name = unique('test.once');
      let executions = 0;
      const job = {
        name,
        cron: '* * * * *',
        description: 'once per slot',
        run: async () => {
          executions += 1;
          await new Promise((resolve) => setTimeout(resolve, 50));
          return null;
        },
      };
      app.app.get(SchedulerService).register(job);
      second.app.get(SchedulerService).register(job);
      const slot = new Date().toISOString();
      // Both instances fire for the same minute, as cron would on two servers.
      const execute = (s: SchedulerService) =>
        (s as unknown as { execute: (j: typeof job, slot: string, t: string) => Promise<{ status: string }> }).execute(job, slot, 'schedule');
      const results = await Promise.all([execute(app.app.get(SchedulerService)), execute(second.app.get(SchedulerService))]);
      expect(results.map((r) => r.status).sort()).toEqual(['ran', 'skipped']);
      expect(executions).toBe(1);
      expect(await app.dataSource.getRepository(JobRun).countBy({ job: name })).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('exposes jobs and runs to admins, and an admin can trigger a job over HTTP', async () => {
    const name = unique('test.http');
    app.app.get(SchedulerService).register({ name, cron: '0 4 * * *', description: 'http', run: async () => ({ ok: true }) });
    const admin = await app.as('admin');
    const triggered = await app.http().post(`/api/v1/jobs/${name}/run`).set('Authorization', admin.auth);
    expect(triggered.status).toBe(200);
    expect(triggered.body).toMatchObject({ status: 'ran', run: { job: name, outcome: 'succeeded', result: { ok: true } } });
    // The job route records nothing itself: the audit interceptor's fallback entry covers it.
    const audit = await app
      .http()
      .get(`/api/v1/audit?actorId=${admin.id}&entityType=jobs`)
      .set('Authorization', admin.auth);
    expect(audit.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'POST /api/v1/jobs/:name/run', actorId: admin.id, after: expect.objectContaining({ status: 'ran' }) }),
      ]),
    );
    const runs = await app.http().get(`/api/v1/jobs/runs?job=${name}`).set('Authorization', admin.auth);
    expect(runs.body.total).toBe(1);
    const jobs = await app.http().get('/api/v1/jobs?limit=200').set('Authorization', admin.auth);
    expect(jobs.body.items.map((j: { name: string }) => j.name)).toContain(name);
    expect(jobs.body.nextCursor).toBeNull();
    const first = await app.http().get('/api/v1/jobs?limit=2').set('Authorization', admin.auth);
    expect(first.body).toMatchObject({ total: jobs.body.total, items: jobs.body.items.slice(0, 2) });
    const second = await app.http().get(`/api/v1/jobs?limit=2&cursor=${first.body.nextCursor}`).set('Authorization', admin.auth);
    expect(second.body.items).toEqual(jobs.body.items.slice(2, 4));
    for (const query of ['limit=0', 'limit=201', 'cursor=not*a*cursor', 'cursor=bm9wZQ', 'sort=name']) {
      const bad = await app.http().get(`/api/v1/jobs?${query}`).set('Authorization', admin.auth);
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ statusCode: 400, error: expect.any(String), requestId: expect.any(String) });
    }
    const unknown = await app.http().post('/api/v1/jobs/no.such.job/run').set('Authorization', admin.auth);
    expect(unknown.status).toBe(404);
  });

  it('prunes old successful runs after 30 days and failed ones after 180, keeping recent ones', async () => {
    const job = unique('test.prune');
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    const repository = app.dataSource.getRepository(JobRun);
    const row = (slot: string, outcome: 'succeeded' | 'failed', startedAt: Date) =>
      repository.save(repository.create({ job, slot, trigger: 'schedule', outcome, startedAt, finishedAt: startedAt }));
    await row('old-ok', 'succeeded', daysAgo(31));
    await row('recent-ok', 'succeeded', daysAgo(29));
    await row('old-failed', 'failed', daysAgo(181));
    await row('recent-failed', 'failed', daysAgo(60));
    const result = await app.app.get(SchedulerService).trigger('scheduling.prune-job-runs');
    expect(result).toMatchObject({ status: 'ran', run: { outcome: 'succeeded', result: { deleted: expect.any(Number) } } });
    const left = (await repository.findBy({ job })).map((r) => r.slot).sort();
    expect(left).toEqual(['recent-failed', 'recent-ok']);
  });

  it('schedules nothing when disabled by configuration', async () => {
    const scheduler = app.app.get(SchedulerService);
    expect(app.config.schedulerEnabled).toBe(false);
    expect((scheduler as unknown as { tasks: unknown[] }).tasks).toHaveLength(0);
  });
});
