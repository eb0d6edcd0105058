import type { Camera } from '../../src/cameras/camera.entity.js';
import { CameraDeployment } from '../../src/deployments/camera-deployment.entity.js';
import { EvidenceRequest } from '../../src/evidence/entities/evidence-request.entity.js';
import { FaultsService } from '../../src/faults/faults.service.js';
import { addMonths, firstDay, londonToday } from '../../src/imports/month.js';
import type { TestUser } from '../support/factories.js';
import { unique } from '../support/factories.js';
import { TestApp } from '../support/test-app.js';
import { createCamera, csv, HEADER, upload } from '../imports/kyndi-fixtures.js';

let app: TestApp;
let spoc: TestUser;
let police: TestUser;
beforeAll(async () => {
  app = await TestApp.start();
  spoc = await app.as('spoc');
  police = await app.as('police_officer');
});
afterAll(() => app.close());

const get = (path: string) => app.http().get(path).set('Authorization', spoc.auth);

async function commit(month: string, rows: (string | number)[][]) {
  // replace=true: these months are near the present, so be robust to another suite having imported one.
  const response = await upload(app, spoc, csv([HEADER, ...rows]), 'r.csv', { month, replace: true });
  if (response.status !== 201) throw new Error(`${month}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

/** An evidence request naming `cameras`, made at `createdAt`, for footage in the given window. */
async function evidenceRequest(cameras: Camera[], createdAt: Date, window: { start: Date; end: Date } = { start: createdAt, end: createdAt }) {
  const repository = app.dataSource.getRepository(EvidenceRequest);
  const saved = await repository.save(
    repository.create({
      crimeReference: unique('46/REP'),
      offenceType: 'Theft from the person',
      cameraIds: cameras.map((camera) => camera.id),
      windowStart: window.start,
      windowEnd: window.end,
      purpose: 'Identify the suspect',
      lawfulBasis: 'DPA 2018 s.35',
      urgency: 'routine',
      status: 'fulfilled',
      mayBeOverwritten: false,
      requestedById: police.id,
      organisationId: police.organisationId,
    }),
  );
  await app.dataSource.query('UPDATE evidence_request SET created_at = $2 WHERE id = $1', [saved.id, createdAt]);
  return saved;
}

describe('decommission candidates', () => {
  const current = londonToday().month;
  const month = (back: number) => addMonths(current, -back);
  const cameras: Record<string, Camera> = {};

  beforeAll(async () => {
    for (const name of ['busy', 'quiet', 'silent', 'requested', 'requestedLongAgo', 'oldBusy', 'supersededBusy']) {
      cameras[name] = await createCamera(app);
    }
    cameras.faultyQuiet = await createCamera(app, { status: 'faulty' });
    cameras.retired = await createCamera(app, { status: 'decommissioned' });
    cameras.spare = await createCamera(app, { status: 'in_stock', kind: 'rapid_deployment' });
    cameras.newcomer = await createCamera(app, { installedOn: firstDay(current) });
    const { busy, quiet, requested, requestedLongAgo, oldBusy, supersededBusy, faultyQuiet, retired, spare, newcomer } = cameras;
    const zeros = (camera: Camera, arrests = 0) => [camera.assetNumber, 0, arrests, 0, 0];
    const everyoneQuiet = [zeros(quiet, 1), zeros(requested), zeros(requestedLongAgo), zeros(oldBusy), zeros(faultyQuiet), zeros(retired), zeros(spare), zeros(newcomer)];
    await commit(month(5), [[oldBusy.assetNumber, 7, 1, 0, 0]]);
    await commit(month(3), [...everyoneQuiet, zeros(busy), zeros(supersededBusy)]);
    await commit(month(2), [...everyoneQuiet, [busy.assetNumber, 2, 0, 0, 0], zeros(supersededBusy)]);
    await commit(month(1), [...everyoneQuiet, zeros(busy), [supersededBusy.assetNumber, 9, 0, 0, 0]]);
    await commit(month(1), [...everyoneQuiet, zeros(busy), zeros(supersededBusy)]);
    const windowStart = new Date(`${firstDay(month(3))}T12:00:00Z`);
    await evidenceRequest([requested], new Date(windowStart.getTime() + 10 * 86_400_000));
    await evidenceRequest([requestedLongAgo], new Date(windowStart.getTime() - 40 * 86_400_000));
  });

  const mine = (body: { candidates: { cameraId: string }[] }) => {
    const ids = new Map(Object.entries(cameras).map(([name, camera]) => [camera.id, name]));
    return body.candidates.filter((c) => ids.has(c.cameraId)).map((c) => ids.get(c.cameraId)).sort();
  };

  it('lists cameras in service with no incidents and no evidence requests over the last N complete months', async () => {
    const response = await get('/api/v1/reports/decommission-candidates?months=3');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ months: 3, from: month(3), to: month(1), monthsWithoutReport: [] });
    expect(mine(response.body)).toEqual(['faultyQuiet', 'oldBusy', 'quiet', 'requestedLongAgo', 'silent', 'supersededBusy']);
    const quiet = response.body.candidates.find((c: { cameraId: string }) => c.cameraId === cameras.quiet.id);
    expect(quiet).toEqual({
      cameraId: cameras.quiet.id,
      assetNumber: cameras.quiet.assetNumber,
      name: cameras.quiet.name,
      kind: 'fixed',
      status: 'operational',
      wardId: null,
      wardName: null,
      installedOn: null,
      monthsReported: 3,
      arrests: 3,
      hits: 0,
      faults: 0,
    });
    const silent = response.body.candidates.find((c: { cameraId: string }) => c.cameraId === cameras.silent.id);
    expect(silent.monthsReported).toBe(0);
  });

  it('looks further back when asked, and refuses an invalid number of months', async () => {
    const six = await get('/api/v1/reports/decommission-candidates?months=6');
    expect(six.body).toMatchObject({ months: 6, from: month(6), to: month(1) });
    expect(six.body.monthsWithoutReport).not.toEqual(expect.arrayContaining([month(5), month(3), month(2), month(1)]));
    expect(mine(six.body)).not.toContain('oldBusy');
    expect(mine(six.body)).not.toContain('requestedLongAgo');
    const byDefault = await get('/api/v1/reports/decommission-candidates');
    expect(byDefault.body.months).toBe(12);
    for (const bad of ['0', '61', 'x', '1.5']) {
      const response = await get(`/api/v1/reports/decommission-candidates?months=${bad}`);
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('validation_failed');
    }
  });
});

describe('RDC review pack', () => {
  let rdc: Camera;
  let neighbour: Camera;
  let deployment: CameraDeployment;

  const deploy = (camera: Camera, fields: Partial<CameraDeployment>) => {
    const repository = app.dataSource.getRepository(CameraDeployment);
    return repository.save(
      repository.create({
        cameraId: camera.id,
        address: 'Luton Road arches, Chatham',
        wardId: 'luton',
        latitude: 51.3751,
        longitude: 0.5402,
        reason: 'Drug dealing reported by residents',
        crimeTypes: ['drugs'],
        requestedBy: 'Kent Police',
        status: 'closed',
        ...fields,
      } as CameraDeployment),
    );
  };

  beforeAll(async () => {
    rdc = await createCamera(app, { kind: 'rapid_deployment', prefix: 'RDC-KT' });
    neighbour = await createCamera(app, { wardId: 'luton' });
    deployment = await deploy(rdc, { deployedOn: '2006-04-10', closedOn: '2006-06-20', reviewDueOn: '2006-07-03' });
    // Only this suite imports 2006. March has no report.
    const figures: Record<string, [number[], number[]]> = {
      '2006-01': [[0, 0, 0], [5, 1, 0]],
      '2006-02': [[0, 0, 0], [4, 0, 2]],
      '2006-04': [[3, 1, 0], [2, 0, 0]],
      '2006-05': [[4, 2, 1], [1, 0, 0]],
      '2006-06': [[1, 0, 0], [0, 0, 0]],
    };
    for (const [month, [own, theirs]] of Object.entries(figures)) {
      await commit(month, [[rdc.assetNumber, ...own, 0], [neighbour.assetNumber, ...theirs, 0]]);
    }
    await evidenceRequest([rdc, neighbour], new Date('2006-05-02T09:00:00Z'), {
      start: new Date('2006-05-01T22:00:00Z'),
      end: new Date('2006-05-01T23:30:00Z'),
    });
    await evidenceRequest([rdc], new Date('2006-08-02T09:00:00Z'), { start: new Date('2006-08-01T10:00:00Z'), end: new Date('2006-08-01T11:00:00Z') });
    await evidenceRequest([neighbour], new Date('2006-05-03T09:00:00Z'), { start: new Date('2006-05-02T10:00:00Z'), end: new Date('2006-05-02T11:00:00Z') });
    await app.dataSource.transaction((manager) =>
      app.app.get(FaultsService).raise(manager, {
        cameraId: rdc.id,
        category: 'power',
        description: 'Battery flat',
        priority: 'amber',
        source: 'manual',
        reportedAt: new Date('2006-05-15T08:00:00Z'),
      }),
    );
  });

  it('compares the camera during the deployment with the same number of months before, with its ward and evidence', async () => {
    const response = await get(`/api/v1/reports/rdc-review-pack/${deployment.id}`);
    expect(response.status).toBe(200);
    expect(response.body.deployment).toMatchObject({
      id: deployment.id,
      cameraId: rdc.id,
      assetNumber: rdc.assetNumber,
      wardId: 'luton',
      wardName: 'Luton',
      deployedOn: '2006-04-10',
      closedOn: '2006-06-20',
      status: 'closed',
    });
    expect(response.body.during).toEqual({
      from: '2006-04',
      to: '2006-06',
      months: ['2006-04', '2006-05', '2006-06'],
      monthsWithoutReport: [],
      camera: { incidents: 8, arrests: 3, hits: 1, faults: 0 },
      wardOtherCameras: { cameras: 1, incidents: 3, arrests: 0, hits: 0, faults: 0 },
    });
    expect(response.body.before).toEqual({
      from: '2006-01',
      to: '2006-03',
      months: ['2006-01', '2006-02', '2006-03'],
      monthsWithoutReport: ['2006-03'],
      camera: { incidents: 0, arrests: 0, hits: 0, faults: 0 },
      wardOtherCameras: { cameras: 1, incidents: 9, arrests: 1, hits: 2, faults: 0 },
    });
    expect(response.body.change).toEqual({ incidents: 8, arrests: 3, hits: 1, faults: 0 });
    expect(response.body.evidenceRequests).toEqual({
      count: 1,
      items: [
        expect.objectContaining({ offenceType: 'Theft from the person', windowStart: '2006-05-01T22:00:00.000Z', status: 'fulfilled' }),
      ],
    });
    expect(response.body.faultsRaised).toEqual({ total: 1, byCategory: { power: 1 } });
  });

  it('runs an active deployment up to today', async () => {
    const camera = await createCamera(app, { kind: 'rapid_deployment', prefix: 'RDC-KT' });
    const current = londonToday();
    const active = await deploy(camera, {
      status: 'active',
      deployedOn: firstDay(addMonths(current.month, -1)),
      closedOn: null,
      reviewDueOn: current.date,
    });
    const response = await get(`/api/v1/reports/rdc-review-pack/${active.id}`);
    expect(response.status).toBe(200);
    expect(response.body.during.months).toEqual([addMonths(current.month, -1), current.month]);
    expect(response.body.before.months).toEqual([addMonths(current.month, -3), addMonths(current.month, -2)]);
    expect(response.body.evidenceRequests).toEqual({ count: 0, items: [] });
  });

  it('answers 404 for an unknown deployment and 400 for a bad id', async () => {
    expect((await get('/api/v1/reports/rdc-review-pack/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('/api/v1/reports/rdc-review-pack/nope')).body.error).toBe('invalid_id');
  });
});
