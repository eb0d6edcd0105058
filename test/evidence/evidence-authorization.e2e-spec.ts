import { ALL_ROLES } from '../../src/auth/role.js';
import { describeAuthorization } from '../support/authorization-table.js';
import { TestApp } from '../support/test-app.js';
import { addItem, content, createCamera, putContent, requestBody } from './evidence-fixtures.js';

/** Every evidence route, every role: allowed roles get past the guard, the others get 403, no token gets 401. */
describe('evidence authorisation', () => {
  let app: TestApp;
  const ids = { request: '', closable: '', item: '', deletable: '' };

  beforeAll(async () => {
    app = await TestApp.start();
    const police = await app.as('police_officer');
    const spoc = await app.as('spoc');
    const operator = await app.as('kyndi_operator');
    const cameraId = (await createCamera(app)).id;
    const raise = async () => {
      const created = await app.http().post('/api/v1/evidence-requests').set('Authorization', police.auth).send(requestBody([cameraId]));
      await app.http().post(`/api/v1/evidence-requests/${created.body.id}/decision`).set('Authorization', spoc.auth).send({ approve: true, reason: 'OK to proceed' });
      return created.body.id as string;
    };
    ids.request = await raise();
    ids.closable = await raise();
    ids.item = (await addItem(app, operator, ids.request, cameraId)).id;
    await putContent(app, operator, ids.item, content(1000, 1));
    ids.deletable = (await addItem(app, operator, ids.request, cameraId)).id;
  });
  afterAll(() => app.close());

  it('has its fixtures', () => {
    expect(Object.values(ids).every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
  });

  const reason = { reason: 'Authorisation table check' };
  describeAuthorization('evidence requests', () => app, [
    { method: 'post', path: '/api/v1/evidence-requests', allowed: ['police_officer'], body: {} },
    { method: 'get', path: '/api/v1/evidence-requests', allowed: ALL_ROLES },
    { method: 'get', path: () => `/api/v1/evidence-requests/${ids.request}`, allowed: ALL_ROLES },
    {
      method: 'post',
      path: () => `/api/v1/evidence-requests/${ids.request}/decision`,
      allowed: ['spoc', 'cst_officer', 'admin'],
      body: { approve: true, reason: 'Again' },
    },
    { method: 'post', path: () => `/api/v1/evidence-requests/${ids.request}/shares`, allowed: ['spoc'], body: { userId: '00000000-0000-4000-8000-000000000000' } },
    { method: 'post', path: () => `/api/v1/evidence-requests/${ids.closable}/close`, allowed: ['police_officer', 'spoc', 'admin'], body: reason },
    { method: 'post', path: () => `/api/v1/evidence-requests/${ids.request}/complete`, allowed: ['kyndi_operator'], body: {} },
    { method: 'get', path: () => `/api/v1/evidence-requests/${ids.request}/items`, allowed: ALL_ROLES },
    { method: 'post', path: () => `/api/v1/evidence-requests/${ids.request}/items`, allowed: ['kyndi_operator'], body: {} },
    {
      method: 'get',
      path: () => `/api/v1/evidence-requests/${ids.request}/custody-report`,
      allowed: ['admin', 'spoc', 'cst_officer', 'auditor', 'police_officer'],
    },
  ]);

  describeAuthorization('evidence items', () => app, [
    { method: 'get', path: () => `/api/v1/evidence/${ids.item}`, allowed: ALL_ROLES },
    { method: 'put', path: () => `/api/v1/evidence/${ids.item}/content`, allowed: ['kyndi_operator'] },
    { method: 'get', path: () => `/api/v1/evidence/${ids.item}/content?reason=Authorisation%20table`, allowed: ['police_officer', 'spoc', 'admin'] },
    { method: 'post', path: () => `/api/v1/evidence/${ids.item}/download`, allowed: ['police_officer', 'spoc', 'admin'], body: reason },
    {
      method: 'post',
      path: () => `/api/v1/evidence/${ids.item}/quarantine-release`,
      allowed: ['admin'],
      body: { reason: 'Authorisation table check of a quarantine release' },
    },
    {
      method: 'get',
      path: () => `/api/v1/evidence/${ids.item}/custody`,
      allowed: ['admin', 'spoc', 'cst_officer', 'auditor', 'police_officer', 'kyndi_operator'],
    },
    { method: 'get', path: () => `/api/v1/evidence/${ids.item}/verify`, allowed: ['admin', 'spoc', 'cst_officer', 'auditor', 'police_officer'] },
    {
      method: 'get',
      path: () => `/api/v1/evidence/${ids.item}/custody-report`,
      allowed: ['admin', 'spoc', 'cst_officer', 'auditor', 'police_officer'],
    },
    { method: 'patch', path: () => `/api/v1/evidence/${ids.item}/retention`, allowed: ['spoc', 'admin'], body: { legalHold: true, ...reason } },
    { method: 'delete', path: () => `/api/v1/evidence/${ids.deletable}`, allowed: ['spoc', 'admin'], body: reason },
    { method: 'post', path: () => `/api/v1/evidence/${ids.item}/restore`, allowed: ['spoc', 'admin'], body: reason },
  ]);
});
