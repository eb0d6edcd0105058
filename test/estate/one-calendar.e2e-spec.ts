import { jest } from '@jest/globals';
import { Camera } from '../../src/cameras/camera.entity.js';
import { Clock } from '../../src/common/time/clock.js';
import { TestApp } from '../support/test-app.js';
import { assetNumber, cameraBody, createCamera } from './estate-fixtures.js';

/** 00:30 on 1 July 2025 in London (BST), still 30 June in UTC. */
const HALF_PAST_MIDNIGHT_BST = new Date('2025-06-30T23:30:00Z');
const LONDON_DAY = '2025-07-01';

describe('one calendar (Europe/London) on every path, at 00:30 BST', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
    jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(HALF_PAST_MIDNIGHT_BST));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  const decommissionedOn = async (id: string) =>
    (await app.dataSource.getRepository(Camera).findOneByOrFail({ id })).decommissionedOn;

  it('dates a decommissioning by PATCH, by create and by the CSV import with the London day', async () => {
    const spoc = await app.as('spoc');
    const edited = await createCamera(app);
    const patch = await app.http().patch(`/api/v1/cameras/${edited.id}`).set('Authorization', spoc.auth).send({ status: 'decommissioned' });
    expect(patch.status).toBe(200);
    expect(patch.body.decommissionedOn).toBe(LONDON_DAY);

    const created = await app
      .http()
      .post('/api/v1/cameras')
      .set('Authorization', spoc.auth)
      .send(cameraBody({ status: 'decommissioned' }));
    expect(created.status).toBe(201);
    expect(await decommissionedOn(created.body.id)).toBe(LONDON_DAY);

    const imported = assetNumber('CAL');
    const csv = `assetNumber,name,kind,technology,status\n${imported},Calendar camera,fixed,digital,decommissioned\n`;
    const response = await app
      .http()
      .post('/api/v1/cameras/import?dryRun=false')
      .set('Authorization', spoc.auth)
      .attach('file', Buffer.from(csv), 'cameras.csv');
    expect(response.status).toBe(201);
    const camera = await app.dataSource.getRepository(Camera).findOneByOrFail({ assetNumber: imported });
    expect(camera.decommissionedOn).toBe(LONDON_DAY);
  });

  it('dates an approved decommission proposal, and the camera it retires, with the London day', async () => {
    const spoc = await app.as('spoc');
    const camera = await createCamera(app);
    const proposal = await app
      .http()
      .post('/api/v1/proposals')
      .set('Authorization', spoc.auth)
      .send({ type: 'decommission', cameraId: camera.id, proposedBy: 'CCTV SPOC', proposerType: 'officer', rationale: 'End of life' });
    expect(proposal.status).toBe(201);
    // The evidence covers the 12 whole months before London's July.
    expect(proposal.body.evidence.period).toEqual({ from: '2024-07-01', to: '2025-06-30' });
    await app.http().post(`/api/v1/proposals/${proposal.body.id}/review`).set('Authorization', spoc.auth).send({});
    const decided = await app
      .http()
      .post(`/api/v1/proposals/${proposal.body.id}/decision`)
      .set('Authorization', spoc.auth)
      .send({ approve: true, rationale: 'Agreed', decidedOn: LONDON_DAY });
    expect(decided.status).toBe(200);
    expect(decided.body.decision.decidedOn).toBe(LONDON_DAY);
    expect(await decommissionedOn(camera.id)).toBe(LONDON_DAY);
  });

  it('accepts a deployment dated the London day and counts its review from it', async () => {
    const spoc = await app.as('spoc');
    const rdc = await createCamera(app, { kind: 'rapid_deployment', status: 'in_stock', ward: null, address: 'RDC store', latitude: null, longitude: null });
    const response = await app
      .http()
      .post('/api/v1/deployments')
      .set('Authorization', spoc.auth)
      .send({
        cameraId: rdc.id,
        address: 'Luton Road arches, Chatham',
        ward: 'luton',
        latitude: 51.3751,
        longitude: 0.5402,
        deployedOn: LONDON_DAY,
        reason: 'Drug dealing reported by residents',
      });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ deployedOn: LONDON_DAY, reviewDueOn: '2025-09-23', daysUntilReview: 84 });
  });

  it('names the export after the London day and counts the current quarter in London', async () => {
    const spoc = await app.as('spoc');
    const exported = await app.http().get('/api/v1/cameras/export.csv?q=nothing-matches').set('Authorization', spoc.auth);
    expect(exported.headers['content-disposition']).toBe(`attachment; filename="cameras-${LONDON_DAY}.csv"`);
    const health = await app.http().get('/api/v1/faults/health').set('Authorization', spoc.auth);
    expect(health.body.meanTimeToRepair.at(-1)).toMatchObject({ quarter: '2025-Q3', startsOn: '2025-07-01' });
  });
});
