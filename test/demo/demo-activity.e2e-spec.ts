import { In } from 'typeorm';
import { Camera } from '../../src/cameras/camera.entity.js';
import { DemoDataService } from '../../src/demo/demo-data.service.js';
import { CameraActivity } from '../../src/imports/camera-activity.entity.js';
import { KyndiDemoSeeder } from '../../src/imports/demo/kyndi-demo.seeder.js';
import { KyndiImport } from '../../src/imports/kyndi-import.entity.js';
import { addMonths, londonToday } from '../../src/imports/month.js';
import { ProposalDemoSeeder } from '../../src/proposals/demo/proposal-demo.seeder.js';
import { CameraProposal } from '../../src/proposals/camera-proposal.entity.js';
import { TestApp } from '../support/test-app.js';

/** The demo start loads a year of Kyndi reports through the real import route, so the reports have figures. */
describe('demo Kyndi reports', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ DEMO_DATA: 'true' });
    await app.app.get(DemoDataService).ensure();
  }, 180_000);
  afterAll(() => app.close());

  it('has a committed import for each of the last twelve months, imported by the demo SPOC with the file kept', async () => {
    const last = addMonths(londonToday().month, -1);
    const months = Array.from({ length: 12 }, (_, i) => addMonths(last, i - 11));
    const imports = await app.dataSource.getRepository(KyndiImport).findBy({ month: In(months), status: 'committed' });
    expect(imports.map((i) => i.month).sort()).toEqual(months);
    for (const row of imports) {
      expect(row.fileSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(row.s3Key).toEqual(expect.any(String));
    }
  });

  it('shows the Cricketers car park cameras as decommissioning candidates (no incidents all year)', async () => {
    const spoc = await app.as('spoc');
    const response = await app.http().get('/api/v1/reports/decommission-candidates?months=12').set('Authorization', spoc.auth);
    expect(response.status).toBe(200);
    const cricketers = await app.dataSource.getRepository(Camera).find({ where: { isDemo: true } });
    const quietIds = cricketers.filter((c) => c.address?.includes('Cricketers car park')).map((c) => c.id);
    expect(quietIds).toHaveLength(2);
    const candidateIds = JSON.stringify(response.body);
    for (const id of quietIds) expect(candidateIds).toContain(id);
    const activity = await app.dataSource.getRepository(CameraActivity).findBy({ cameraId: In(quietIds) });
    expect(activity.length).toBeGreaterThan(0);
    expect(activity.every((a) => a.incidents === 0)).toBe(true);
  });

  it("shows each camera's monthly activity in its detail, the same figures as its activity route, to every reader", async () => {
    const spoc = await app.as('spoc');
    const police = await app.as('police_officer');
    const busiest: { camera_id: string }[] = await app.dataSource.query(
      `SELECT a.camera_id FROM camera_activity a JOIN kyndi_import i ON i.id = a.import_id AND i.status = 'committed'
        WHERE a.month >= $1 GROUP BY a.camera_id ORDER BY sum(a.incidents) DESC, a.camera_id LIMIT 1`,
      [addMonths(londonToday().month, -11)],
    );
    const id = busiest[0].camera_id;
    const detail = await app.http().get(`/api/v1/cameras/${id}`).set('Authorization', police.auth);
    expect(detail.status).toBe(200);
    const { monthlyActivity } = detail.body;
    const thisMonth = londonToday().month;
    expect(monthlyActivity).toMatchObject({ from: addMonths(thisMonth, -11), to: thisMonth });
    // Other suites may have committed some recent months first (the demo then skips them): compare, don't count.
    expect(monthlyActivity.months.length).toBeGreaterThan(0);
    expect(monthlyActivity.totals.incidents).toBeGreaterThan(0);
    const route = await app
      .http()
      .get(`/api/v1/cameras/${id}/activity?from=${monthlyActivity.from}&to=${monthlyActivity.to}`)
      .set('Authorization', spoc.auth);
    expect(monthlyActivity.months).toEqual(
      route.body.months.map(({ month, incidents, arrests, hits, faults }: Record<string, unknown>) => ({ month, incidents, arrests, hits, faults })),
    );
    expect(monthlyActivity.totals).toEqual(route.body.totals);
    const reported = new Set(monthlyActivity.months.map((m: { month: string }) => m.month));
    expect(monthlyActivity.monthsWithoutFigures).toEqual(
      Array.from({ length: 12 }, (_, i) => addMonths(thisMonth, i - 11)).filter((m) => !reported.has(m)),
    );
  });

  it('has demo proposals for the CSP: the Cricketers cameras proposed for removal by their ward member, and a new camera', async () => {
    const spoc = await app.as('spoc');
    const response = await app.http().get('/api/v1/proposals?limit=200').set('Authorization', spoc.auth);
    expect(response.status).toBe(200);
    const demo = response.body.items.filter((p: { isDemo: boolean }) => p.isDemo);
    expect(demo).toHaveLength(3);
    const removals = demo.filter((p: { type: string }) => p.type === 'decommission');
    expect(removals.map((p: { status: string }) => p.status).sort()).toEqual(['submitted', 'under_review']);
    for (const removal of removals) {
      expect(removal).toMatchObject({ proposerType: 'ward_member', proposedBy: expect.stringMatching(/^Cllr /) });
      const detail = await app.http().get(`/api/v1/proposals/${removal.id}`).set('Authorization', spoc.auth);
      expect(detail.body.evidence.camera).toMatchObject({ address: expect.stringContaining('Cricketers car park'), activity: { totals: { incidents: 0 } } });
      const { byMonth, monthsWithoutFigures } = detail.body.evidence.camera.activity;
      expect(byMonth.length).toBeGreaterThan(0);
      expect(byMonth.length + monthsWithoutFigures.length).toBe(12);
    }
    expect(demo.find((p: { type: string }) => p.type === 'new_camera')).toMatchObject({
      proposerType: 'public',
      proposedLocation: { ward: 'gillingham-south' },
    });
  });

  it('does nothing the second time', async () => {
    expect(await app.app.get(KyndiDemoSeeder).seed()).toBe(0);
    await app.app.get(ProposalDemoSeeder).seed();
    expect(await app.dataSource.getRepository(CameraProposal).countBy({ isDemo: true })).toBe(3);
  });
});
