import { AuditLog } from '../../src/audit/audit-log.entity.js';
import { ALL_ROLES, ESTATE_EDITORS } from '../../src/auth/role.js';
import { Camera } from '../../src/cameras/camera.entity.js';
import { CameraDeployment } from '../../src/deployments/camera-deployment.entity.js';
import { Fault } from '../../src/faults/fault.entity.js';
import { describeAuthorization } from '../support/authorization-table.js';
import { TestApp } from '../support/test-app.js';
import { LUTON_ROAD, addDays, createCamera, deploy, deployed, today } from './rdc-fixtures.js';

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

describe('RDC deployments', () => {
  let app: TestApp;
  let someDeploymentId: string;
  beforeAll(async () => {
    app = await TestApp.start();
    someDeploymentId = (await deployed(app, await app.as('spoc'), 3)).deployment.id;
  });
  afterAll(() => app.close());

  describe('deploying a camera from the pool', () => {
    it('creates an active deployment due for review 12 weeks later and moves the camera there', async () => {
      const officer = await app.as('cst_officer');
      const camera = await createCamera(app);
      const deployedOn = addDays(today(), -10);
      const response = await deploy(app, officer, camera, 10);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        cameraId: camera.id,
        cameraAssetNumber: camera.assetNumber,
        address: LUTON_ROAD.address,
        ward: 'luton',
        wardName: 'Luton',
        latitude: LUTON_ROAD.latitude,
        longitude: LUTON_ROAD.longitude,
        deployedOn,
        reason: LUTON_ROAD.reason,
        crimeTypes: LUTON_ROAD.crimeTypes,
        requestedBy: LUTON_ROAD.requestedBy,
        status: 'active',
        reviewDueOn: addDays(deployedOn, 84),
        daysUntilReview: 74,
        closedOn: null,
        outcome: null,
        version: 1,
      });

      const moved = await app.dataSource.getRepository(Camera).findOneByOrFail({ id: camera.id });
      expect(moved).toMatchObject({
        status: 'operational',
        address: LUTON_ROAD.address,
        wardId: 'luton',
        latitude: LUTON_ROAD.latitude,
        longitude: LUTON_ROAD.longitude,
      });
      const audit = await app.dataSource.getRepository(AuditLog).findBy({ entityId: camera.id, action: 'camera.deploy' });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actorId: officer.id,
        before: { status: 'in_stock', address: 'RDC store', ward: null },
        after: { status: 'operational', ward: 'luton' },
      });
      const created = await app.dataSource.getRepository(AuditLog).findBy({ entityId: response.body.id, action: 'deployment.create' });
      expect(created).toHaveLength(1);
    });

    it('takes the review interval from RDC_REVIEW_WEEKS', async () => {
      const sixWeekly = await TestApp.start({ RDC_REVIEW_WEEKS: '6' });
      try {
        const response = await deploy(sixWeekly, await sixWeekly.as('spoc'), await createCamera(sixWeekly), 2);
        expect(response.status).toBe(201);
        expect(response.body).toMatchObject({ reviewDueOn: addDays(today(), 40), daysUntilReview: 40 });
      } finally {
        await sixWeekly.close();
      }
    });

    it('accepts the ward by name and defaults crime types and requester', async () => {
      const spoc = await app.as('spoc');
      const camera = await createCamera(app);
      const response = await deploy(app, spoc, camera, 0, { ward: 'rainham south east', crimeTypes: undefined, requestedBy: undefined });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ ward: 'rainham-south-east', crimeTypes: [], requestedBy: null, daysUntilReview: 84 });
    });

    it('deploys a camera with an open fault as faulty, not operational', async () => {
      const spoc = await app.as('spoc');
      const camera = await createCamera(app);
      await app.dataSource.getRepository(Fault).save({
        cameraId: camera.id,
        category: 'power',
        description: 'battery will not hold charge',
        priority: 'amber',
        status: 'open',
        source: 'manual',
        reportedAt: new Date(),
      });
      expect((await deploy(app, spoc, camera)).status).toBe(201);
      expect((await app.dataSource.getRepository(Camera).findOneByOrFail({ id: camera.id })).status).toBe('faulty');
    });

    it('refuses an unknown ward with 400 unknown_ward and leaves the camera in the pool', async () => {
      const spoc = await app.as('spoc');
      const camera = await createCamera(app);
      const response = await deploy(app, spoc, camera, 0, { ward: 'atlantis' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'unknown_ward', requestId: expect.any(String) });
      expect((await app.dataSource.getRepository(Camera).findOneByOrFail({ id: camera.id })).status).toBe('in_stock');
      expect(await app.dataSource.getRepository(CameraDeployment).countBy({ cameraId: camera.id })).toBe(0);
    });

    it.each([
      ['latitude north of Medway', { latitude: 51.6 }],
      ['latitude south of Medway', { latitude: 51.2 }],
      ['longitude west of Medway', { longitude: 0.1 }],
      ['longitude east of Medway', { longitude: 0.8 }],
      ['coordinates in London', { latitude: 51.5072, longitude: -0.1276 }],
    ])('refuses %s with 400 outside_medway', async (_label, coordinates) => {
      const spoc = await app.as('spoc');
      const response = await deploy(app, spoc, await createCamera(app), 0, coordinates);
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('outside_medway');
    });

    it('refuses to deploy a fixed camera', async () => {
      const spoc = await app.as('spoc');
      const response = await deploy(app, spoc, await createCamera(app, { kind: 'fixed' }));
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('not_rapid_deployment_camera');
    });

    it('refuses a decommissioned camera (409) and an unknown one (400)', async () => {
      const spoc = await app.as('spoc');
      const retired = await createCamera(app, { status: 'decommissioned', decommissionedOn: today() });
      const decommissioned = await deploy(app, spoc, retired);
      expect(decommissioned.status).toBe(409);
      expect(decommissioned.body.error).toBe('camera_decommissioned');
      const unknown = await app
        .http()
        .post('/api/v1/deployments')
        .set('Authorization', spoc.auth)
        .send({ cameraId: NO_SUCH_ID, ...LUTON_ROAD, deployedOn: today() });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toBe('unknown_camera');
    });

    it('refuses a camera that is already deployed with 409 camera_already_deployed', async () => {
      const spoc = await app.as('spoc');
      const { camera, deployment } = await deployed(app, spoc, 5);
      const again = await deploy(app, spoc, camera, 0, { address: '1 Beacon Hill, Chatham' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: 'camera_already_deployed', details: { cameraId: camera.id, deploymentId: deployment.id } });
      expect(await app.dataSource.getRepository(CameraDeployment).countBy({ cameraId: camera.id, status: 'active' })).toBe(1);
    });

    it('refuses to decommission, return to stock or change the kind of a deployed camera by editing it (409 camera_deployed)', async () => {
      const spoc = await app.as('spoc');
      const { camera, deployment } = await deployed(app, spoc, 5);
      for (const body of [{ status: 'decommissioned' }, { status: 'in_stock' }, { kind: 'fixed' }]) {
        const edit = await app.http().patch(`/api/v1/cameras/${camera.id}`).set('Authorization', spoc.auth).send(body);
        expect(edit.status).toBe(409);
        expect(edit.body.error).toBe('camera_deployed');
      }
      const stored = await app.dataSource.getRepository(Camera).findOneByOrFail({ id: camera.id });
      expect(stored).toMatchObject({ kind: 'rapid_deployment', status: 'operational' });
      expect(await app.dataSource.getRepository(CameraDeployment).findOneByOrFail({ id: deployment.id })).toMatchObject({ status: 'active' });
      // Other edits of a deployed camera are fine.
      const rag = await app.http().patch(`/api/v1/cameras/${camera.id}`).set('Authorization', spoc.auth).send({ rag: 'red' });
      expect(rag.status).toBe(200);
    });

    it('refuses the same through the camera CSV import, in the preview and the commit, applying no row', async () => {
      const spoc = await app.as('spoc');
      const { camera, deployment } = await deployed(app, spoc, 5);
      const { camera: bystander } = await deployed(app, spoc, 5);
      const importCsv = (rows: string[], dryRun: boolean) =>
        app
          .http()
          .post(`/api/v1/cameras/import?dryRun=${dryRun}`)
          .set('Authorization', spoc.auth)
          .attach('file', Buffer.from(rows.join('\n')), 'cameras.csv');
      for (const [column, value] of [['status', 'decommissioned'], ['status', 'in_stock'], ['kind', 'fixed']]) {
        // The second row alone would be fine: the file is applied whole or not at all.
        const rows = [`assetNumber,${column},rag`, `${camera.assetNumber},${value},green`, `${bystander.assetNumber},,red`];
        if (column === 'kind') rows[2] = `${bystander.assetNumber},rapid_deployment,red`;
        const preview = await importCsv(rows, true);
        expect(preview.status).toBe(200);
        expect(preview.body).toMatchObject({ errorCount: 1, errors: [{ row: 2, column }] });
        expect(preview.body.errors[0].message).toContain('is deployed');
        const commit = await importCsv(rows, false);
        expect(commit.status).toBe(422);
        expect(commit.body).toMatchObject({ error: 'import_invalid', details: { errorCount: 1 } });
      }
      const cameras = app.dataSource.getRepository(Camera);
      expect(await cameras.findOneByOrFail({ id: camera.id })).toMatchObject({
        kind: 'rapid_deployment',
        status: 'operational',
        decommissionedOn: null,
      });
      expect((await cameras.findOneByOrFail({ id: bystander.id })).rag).toBe('green');
      expect(await app.dataSource.getRepository(CameraDeployment).findOneByOrFail({ id: deployment.id })).toMatchObject({ status: 'active' });
    });

    it('lets only one of two simultaneous deployments of the same camera through', async () => {
      const spoc = await app.as('spoc');
      const officer = await app.as('cst_officer');
      const camera = await createCamera(app);
      const results = await Promise.all([deploy(app, spoc, camera), deploy(app, officer, camera, 1)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)!.body.error).toBe('camera_already_deployed');
      expect(await app.dataSource.getRepository(CameraDeployment).countBy({ cameraId: camera.id })).toBe(1);
    });

    it('has a partial unique index: the database itself refuses a second active deployment', async () => {
      const spoc = await app.as('spoc');
      const { camera } = await deployed(app, spoc);
      const repository = app.dataSource.getRepository(CameraDeployment);
      const duplicate = repository.save({
        cameraId: camera.id,
        address: 'Elsewhere',
        wardId: 'luton',
        latitude: 51.37,
        longitude: 0.54,
        deployedOn: today(),
        reason: 'bypassing the service',
        status: 'active',
        reviewDueOn: today(),
      });
      await expect(duplicate).rejects.toMatchObject({ driverError: { code: '23505' } });
      // Closed deployments of the same camera are fine.
      await expect(
        repository.save({
          cameraId: camera.id,
          address: 'Earlier place',
          wardId: 'luton',
          latitude: 51.37,
          longitude: 0.54,
          deployedOn: addDays(today(), -200),
          reason: 'history',
          status: 'closed',
          closedOn: addDays(today(), -100),
          reviewDueOn: addDays(today(), -116),
        }),
      ).resolves.toMatchObject({ status: 'closed' });
    });

    it('validates the body: dates, future dates, missing and unknown fields', async () => {
      const spoc = await app.as('spoc');
      const camera = await createCamera(app);
      const badDate = await deploy(app, spoc, camera, 0, { deployedOn: '2025-02-30' });
      expect(badDate.status).toBe(400);
      expect(badDate.body.error).toBe('validation_failed');
      expect(badDate.body.details.fields).toEqual([{ field: 'deployedOn', messages: [expect.stringContaining('YYYY-MM-DD')] }]);

      const future = await deploy(app, spoc, camera, -3);
      expect(future.status).toBe(400);
      expect(future.body.error).toBe('deployed_on_in_future');

      const missing = await app.http().post('/api/v1/deployments').set('Authorization', spoc.auth).send({ cameraId: camera.id });
      expect(missing.status).toBe(400);
      const fields = missing.body.details.fields.map((f: { field: string }) => f.field);
      expect(fields).toEqual(expect.arrayContaining(['address', 'ward', 'latitude', 'longitude', 'deployedOn', 'reason']));

      const extra = await deploy(app, spoc, camera, 0, { status: 'closed' });
      expect(extra.status).toBe(400);
      expect(extra.body.details.fields).toEqual([{ field: 'status', messages: [expect.stringContaining('should not exist')] }]);

      const notNumber = await deploy(app, spoc, camera, 0, { latitude: '51.37' });
      expect(notNumber.status).toBe(400);
      expect((await app.dataSource.getRepository(Camera).findOneByOrFail({ id: camera.id })).status).toBe('in_stock');
    });
  });

  describe('listing and reading deployments', () => {
    let overdue: string;
    let dueIn5: string;
    let dueIn20: string;
    let fresh: string;
    let closed: string;
    let cameraOfFresh: string;

    beforeAll(async () => {
      const spoc = await app.as('spoc');
      overdue = (await deployed(app, spoc, 100)).deployment.id; // due 16 days ago
      dueIn5 = (await deployed(app, spoc, 79)).deployment.id;
      dueIn20 = (await deployed(app, spoc, 64)).deployment.id;
      const freshOne = await deployed(app, spoc, 0, { ward: 'strood-west', address: '1 Knights Road, Strood' });
      fresh = freshOne.deployment.id;
      cameraOfFresh = freshOne.camera.id;
      const toClose = await deployed(app, spoc, 90);
      const removed = await app
        .http()
        .post(`/api/v1/deployments/${toClose.deployment.id}/reviews`)
        .set('Authorization', spoc.auth)
        .send({ outcome: 'remove', notes: 'No further incidents' });
      expect(removed.status).toBe(201);
      closed = toClose.deployment.id;
    });

    const list = async (query: string) => {
      const kyndi = await app.as('kyndi_operator');
      const response = await app.http().get(`/api/v1/deployments?limit=200&${query}`).set('Authorization', kyndi.auth);
      expect(response.status).toBe(200);
      return response.body as { items: { id: string; reviewDueOn: string; daysUntilReview: number; status: string }[]; total: number };
    };
    const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);

    it('lists overdue reviews: review date passed, active only, with negative daysUntilReview', async () => {
      const page = await list('active=true&review=overdue');
      expect(ids(page)).toContain(overdue);
      expect(ids(page)).not.toEqual(expect.arrayContaining([dueIn5]));
      expect(ids(page)).not.toContain(closed);
      for (const item of page.items) {
        expect(item.status).toBe('active');
        expect(item.reviewDueOn < today()).toBe(true);
        expect(item.daysUntilReview).toBeLessThan(0);
      }
      expect(page.items.find((i) => i.id === overdue)).toMatchObject({ daysUntilReview: -16, reviewDueOn: addDays(today(), -16) });
    });

    it('lists reviews due within 14 days by default, and within N days with withinDays', async () => {
      const within14 = await list('review=due');
      expect(ids(within14)).toContain(dueIn5);
      expect(ids(within14)).not.toContain(dueIn20);
      expect(ids(within14)).not.toContain(overdue);
      for (const item of within14.items) expect(item.daysUntilReview).toBeGreaterThanOrEqual(0);
      for (const item of within14.items) expect(item.daysUntilReview).toBeLessThanOrEqual(14);
      expect(within14.items.find((i) => i.id === dueIn5)).toMatchObject({ daysUntilReview: 5 });

      const within30 = await list('active=true&review=due&withinDays=30');
      expect(ids(within30)).toEqual(expect.arrayContaining([dueIn5, dueIn20]));
      expect(ids(within30)).not.toContain(fresh);

      const within3 = await list('review=due&withinDays=3');
      expect(ids(within3)).not.toContain(dueIn5);
    });

    it('sorts by review date and filters by active, camera and ward', async () => {
      const active = await list('active=true');
      const dates = active.items.map((i) => i.reviewDueOn);
      expect(dates).toEqual([...dates].sort());
      expect(ids(active)).not.toContain(closed);

      const inactive = await list('active=false');
      expect(ids(inactive)).toContain(closed);
      for (const item of inactive.items) expect(item.status).toBe('closed');

      const byCamera = await list(`cameraId=${cameraOfFresh}`);
      expect(ids(byCamera)).toEqual([fresh]);
      const byWard = await list('ward=strood-west');
      expect(ids(byWard)).toContain(fresh);
      expect(ids(byWard)).not.toContain(overdue);
    });

    it('pages with a cursor', async () => {
      const spoc = await app.as('spoc');
      const first = await app.http().get('/api/v1/deployments?limit=2').set('Authorization', spoc.auth);
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await app.http().get(`/api/v1/deployments?limit=2&cursor=${first.body.nextCursor}`).set('Authorization', spoc.auth);
      expect(second.body.items.map((i: { id: string }) => i.id)).not.toEqual(
        expect.arrayContaining(first.body.items.map((i: { id: string }) => i.id)),
      );
    });

    it('refuses bad filters with 400', async () => {
      const spoc = await app.as('spoc');
      for (const query of ['review=late', 'withinDays=-1', 'withinDays=abc', 'active=maybe', 'cameraId=nope', 'colour=red']) {
        const response = await app.http().get(`/api/v1/deployments?${query}`).set('Authorization', spoc.auth);
        expect({ query, status: response.status, error: response.body.error }).toEqual({ query, status: 400, error: 'validation_failed' });
      }
      const contradiction = await app.http().get('/api/v1/deployments?active=false&review=overdue').set('Authorization', spoc.auth);
      expect(contradiction.status).toBe(400);
      expect(contradiction.body.error).toBe('invalid_filter');
      const unknownWard = await app.http().get('/api/v1/deployments?ward=atlantis').set('Authorization', spoc.auth);
      expect(unknownWard.status).toBe(400);
      expect(unknownWard.body.error).toBe('unknown_ward');
    });

    it('reads one deployment with its reviews; police officers may read (they attend reviews)', async () => {
      const police = await app.as('police_officer');
      const response = await app.http().get(`/api/v1/deployments/${closed}`).set('Authorization', police.auth);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: closed,
        status: 'closed',
        outcome: 'remove',
        closedOn: today(),
        daysUntilReview: null,
        reviews: [{ outcome: 'remove', notes: 'No further incidents', reviewedOn: today() }],
      });
      const missing = await app.http().get(`/api/v1/deployments/${NO_SUCH_ID}`).set('Authorization', police.auth);
      expect(missing.status).toBe(404);
      expect(missing.body.error).toBe('not_found');
      const badId = await app.http().get('/api/v1/deployments/not-a-uuid').set('Authorization', police.auth);
      expect(badId.status).toBe(400);
      expect(badId.body.error).toBe('invalid_id');
    });
  });

  describeAuthorization('deployments', () => app, [
    { method: 'post', path: '/api/v1/deployments', allowed: ESTATE_EDITORS, body: {} },
    { method: 'get', path: '/api/v1/deployments', allowed: ALL_ROLES },
    { method: 'get', path: () => `/api/v1/deployments/${someDeploymentId}`, allowed: ALL_ROLES },
    { method: 'post', path: () => `/api/v1/deployments/${someDeploymentId}/reviews`, allowed: ESTATE_EDITORS, body: {} },
  ]);
});
