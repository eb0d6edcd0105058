import { WardsService } from '../../src/wards/wards.service.js';
import { unique } from '../support/factories.js';
import { TestApp } from '../support/test-app.js';

describe('wards and ward members', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it("lists Medway's 24 wards by name, to every role", async () => {
    const police = await app.as('police_officer');
    const response = await app.http().get('/api/v1/wards').set('Authorization', police.auth);
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(24);
    expect(response.body.items).toHaveLength(24);
    expect(response.body.items[0]).toEqual({ id: 'all-saints', name: 'All Saints', councillors: 2 });
    expect(response.body.items.map((w: { id: string }) => w.id)).toContain('gillingham-south');
    const councillors = response.body.items.reduce((sum: number, w: { councillors: number }) => sum + w.councillors, 0);
    expect(councillors).toBe(59);
  });

  it('adds a ward member (email stored lower-case) and lists it; membersOf() returns it for notices', async () => {
    const spoc = await app.as('spoc');
    const email = `${unique('Cllr')}@Councillors.Medway.Example`;
    const created = await app
      .http()
      .post('/api/v1/wards/twydall/members')
      .set('Authorization', spoc.auth)
      .send({ name: 'Cllr Test Member', email });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ wardId: 'twydall', name: 'Cllr Test Member', email: email.toLowerCase(), isDemo: false });

    const listed = await app.http().get('/api/v1/wards/twydall/members?limit=200').set('Authorization', spoc.auth);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((m: { id: string }) => m.id)).toContain(created.body.id);

    const members = await app.app.get(WardsService).membersOf(app.dataSource.manager, 'twydall');
    expect(members.map((m) => m.email)).toContain(email.toLowerCase());
  });

  it('refuses a duplicate member with 409, a bad email with 400 and an unknown ward with 404', async () => {
    const admin = await app.as('admin');
    const email = `${unique('dup')}@councillors.medway.example`;
    const first = await app.http().post('/api/v1/wards/luton/members').set('Authorization', admin.auth).send({ name: 'A Member', email });
    expect(first.status).toBe(201);
    const again = await app.http().post('/api/v1/wards/luton/members').set('Authorization', admin.auth).send({ name: 'A Member', email });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('ward_member_exists');

    const badEmail = await app.http().post('/api/v1/wards/luton/members').set('Authorization', admin.auth).send({ name: 'X Y', email: 'nope' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error).toBe('validation_failed');

    const noWard = await app.http().post('/api/v1/wards/atlantis/members').set('Authorization', admin.auth).send({ name: 'X Y', email });
    expect(noWard.status).toBe(404);
    expect((await app.http().get('/api/v1/wards/atlantis/members').set('Authorization', admin.auth)).status).toBe(404);

    const badId = await app.http().get('/api/v1/wards/Not%20A%20Slug/members').set('Authorization', admin.auth);
    expect(badId.status).toBe(400);
    expect(badId.body.error).toBe('invalid_id');
  });
});
