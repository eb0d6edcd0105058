import { In } from 'typeorm';
import { Camera } from '../../src/cameras/camera.entity.js';
import { DemoDataService } from '../../src/demo/demo-data.service.js';
import { CameraActivity } from '../../src/imports/camera-activity.entity.js';
import { KyndiDemoSeeder } from '../../src/imports/demo/kyndi-demo.seeder.js';
import { KyndiImport } from '../../src/imports/kyndi-import.entity.js';
import { addMonths, londonToday } from '../../src/imports/month.js';
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

  it('does nothing the second time', async () => {
    expect(await app.app.get(KyndiDemoSeeder).seed()).toBe(0);
  });
});
