import { AuditLog } from '../../src/audit/audit-log.entity.js';
import { TestApp } from '../support/test-app.js';
import { unique } from '../support/factories.js';

describe('audit log', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('records actor, organisation, action, entity, before/after, request id and IP for a change', async () => {
    const admin = await app.as('admin');
    const user = await app.as('cst_officer', 'audited');
    const response = await app
      .http()
      .patch(`/api/v1/users/${user.id}`)
      .set('Authorization', admin.auth)
      .send({ displayName: 'Renamed Officer' });
    expect(response.status).toBe(200);
    const requestId = response.headers['x-request-id'];

    const trail = await app.http().get(`/api/v1/audit?requestId=${requestId}`).set('Authorization', admin.auth);
    expect(trail.status).toBe(200);
    expect(trail.body.total).toBe(1);
    expect(trail.body.items[0]).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      actorRole: 'admin',
      organisationId: admin.organisationId,
      action: 'user.update',
      entityType: 'user',
      entityId: user.id,
      before: { displayName: null },
      after: { displayName: 'Renamed Officer' },
      requestId,
      ip: expect.any(String),
    });
  });

  it('never stores password hashes in before/after', async () => {
    const admin = await app.as('admin');
    const created = await app
      .http()
      .post('/api/v1/users')
      .set('Authorization', admin.auth)
      .send({ email: `${unique('new')}@test.example`, password: 'Long-enough-pass-1', role: 'auditor', organisationId: admin.organisationId });
    const requestId = created.headers['x-request-id'];
    const rows = await app.dataSource.getRepository(AuditLog).findBy({ requestId });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toMatch(/argon2|passwordHash|Long-enough/);
  });

  it('records logins and failed logins', async () => {
    const auditor = await app.as('auditor');
    await app.http().post('/api/v1/auth/login').send({ email: auditor.email, password: 'not-it-at-all' });
    const failures = await app
      .http()
      .get(`/api/v1/audit?action=auth.login_failed&entityId=${auditor.id}`)
      .set('Authorization', auditor.auth);
    expect(failures.status).toBe(200);
    expect(failures.body.total).toBeGreaterThanOrEqual(1);
    const prefix = await app.http().get(`/api/v1/audit?action=auth.*&entityId=${auditor.id}`).set('Authorization', auditor.auth);
    const actions = new Set(prefix.body.items.map((i: { action: string }) => i.action));
    expect(actions).toEqual(new Set(['auth.login', 'auth.login_failed']));
  });

  it('is append-only in the database itself', async () => {
    const [row] = await app.dataSource.getRepository(AuditLog).find({ order: { id: 'DESC' }, take: 1 });
    await expect(app.dataSource.query('UPDATE audit_log SET action = $1 WHERE id = $2', ['tampered', row.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(app.dataSource.query('DELETE FROM audit_log WHERE id = $1', [row.id])).rejects.toThrow(/append-only/);
    const again = await app.dataSource.getRepository(AuditLog).findOneByOrFail({ id: row.id });
    expect(again.action).toBe(row.action);
  });

  it('records the creation of an organisation and filters by entity type, actor and time', async () => {
    const admin = await app.as('admin', 'filters');
    const auditor = await app.as('auditor');
    const before = new Date(Date.now() - 1000).toISOString();
    const created = await app
      .http()
      .post('/api/v1/organisations')
      .set('Authorization', admin.auth)
      .send({ name: `Audited Force ${Date.now()}`, kind: 'police' });
    expect(created.status).toBe(201);
    const after = new Date(Date.now() + 1000).toISOString();
    const query = (q: string) => app.http().get(`/api/v1/audit?${q}`).set('Authorization', auditor.auth);

    const byEntity = await query(`entityType=organisation&entityId=${created.body.id}`);
    expect(byEntity.body.items).toEqual([
      expect.objectContaining({ action: 'organisation.create', actorId: admin.id, after: expect.objectContaining({ name: created.body.name }) }),
    ]);
    const byActor = await query(`actorId=${admin.id}&from=${before}&to=${after}`);
    expect(byActor.body.items.map((e: { entityId: string }) => e.entityId)).toContain(created.body.id);
    expect(byActor.body.items.every((e: { actorId: string }) => e.actorId === admin.id)).toBe(true);
    const earlier = await query(`actorId=${admin.id}&to=${before}`);
    expect(earlier.body.items.map((e: { entityId: string }) => e.entityId)).not.toContain(created.body.id);
    const otherType = await query(`entityType=camera&entityId=${created.body.id}`);
    expect(otherType.body.total).toBe(0);
  });

  it('pages newest first with a stable cursor and validates its filters', async () => {
    const auditor = await app.as('auditor');
    const page1 = await app.http().get('/api/v1/audit?limit=2').set('Authorization', auditor.auth);
    expect(page1.body.items).toHaveLength(2);
    expect(Number(page1.body.items[0].id)).toBeGreaterThan(Number(page1.body.items[1].id));
    const page2 = await app.http().get(`/api/v1/audit?limit=2&cursor=${page1.body.nextCursor}`).set('Authorization', auditor.auth);
    expect(Number(page2.body.items[0].id)).toBeLessThan(Number(page1.body.items[1].id));
    const bad = await app.http().get('/api/v1/audit?from=yesterday&actorId=me').set('Authorization', auditor.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['actorId', 'from']);
  });
});
