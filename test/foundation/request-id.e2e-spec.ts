import { AuditLog } from '../../src/audit/audit-log.entity.js';
import { TestApp } from '../support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids are the service’s own', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it.each([
    ['a script', '<script>alert(1)</script>'],
    ['quotes', `req-"quoted"-'id'; DROP TABLE audit_log`],
    ['8,000 characters', 'a'.repeat(8000)],
  ])('replaces a client x-request-id holding %s, in the header, the error body and the audit row', async (_what, given) => {
    const admin = await app.as('admin');
    const failed = await app.http().get('/api/v1/users/not-a-uuid').set('Authorization', admin.auth).set('x-request-id', given);
    expect(failed.status).toBe(400);
    expect(failed.headers['x-request-id']).toMatch(UUID);
    expect(failed.body.requestId).toBe(failed.headers['x-request-id']);

    const changed = await app
      .http()
      .post('/api/v1/organisations')
      .set('Authorization', admin.auth)
      .set('x-request-id', given)
      .send({ name: `Request id test ${Date.now()} ${Math.random()}`, kind: 'police' });
    expect(changed.status).toBe(201);
    expect(changed.headers['x-request-id']).toMatch(UUID);
    const rows = await app.dataSource.getRepository(AuditLog).findBy({ entityId: changed.body.id });
    expect(rows.map((row) => row.requestId)).toEqual([changed.headers['x-request-id']]);
    expect(await app.dataSource.getRepository(AuditLog).countBy({ requestId: given })).toBe(0);
  });

  it('gives two users who send the same well-formed id two distinguishable audit trails', async () => {
    const first = await app.as('admin', 'request-id-a');
    const second = await app.as('admin', 'request-id-b');
    const reused = `reused-request-id-${Date.now()}`;
    const change = (user: typeof first, name: string) =>
      app.http().post('/api/v1/organisations').set('Authorization', user.auth).set('x-request-id', reused).send({ name, kind: 'police' });
    const a = await change(first, `Force A ${Date.now()}`);
    const b = await change(second, `Force B ${Date.now()}`);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);

    for (const [response, user] of [[a, first], [b, second]] as const) {
      const trail = await app.http().get(`/api/v1/audit?requestId=${response.headers['x-request-id']}`).set('Authorization', first.auth);
      expect(trail.status).toBe(200);
      expect(trail.body.items.map((row: { actorId: string }) => row.actorId)).toEqual([user.id]);
    }
    const byClientId = await app.http().get(`/api/v1/audit?requestId=${reused}`).set('Authorization', first.auth);
    expect(byClientId.body.total).toBe(0);
  });

  it('generates one when none is sent', async () => {
    const response = await app.http().get('/health/live');
    expect(response.headers['x-request-id']).toMatch(UUID);
  });
});
