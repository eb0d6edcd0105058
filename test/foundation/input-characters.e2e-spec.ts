import { deployed } from '../deployments/rdc-fixtures.js';
import { TestApp } from '../support/test-app.js';
import type { TestUser } from '../support/factories.js';

const NUL = '\u0000';
const LONE_SURROGATE = '\uD800';

/** A multipart body built byte by byte, so the file name reaches the server exactly as written here. */
function multipart(disposition: string, content = 'assetNumber,name\n'): { body: Buffer; contentType: string } {
  const boundary = 'medway-test-boundary-7f3a';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: text/csv\r\n\r\n`, 'utf8'),
    Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

const fieldsOf = (body: { details?: { fields?: { field: string }[] } }) => (body.details?.fields ?? []).map((f) => f.field);

describe('NUL characters and lone surrogates are refused with 400 invalid_characters', () => {
  let app: TestApp;
  let spoc: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    app = await TestApp.start();
    spoc = await app.as('spoc');
    admin = await app.as('admin');
  });
  afterAll(() => app.close());

  const expectInvalidCharacters = (response: { status: number; body: Record<string, unknown> }, field: string) => {
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'invalid_characters', requestId: expect.any(String) });
    expect(fieldsOf(response.body)).toContain(field);
  };

  it('in a login field, before any lookup', async () => {
    const nul = await app.http().post('/api/v1/auth/login').send({ email: `a${NUL}@test.example`, password: 'x' });
    expectInvalidCharacters(nul, 'body.email');
    const password = await app.http().post('/api/v1/auth/login').send({ email: 'a@test.example', password: `pa${NUL}ss` });
    expectInvalidCharacters(password, 'body.password');
  });

  it('a lone surrogate in the login email (the validator would throw URIError)', async () => {
    for (const email of [`a${LONE_SURROGATE}@test.example`, `\uDC00b@test.example`, `a@test${LONE_SURROGATE}.example`]) {
      const response = await app.http().post('/api/v1/auth/login').send({ email, password: 'whatever-1' });
      expectInvalidCharacters(response, 'body.email');
    }
    // A correctly paired surrogate (an emoji) is ordinary text: validation decides, no invalid_characters.
    const paired = await app.http().post('/api/v1/auth/login').send({ email: 'a\uD83D\uDE00@test.example', password: 'whatever-1' });
    expect(paired.body.error).not.toBe('invalid_characters');
    expect(paired.status).toBeLessThan(500);
  });

  it('a lone surrogate in the email of a new user', async () => {
    const response = await app
      .http()
      .post('/api/v1/users')
      .set('Authorization', admin.auth)
      .send({ email: `new${LONE_SURROGATE}@test.example`, password: 'Long-enough-pass-1', role: 'auditor', organisationId: admin.organisationId });
    expectInvalidCharacters(response, 'body.email');
  });

  it('in a top-level body field, naming every bad field', async () => {
    const response = await app
      .http()
      .post('/api/v1/cameras')
      .set('Authorization', spoc.auth)
      .send({ assetNumber: 'NUL-1', name: `Bad${NUL}name`, address: `High${NUL}Street`, kind: 'fixed', technology: 'digital' });
    expectInvalidCharacters(response, 'body.name');
    expect(fieldsOf(response.body)).toContain('body.address');
  });

  it('in nested body fields: an array element and an object inside an array', async () => {
    const tags = await app
      .http()
      .post('/api/v1/cameras')
      .set('Authorization', spoc.auth)
      .send({ assetNumber: 'NUL-2', name: 'Tagged', kind: 'fixed', technology: 'digital', tags: ['fine', `bad${NUL}`] });
    expectInvalidCharacters(tags, 'body.tags[1]');

    const { deployment } = await deployed(app, spoc);
    const review = await app
      .http()
      .post(`/api/v1/deployments/${deployment.id}/reviews`)
      .set('Authorization', spoc.auth)
      .send({ outcome: 'extend', extendWeeks: 4, notes: 'ok', attendees: [{ name: `Sgt${NUL}Jones`, role: 'police' }] });
    expectInvalidCharacters(review, 'body.attendees[0].name');
  });

  it('in an object key', async () => {
    const response = await app
      .http()
      .post('/api/v1/organisations')
      .set('Authorization', admin.auth)
      .send({ name: 'Key test', kind: 'police', [`k${NUL}`]: 'x' });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_characters');
  });

  it('in a query parameter', async () => {
    const response = await app.http().get(`/api/v1/cameras?q=${encodeURIComponent(`High${NUL}`)}`).set('Authorization', spoc.auth);
    expectInvalidCharacters(response, 'query.q');
  });

  it('in a path parameter, UUID or not', async () => {
    const uuid = await app.http().get('/api/v1/cameras/%00').set('Authorization', spoc.auth);
    expectInvalidCharacters(uuid, 'path.id');
    const name = await app.http().post('/api/v1/jobs/bad%00name/run').set('Authorization', admin.auth);
    expectInvalidCharacters(name, 'path.name');
  });

  it('in a multipart file name: the camera CSV import and the Kyndi monthly import', async () => {
    for (const disposition of [`filename="cam${NUL}eras.csv"`, "filename*=UTF-8''cam%00eras.csv"]) {
      const upload = multipart(disposition);
      const cameras = await app
        .http()
        .post('/api/v1/cameras/import?dryRun=true')
        .set('Authorization', spoc.auth)
        .set('content-type', upload.contentType)
        .send(upload.body);
      expectInvalidCharacters(cameras, 'multipart.file.filename');

      const kyndi = await app
        .http()
        .post('/api/v1/imports/kyndi-monthly?dryRun=true&month=2025-01')
        .set('Authorization', spoc.auth)
        .set('content-type', upload.contentType)
        .send(upload.body);
      expectInvalidCharacters(kyndi, 'multipart.file.filename');
    }
  });

  it('leaves ordinary text alone, accents and emoji included', async () => {
    const response = await app
      .http()
      .post('/api/v1/organisations')
      .set('Authorization', admin.auth)
      .send({ name: `Gendarmerie de Sécurité 🚓 ${Date.now()}`, kind: 'police' });
    expect(response.status).toBe(201);
  });
});
