import { ALL_ROLES, ESTATE_EDITORS, type Role } from '../../src/auth/role.js';
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

const COUNCIL_READERS: Role[] = ['admin', 'spoc', 'cst_officer', 'auditor'];
const FAULT_READERS: Role[] = [...COUNCIL_READERS, 'kyndi_operator'];

describeAuthorization('wards', () => app, [
  { method: 'get', path: '/api/v1/wards', allowed: ALL_ROLES },
  { method: 'get', path: '/api/v1/wards/luton/members', allowed: COUNCIL_READERS },
  { method: 'post', path: '/api/v1/wards/luton/members', allowed: ['admin', 'spoc'], body: {} },
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
  { method: 'get', path: () => `/api/v1/cameras/${ids.camera}/history`, allowed: COUNCIL_READERS },
]);

describeAuthorization('faults', () => app, [
  { method: 'post', path: () => `/api/v1/cameras/${ids.camera}/faults`, allowed: [...ESTATE_EDITORS, 'kyndi_operator'], body: {} },
  { method: 'get', path: '/api/v1/faults', allowed: FAULT_READERS },
  { method: 'get', path: '/api/v1/faults/health', allowed: FAULT_READERS },
  { method: 'get', path: () => `/api/v1/faults/${ids.fault}`, allowed: FAULT_READERS },
  { method: 'patch', path: () => `/api/v1/faults/${ids.fault}`, allowed: ESTATE_EDITORS, body: {} },
]);

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
