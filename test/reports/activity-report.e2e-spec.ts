import type { Camera } from '../../src/cameras/camera.entity.js';
import { describeAuthorization } from '../support/authorization-table.js';
import type { TestUser } from '../support/factories.js';
import { TestApp } from '../support/test-app.js';
import { createCamera, csv, HEADER, upload } from '../imports/kyndi-fixtures.js';

// Only this file imports reports for 2005, so totals over 2005 are exactly this file's figures.
let app: TestApp;
let spoc: TestUser;
let a: Camera;
let b: Camera;
let c: Camera;
let d: Camera;
const imports: Record<string, string> = {};

beforeAll(async () => {
  app = await TestApp.start();
  spoc = await app.as('spoc');
  a = await createCamera(app, { wardId: 'luton' });
  b = await createCamera(app, { wardId: 'luton' });
  c = await createCamera(app, { wardId: 'twydall' });
  d = await createCamera(app, { wardId: null, name: '=HYPERLINK("http://evil.example","click")' });
  const commit = async (key: string, month: string, rows: (string | number)[][], query: Record<string, string | boolean> = {}) => {
    const response = await upload(app, spoc, csv([HEADER, ...rows]), `${key}.csv`, { month, ...query });
    if (response.status !== 201) throw new Error(`${key}: ${response.status} ${JSON.stringify(response.body)}`);
    imports[key] = response.body.id;
  };
  await commit('jan', '2005-01', [[a.assetNumber, 10, 2, 1, 0], [b.assetNumber, 5, 1, 0, 0], [c.assetNumber, 1, 0, 3, 0]]);
  await commit('febFirst', '2005-02', [[a.assetNumber, 900, 900, 900, 0], [c.assetNumber, 900, 0, 0, 0]]);
  await commit('feb', '2005-02', [[a.assetNumber, 4, 1, 0, 0], [c.assetNumber, 2, 2, 0, 1], [d.assetNumber, 3, 0, 0, 0]], { replace: true });
  await commit('mar', '2005-03', [[a.assetNumber, 0, 0, 2, 0], [b.assetNumber, 6, 3, 1, 0]]);
  // A rejected upload and a preview for 2005-04 count for nothing.
  await upload(app, spoc, csv([HEADER, [a.assetNumber, 'x', 0, 0, 0]]), 'bad.csv', { month: '2005-04' });
  await upload(app, spoc, csv([HEADER, [a.assetNumber, 50, 0, 0, 0]]), 'preview.csv', { month: '2005-04', dryRun: true });
});
afterAll(() => app.close());

const get = (path: string, user: TestUser = spoc) => app.http().get(path).set('Authorization', user.auth);

