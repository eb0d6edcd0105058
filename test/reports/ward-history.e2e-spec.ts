import type { Camera } from '../../src/cameras/camera.entity.js';
import { wardActivity } from '../../src/deployments/sources/activity.source.js';
import type { TestUser } from '../support/factories.js';
import { TestApp } from '../support/test-app.js';
import { createCamera, csv, HEADER, upload } from '../imports/kyndi-fixtures.js';

// Only this file imports reports for 2007. A month's figures stay with the ward the camera was in that month, even
// after the camera moves or an RDC goes back to the pool.
let app: TestApp;
let spoc: TestUser;
let mover: Camera;
let local: Camera;
let rdc: Camera;
let deploymentId: string;

const get = (path: string) => app.http().get(path).set('Authorization', spoc.auth);

async function commit(month: string, rows: (string | number)[][]) {
  const response = await upload(app, spoc, csv([HEADER, ...rows]), `${month}.csv`, { month });
  if (response.status !== 201) throw new Error(`${month}: ${response.status} ${JSON.stringify(response.body)}`);
}

beforeAll(async () => {
  app = await TestApp.start();
  spoc = await app.as('spoc');
  mover = await createCamera(app, { wardId: 'luton' });
  local = await createCamera(app, { wardId: 'twydall' });
  rdc = await createCamera(app, { kind: 'rapid_deployment', status: 'in_stock', prefix: 'RDC-WH' });
  const deployed = await app.http().post('/api/v1/deployments').set('Authorization', spoc.auth).send({
    cameraId: rdc.id,
    address: 'Twydall Green shops',
    ward: 'twydall',
    latitude: 51.375,
    longitude: 0.58,
    deployedOn: '2007-01-08',
    reason: 'Criminal damage at the shops',
  });
  if (deployed.status !== 201) throw new Error(JSON.stringify(deployed.body));
  deploymentId = deployed.body.id;

  await commit('2007-01', [[mover.assetNumber, 10, 1, 0, 0], [local.assetNumber, 2, 0, 0, 0], [rdc.assetNumber, 5, 2, 1, 0]]);

  // The fixed camera moves to Twydall; the RDC comes off its deployment, back to the store (no ward).
  const moved = await app.http().patch(`/api/v1/cameras/${mover.id}`).set('Authorization', spoc.auth).send({ ward: 'twydall' });
  expect(moved.status).toBe(200);
  const removed = await app
    .http()
    .post(`/api/v1/deployments/${deploymentId}/reviews`)
    .set('Authorization', spoc.auth)
    .send({ outcome: 'remove', notes: 'Problem has moved on', reviewedOn: '2007-02-20' });
  expect(removed.status).toBe(201);

  await commit('2007-03', [[mover.assetNumber, 7, 0, 0, 0], [local.assetNumber, 1, 0, 0, 0]]);
});
afterAll(() => app.close());

describe('ward history', () => {
  it('reports each month in the ward the camera was in then, not where it is now', async () => {
    const response = await get('/api/v1/reports/activity?from=2007-01&to=2007-03&groupBy=ward');
    expect(response.status).toBe(200);
    expect(response.body.rows).toEqual([
      { wardId: 'luton', wardName: 'Luton', cameras: 1, monthsReported: 1, incidents: 10, arrests: 1, hits: 0, faults: 0 },
      { wardId: 'twydall', wardName: 'Twydall', cameras: 3, monthsReported: 2, incidents: 15, arrests: 2, hits: 1, faults: 0 },
    ]);
  });

  it('by camera, shows a camera that moved once per ward it reported from', async () => {
    const response = await get('/api/v1/reports/activity?from=2007-01&to=2007-03&groupBy=camera');
    const moverRows = response.body.rows.filter((r: { cameraId: string }) => r.cameraId === mover.id);
    expect(moverRows).toEqual([
      expect.objectContaining({ wardId: 'luton', wardName: 'Luton', monthsReported: 1, incidents: 10 }),
      expect.objectContaining({ wardId: 'twydall', wardName: 'Twydall', monthsReported: 1, incidents: 7 }),
    ]);
    const rdcRow = response.body.rows.find((r: { cameraId: string }) => r.cameraId === rdc.id);
    expect(rdcRow).toMatchObject({ wardId: 'twydall', incidents: 5 });
  });

  it("records where the camera stood each month in its own activity", async () => {
    const response = await get(`/api/v1/cameras/${rdc.id}/activity`);
    expect(response.body.months).toEqual([
      expect.objectContaining({ month: '2007-01', wardId: 'twydall', address: 'Twydall Green shops', incidents: 5 }),
    ]);
  });

  it("counts in the review pack's ward only the cameras that were in the ward in those months", async () => {
    const response = await get(`/api/v1/reports/rdc-review-pack/${deploymentId}`);
    expect(response.status).toBe(200);
    // January: only `local` was in Twydall with the RDC (`mover` was still in Luton).
    expect(response.body.during).toMatchObject({
      months: ['2007-01', '2007-02'],
      camera: { incidents: 5, arrests: 2, hits: 1, faults: 0 },
      wardOtherCameras: { cameras: 1, incidents: 2, arrests: 0, hits: 0, faults: 0 },
    });
  });

  it("gives a proposal's ward evidence from the months' wards", async () => {
    const luton = await wardActivity(app.dataSource.manager, 'luton', '2007-01-01', '2007-03-31');
    expect(luton).toMatchObject({ camerasReporting: 1, monthsWithFigures: 1, totals: { incidents: 10, arrests: 1, hits: 0 } });
    const twydall = await wardActivity(app.dataSource.manager, 'twydall', '2007-01-01', '2007-03-31');
    expect(twydall).toMatchObject({ camerasReporting: 3, monthsWithFigures: 2, totals: { incidents: 15, arrests: 2, hits: 1 } });
  });
});
