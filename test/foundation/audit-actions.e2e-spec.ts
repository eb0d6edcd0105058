import { AuditLog } from '../../src/audit/audit-log.entity.js';
import { AUDIT_ACTIONS, FORMER_AUDIT_ACTIONS } from '../../src/audit/audit-actions.js';
import { Fault } from '../../src/faults/fault.entity.js';
import { createCamera, reportFault } from '../estate/estate-fixtures.js';
import type { TestUser } from '../support/factories.js';
import { TestApp } from '../support/test-app.js';

describe('audit actions: one list, so that filtering finds every row', () => {
  let app: TestApp;
  let spoc: TestUser;
  let auditor: TestUser;
  beforeAll(async () => {
    app = await TestApp.start();
    spoc = await app.as('spoc');
    auditor = await app.as('auditor');
  });
  afterAll(() => app.close());

  const audit = (query: string) => app.http().get(`/api/v1/audit?${query}`).set('Authorization', auditor.auth);

  it('finds a fault closed by hand and one closed by a decommissioning under the same action, fault.close', async () => {
    const camera = await createCamera(app);
    const byHand = await reportFault(app, camera.id);
    const patched = await app
      .http()
      .patch(`/api/v1/faults/${byHand.id}`)
      .set('Authorization', spoc.auth)
      .send({ status: 'closed', closeReason: 'Duplicate of another report' });
    expect(patched.status).toBe(200);

    const retired = await createCamera(app);
    const onRetired = await reportFault(app, retired.id);
    const proposal = await app
      .http()
      .post('/api/v1/proposals')
      .set('Authorization', spoc.auth)
      .send({ type: 'decommission', cameraId: retired.id, proposedBy: 'CCTV SPOC', proposerType: 'officer', rationale: 'Beyond repair' });
    await app.http().post(`/api/v1/proposals/${proposal.body.id}/review`).set('Authorization', spoc.auth).send({});
    const decided = await app
      .http()
      .post(`/api/v1/proposals/${proposal.body.id}/decision`)
      .set('Authorization', spoc.auth)
      .send({ approve: true, rationale: 'Agreed' });
    expect(decided.status).toBe(200);
    expect((await app.dataSource.getRepository(Fault).findOneByOrFail({ id: onRetired.id })).status).toBe('closed');

    for (const fault of [byHand, onRetired]) {
      const found = await audit(`action=fault.close&entityId=${fault.id}`);
      expect(found.status).toBe(200);
      expect(found.body.items).toEqual([expect.objectContaining({ action: 'fault.close', entityType: 'fault', entityId: fault.id })]);
    }
    const raised = await audit(`action=fault.raise&entityId=${byHand.id}`);
    expect(raised.body.total).toBe(1);
  });

  it('also finds rows written under a former name (the log is append-only, so they keep it)', async () => {
    const camera = await createCamera(app);
    const fault = await reportFault(app, camera.id);
    await app.dataSource.getRepository(AuditLog).insert({ action: 'fault.closed', entityType: 'fault', entityId: fault.id });
    const found = await audit(`action=fault.close&entityId=${fault.id}`);
    expect(found.body.items.map((i: { action: string }) => i.action)).toEqual(['fault.closed']);
    const prefix = await audit(`action=fault.*&entityId=${fault.id}`);
    expect(prefix.body.items.map((i: { action: string }) => i.action).sort()).toEqual(['fault.closed', 'fault.raise']);
  });

  it('refuses an action that is not in the list, and accepts prefixes and route rows', async () => {
    for (const action of ['fault.closing', 'camera.decommissioned', 'Fault.close', 'DROP TABLE']) {
      const response = await audit(`action=${encodeURIComponent(action)}`);
      expect({ action, status: response.status, error: response.body.error }).toEqual({ action, status: 400, error: 'validation_failed' });
    }
    for (const action of ['camera.*', 'evidence_item.*', 'auth*', 'POST /api/v1/wards/:id/members']) {
      expect((await audit(`action=${encodeURIComponent(action)}&limit=1`)).status).toBe(200);
    }
  });

  it('holds no row whose action is missing from the list', async () => {
    const rows: { action: string }[] = await app.dataSource.query('SELECT DISTINCT action FROM audit_log');
    const known = new Set<string>([...AUDIT_ACTIONS, ...Object.keys(FORMER_AUDIT_ACTIONS)]);
    const unknown = rows.map((r) => r.action).filter((a) => !known.has(a) && !/^(POST|PUT|PATCH|DELETE) \//.test(a));
    expect(unknown).toEqual([]);
  });
});
