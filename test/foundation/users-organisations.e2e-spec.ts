import { TestApp } from '../support/test-app.js';
import { unique } from '../support/factories.js';

describe('organisations and users (admin)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('creates an organisation and a user in it, who can then log in', async () => {
    const admin = await app.as('admin');
    const org = await app
      .http()
      .post('/api/v1/organisations')
      .set('Authorization', admin.auth)
      .send({ name: unique('Sussex Police'), kind: 'police' });
    expect(org.status).toBe(201);
    expect(org.body).toMatchObject({ id: expect.any(String), kind: 'police' });

    const email = `${unique('pc')}@sussex.example`;
    const created = await app
      .http()
      .post('/api/v1/users')
      .set('Authorization', admin.auth)
      .send({ email, password: 'Long-enough-pass-1', role: 'police_officer', organisationId: org.body.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email, role: 'police_officer', organisationId: org.body.id, disabled: false });
    expect(created.body.passwordHash).toBeUndefined();

    const login = await app.http().post('/api/v1/auth/login').send({ email, password: 'Long-enough-pass-1' });
    expect(login.status).toBe(200);
  });

  it('lists organisations as { items, total, nextCursor } and pages with a cursor', async () => {
    const admin = await app.as('admin');
    for (let i = 0; i < 3; i += 1) {
      await app.http().post('/api/v1/organisations').set('Authorization', admin.auth).send({ name: unique('Org'), kind: 'council' });
    }
    const first = await app.http().get('/api/v1/organisations?limit=2').set('Authorization', admin.auth);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.total).toBeGreaterThanOrEqual(3);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await app
      .http()
      .get(`/api/v1/organisations?limit=2&cursor=${first.body.nextCursor}`)
      .set('Authorization', admin.auth);
    expect(second.status).toBe(200);
    const firstIds = first.body.items.map((o: { id: string }) => o.id);
    for (const item of second.body.items) expect(firstIds).not.toContain(item.id);
  });

  it('refuses a role that does not fit the organisation (police officer at the council)', async () => {
    const admin = await app.as('admin');
    const response = await app
      .http()
      .post('/api/v1/users')
      .set('Authorization', admin.auth)
      .send({ email: `${unique('x')}@test.example`, password: 'Long-enough-pass-1', role: 'police_officer', organisationId: admin.organisationId });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('role_not_allowed_for_organisation');
  });

  it('refuses a duplicate email with 409, a short password and an unknown organisation with 400', async () => {
    const admin = await app.as('admin');
    const spoc = await app.as('spoc');
    const duplicate = await app
      .http()
      .post('/api/v1/users')
      .set('Authorization', admin.auth)
      .send({ email: spoc.email, password: 'Long-enough-pass-1', role: 'spoc', organisationId: admin.organisationId });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toBe('email_taken');

    const short = await app
      .http()
      .post('/api/v1/users')
      .set('Authorization', admin.auth)
      .send({ email: `${unique('s')}@test.example`, password: 'short', role: 'spoc', organisationId: admin.organisationId });
    expect(short.status).toBe(400);
    expect(short.body.details.fields).toEqual([{ field: 'password', messages: [expect.stringContaining('12')] }]);

    const unknownOrg = await app
      .http()
      .post('/api/v1/users')
      .set('Authorization', admin.auth)
      .send({ email: `${unique('u')}@test.example`, password: 'Long-enough-pass-1', role: 'spoc', organisationId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownOrg.status).toBe(400);
    expect(unknownOrg.body.error).toBe('unknown_organisation');
  });

  it('refuses a duplicate organisation name regardless of case', async () => {
    const admin = await app.as('admin');
    const name = unique('Twin Org');
    expect((await app.http().post('/api/v1/organisations').set('Authorization', admin.auth).send({ name, kind: 'council' })).status).toBe(201);
    const again = await app.http().post('/api/v1/organisations').set('Authorization', admin.auth).send({ name: name.toUpperCase(), kind: 'council' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('organisation_exists');
  });

  it('returns 404 for an unknown user id', async () => {
    const admin = await app.as('admin');
    const response = await app.http().get('/api/v1/users/00000000-0000-4000-8000-000000000000').set('Authorization', admin.auth);
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('not_found');
  });
});
