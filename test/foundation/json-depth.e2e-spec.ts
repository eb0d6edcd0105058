import { TestApp } from '../support/test-app.js';

const nested = (depth: number, leaf = '"x"') => `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('deeply nested JSON', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  const post = (path: string, body: string, auth?: string) => {
    const request = app.http().post(path).set('content-type', 'application/json');
    return (auth ? request.set('Authorization', auth) : request).send(body);
  };

  const expectTooDeep = (response: { status: number; body: Record<string, unknown> }) => {
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'json_too_deep', requestId: expect.any(String) });
  };

  it('refuses 1,500 levels at login, without a token, as 400 json_too_deep', async () => {
    expectTooDeep(await post('/api/v1/auth/login', `{"email":"a@test.example","password":"x","extra":${nested(1500)}}`));
    expectTooDeep(await post('/api/v1/auth/login', nestedArrays(1500)));
  });

  it('refuses 1,500 levels on authenticated routes', async () => {
    const admin = await app.as('admin');
    expectTooDeep(await post('/api/v1/organisations', `{"name":"Deep","kind":"police","x":${nested(1500)}}`, admin.auth));
    const spoc = await app.as('spoc');
    expectTooDeep(await post('/api/v1/cameras', `{"tags":${nestedArrays(1500)}}`, spoc.auth));
  });

  it('counts only structure: brackets inside strings do not count, and ordinary bodies pass', async () => {
    const admin = await app.as('admin');
    const name = `Brackets ${'[{'.repeat(40)} ${Date.now()}`;
    const response = await post('/api/v1/organisations', JSON.stringify({ name, kind: 'police' }), admin.auth);
    expect(response.status).toBe(201);
    expect(response.body.name).toBe(name);
    // 20 levels is well inside the cap: the DTO, not the parser, answers.
    const moderate = await post('/api/v1/organisations', `{"name":"Moderate","kind":"police","x":${nested(20)}}`, admin.auth);
    expect(moderate.status).toBe(400);
    expect(moderate.body.error).toBe('validation_failed');
  });

  it('keeps refusing prototype poisoning', async () => {
    const response = await post('/api/v1/auth/login', '{"email":"a@test.example","password":"x","__proto__":{"admin":true}}');
    expect(response.status).toBe(400);
    expect(response.body.requestId).toEqual(expect.any(String));
  });
});