describe('activity report', () => {
  it('by camera: sums committed, non-superseded imports, with grand totals and the months without a report', async () => {
    const response = await get('/api/v1/reports/activity?from=2005-01&to=2005-04&groupBy=camera');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      from: '2005-01',
      to: '2005-04',
      groupBy: 'camera',
      monthsReported: ['2005-01', '2005-02', '2005-03'],
      monthsWithoutReport: ['2005-04'],
      totals: { incidents: 31, arrests: 9, hits: 7, faults: 1 },
    });
    const byCamera = Object.fromEntries(response.body.rows.map((r: { cameraId: string }) => [r.cameraId, r]));
    expect(byCamera[a.id]).toEqual({
      cameraId: a.id,
      assetNumber: a.assetNumber,
      name: a.name,
      wardId: 'luton',
      wardName: 'Luton',
      monthsReported: 3,
      incidents: 14,
      arrests: 3,
      hits: 3,
      faults: 0,
    });
    expect(byCamera[b.id]).toMatchObject({ incidents: 11, arrests: 4, hits: 1, monthsReported: 2 });
    expect(byCamera[c.id]).toMatchObject({ incidents: 3, arrests: 2, hits: 3, faults: 1, wardName: 'Twydall' });
    expect(byCamera[d.id]).toMatchObject({ incidents: 3, wardId: null, wardName: null });
    expect(response.body.rows).toHaveLength(4);
  });

  it('by ward (the ward recorded with each month) and by month', async () => {
    const wards = await get('/api/v1/reports/activity?from=2005-01&to=2005-03&groupBy=ward');
    expect(wards.status).toBe(200);
    expect(wards.body.rows).toEqual([
      { wardId: 'luton', wardName: 'Luton', cameras: 2, monthsReported: 3, incidents: 25, arrests: 7, hits: 4, faults: 0 },
      { wardId: 'twydall', wardName: 'Twydall', cameras: 1, monthsReported: 2, incidents: 3, arrests: 2, hits: 3, faults: 1 },
      { wardId: null, wardName: 'No ward', cameras: 1, monthsReported: 1, incidents: 3, arrests: 0, hits: 0, faults: 0 },
    ]);
    expect(wards.body.totals).toEqual({ incidents: 31, arrests: 9, hits: 7, faults: 1 });

    const months = await get('/api/v1/reports/activity?from=2005-02&to=2005-03&groupBy=month');
    expect(months.body.rows).toEqual([
      { month: '2005-02', cameras: 3, incidents: 9, arrests: 3, hits: 0, faults: 1 },
      { month: '2005-03', cameras: 2, incidents: 6, arrests: 3, hits: 3, faults: 0 },
    ]);
    expect(months.body.monthsWithoutReport).toEqual([]);
  });

  it('defaults to grouping by camera and is empty for a period without reports', async () => {
    const empty = await get('/api/v1/reports/activity?from=1990-01&to=1990-12');
    expect(empty.body).toMatchObject({ groupBy: 'camera', rows: [], totals: { incidents: 0, arrests: 0, hits: 0, faults: 0 } });
    expect(empty.body.monthsWithoutReport).toHaveLength(12);
  });

  it('as CSV: the same figures with a Total row, and cells that could run as formulas neutralised', async () => {
    const response = await get('/api/v1/reports/activity.csv?from=2005-01&to=2005-04&groupBy=camera');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="activity-2005-01-to-2005-04-by-camera.csv"');
    const lines = response.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Camera,Name,Ward,Months reported,Incidents,Arrests,Hits,Faults');
    expect(lines).toContain(`${a.assetNumber},${a.name},Luton,3,14,3,3,0`);
    expect(lines).toContain(`${d.assetNumber},"'=HYPERLINK(""http://evil.example"",""click"")",,1,3,0,0,0`);
    expect(lines[lines.length - 1]).toBe('Total,,,,31,9,7,1');
    expect(response.text.startsWith('\uFEFF')).toBe(true);

    const months = await get('/api/v1/reports/activity.csv?from=2005-01&to=2005-03&groupBy=month');
    expect(months.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n')).toEqual([
      'Month,Cameras,Incidents,Arrests,Hits,Faults',
      '2005-01,3,16,3,4,0',
      '2005-02,3,9,3,0,1',
      '2005-03,2,6,3,3,0',
      'Total,,31,9,7,1',
    ]);
    const wards = await get('/api/v1/reports/activity.csv?from=2005-01&to=2005-03&groupBy=ward');
    expect(wards.text).toContain('Luton,2,3,25,7,4,0');
  });

  it('refuses missing, malformed and reversed periods, and unknown groupings', async () => {
    for (const path of ['/api/v1/reports/activity', '/api/v1/reports/activity.csv']) {
      const missing = await get(`${path}?to=2005-01`);
      expect(missing.status).toBe(400);
      expect(missing.body.error).toBe('validation_failed');
      expect((await get(`${path}?from=2005-1&to=2005-02`)).status).toBe(400);
      const reversed = await get(`${path}?from=2005-03&to=2005-01`);
      expect(reversed.status).toBe(400);
      expect(reversed.body.error).toBe('invalid_range');
      expect((await get(`${path}?from=1990-01&to=2005-01`)).body.error).toBe('invalid_range');
      expect((await get(`${path}?from=2005-01&to=2005-02&groupBy=street`)).status).toBe(400);
    }
  });
});

describe('camera activity', () => {
  it("lists a camera's months from committed imports only, optionally within a period", async () => {
    const response = await get(`/api/v1/cameras/${a.id}/activity`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      cameraId: a.id,
      assetNumber: a.assetNumber,
      name: a.name,
      months: [
        { month: '2005-01', wardId: 'luton', address: null, incidents: 10, arrests: 2, hits: 1, faults: 0, faultText: null, importId: imports.jan },
        { month: '2005-02', wardId: 'luton', address: null, incidents: 4, arrests: 1, hits: 0, faults: 0, faultText: null, importId: imports.feb },
        { month: '2005-03', wardId: 'luton', address: null, incidents: 0, arrests: 0, hits: 2, faults: 0, faultText: null, importId: imports.mar },
      ],
      totals: { incidents: 14, arrests: 3, hits: 3, faults: 0 },
    });
    const within = await get(`/api/v1/cameras/${a.id}/activity?from=2005-02&to=2005-02`);
    expect(within.body.months.map((m: { month: string }) => m.month)).toEqual(['2005-02']);
    const since = await get(`/api/v1/cameras/${a.id}/activity?from=2005-03`);
    expect(since.body.totals).toEqual({ incidents: 0, arrests: 0, hits: 2, faults: 0 });
  });

  it('answers 404 for an unknown camera and 400 for a bad id or period', async () => {
    expect((await get('/api/v1/cameras/00000000-0000-4000-8000-000000000000/activity')).status).toBe(404);
    expect((await get('/api/v1/cameras/not-a-uuid/activity')).body.error).toBe('invalid_id');
    expect((await get(`/api/v1/cameras/${a.id}/activity?from=2005-03&to=2005-01`)).body.error).toBe('invalid_range');
    expect((await get(`/api/v1/cameras/${a.id}/activity?month=2005-01`)).status).toBe(400);
  });
});

const someId = '00000000-0000-4000-8000-000000000000';
const readers = ['admin', 'spoc', 'cst_officer', 'auditor'] as const;
describeAuthorization('reports', () => app, [
  { method: 'get', path: '/api/v1/reports/activity?from=2005-01&to=2005-02', allowed: readers },
  { method: 'get', path: '/api/v1/reports/activity.csv?from=2005-01&to=2005-02', allowed: readers },
  { method: 'get', path: `/api/v1/cameras/${someId}/activity`, allowed: readers },
  { method: 'get', path: '/api/v1/reports/decommission-candidates?months=3', allowed: readers },
  { method: 'get', path: `/api/v1/reports/rdc-review-pack/${someId}`, allowed: readers },
]);
