import { ALL_ROLES, ESTATE_EDITORS } from '../../src/auth/role.js';
import { unique } from '../support/factories.js';
import { describeAuthorization } from '../support/authorization-table.js';
import { TestApp } from '../support/test-app.js';
import { createCamera, reportFault } from './estate-fixtures.js';

let app: TestApp;
const ids = { camera: '', fault: '' };
beforeAll(async () => {
  app = await TestApp.start();
  const camera = await createCamera(app);
  ids.camera = camera.id;
  ids.fault = (await reportFault(app, camera.id)).id;
});
afterAll(() => app.close());

// The README's table: the estate (wards and their members, cameras and their history, faults) is read by every
// role; estate staff (admin, spoc, cst_officer) change it.
describeAuthorization('wards', () => app, [
  { method: 'get', path: '/api/v1/wards', allowed: ALL_ROLES },
  { method: 'get', path: '/api/v1/wards/luton/members', allowed: ALL_ROLES },
  { method: 'post', path: '/api/v1/wards/luton/members', allowed: ESTATE_EDITORS, body: {} },
]);

// Everyone reads the estate (police and Kyndi need camera locations); police and Kyndi never edit it.
describeAuthorization('cameras', () => app, [
  { method: 'get', path: '/api/v1/cameras', allowed: ALL_ROLES },
  { method: 'post', path: '/api/v1/cameras', allowed: ESTATE_EDITORS, body: {} },
  { method: 'get', path: '/api/v1/cameras/summary', allowed: ALL_ROLES },
  { method: 'get', path: '/api/v1/cameras/export.csv', allowed: ALL_ROLES },
  { method: 'get', path: '/api/v1/cameras/import/template.csv', allowed: ESTATE_EDITORS },
  { method: 'post', path: '/api/v1/cameras/import?dryRun=true', allowed: ESTATE_EDITORS },
  { method: 'get', path: () => `/api/v1/cameras/${ids.camera}`, allowed: ALL_ROLES },
  { method: 'patch', path: () => `/api/v1/cameras/${ids.camera}`, allowed: ESTATE_EDITORS, body: { notes: 'checked' } },
  { method: 'get', path: () => `/api/v1/cameras/${ids.camera}/history`, allowed: ALL_ROLES },
]);

describeAuthorization('faults', () => app, [
  { method: 'post', path: () => `/api/v1/cameras/${ids.camera}/faults`, allowed: [...ESTATE_EDITORS, 'kyndi_operator'], body: {} },
  { method: 'get', path: '/api/v1/faults', allowed: ALL_ROLES },
  { method: 'get', path: '/api/v1/faults/health', allowed: ALL_ROLES },
  { method: 'get', path: () => `/api/v1/faults/${ids.fault}`, allowed: ALL_ROLES },
  { method: 'patch', path: () => `/api/v1/faults/${ids.fault}`, allowed: ESTATE_EDITORS, body: {} },
]);

describe('what police and Kyndi read of the estate', () => {
  it("shows them a camera's changes but not who made them", async () => {
    const council = await app.http().get(`/api/v1/cameras/${ids.camera}/history`).set('Authorization', (await app.as('auditor')).auth);
    expect(council.body.items[0]).toMatchObject({ actorEmail: expect.any(String), actorId: expect.any(String) });
    for (const role of ['police_officer', 'kyndi_operator'] as const) {
      const user = await app.as(role);
      const history = await app.http().get(`/api/v1/cameras/${ids.camera}/history`).set('Authorization', user.auth);
      expect(history.status).toBe(200);
      expect(history.body.items.length).toBe(council.body.items.length);
      for (const entry of history.body.items) {
        expect(entry).toMatchObject({ actorId: null, actorEmail: null, actorRole: expect.any(String), changes: expect.any(Array) });
      }
    }
  });

  it("shows them ward members' names (public) but not their email addresses", async () => {
    const spoc = await app.as('spoc');
    const email = `${unique('cllr')}@councillors.medway.example`;
    await app.http().post('/api/v1/wards/strood-rural/members').set('Authorization', spoc.auth).send({ name: 'Cllr Sam Public', email });
    for (const role of ['police_officer', 'kyndi_operator'] as const) {
      const members = await app.http().get('/api/v1/wards/strood-rural/members?limit=200').set('Authorization', (await app.as(role)).auth);
      expect(members.status).toBe(200);
      const member = members.body.items.find((m: { name: string }) => m.name === 'Cllr Sam Public');
      expect(member).toMatchObject({ wardId: 'strood-rural', name: 'Cllr Sam Public', email: null });
    }
    const council = await app.http().get('/api/v1/wards/strood-rural/members?limit=200').set('Authorization', spoc.auth);
    expect(council.body.items.map((m: { email: string }) => m.email)).toContain(email);
  });

  it('lets a CST officer add a ward member', async () => {
    const officer = await app.as('cst_officer');
    const added = await app
      .http()
      .post('/api/v1/wards/luton/members')
      .set('Authorization', officer.auth)
      .send({ name: 'Cllr Lee Luton', email: `${unique('cllr')}@councillors.medway.example` });
    expect(added.status).toBe(201);
  });
});

describe('police and Kyndi cannot change the estate', () => {
  it('leaves the camera untouched when they try', async () => {
    for (const role of ['police_officer', 'kyndi_operator'] as const) {
      const user = await app.as(role);
      const response = await app.http().patch(`/api/v1/cameras/${ids.camera}`).set('Authorization', user.auth).send({ rag: 'red' });
      expect(response.status).toBe(403);
    }
    const spoc = await app.as('spoc');
    const camera = await app.http().get(`/api/v1/cameras/${ids.camera}`).set('Authorization', spoc.auth);
    expect(camera.body.rag).toBe('green');
  });
});
