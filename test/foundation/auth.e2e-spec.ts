import { TestApp } from '../support/test-app.js';
import { createOrganisation, createUser } from '../support/factories.js';

describe('auth', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ LOGIN_MAX_FAILURES: '3' });
  });
  afterAll(() => app.close());

  it('logs in with good credentials and returns the contract shape', async () => {
    const org = await createOrganisation(app.dataSource, 'council');
    const user = await createUser(app, { role: 'spoc', organisationId: org.id });
    const response = await app.http().post('/api/v1/auth/login').send({ email: user.email.toUpperCase(), password: user.password });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      accessToken: expect.any(String),
      user: { id: user.id, email: user.email, role: 'spoc', organisationId: org.id },
    });
    const me = await app.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${response.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, role: 'spoc', organisationKind: 'council' });
  });

  it('refuses a wrong password with 401 and the error shape', async () => {
    const user = await app.as('auditor');
    const response = await app.http().post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-password' });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      statusCode: 401,
      error: 'invalid_credentials',
      message: expect.any(String),
      requestId: expect.any(String),
    });
  });

  it('refuses an unknown account exactly like a wrong password', async () => {
    const response = await app.http().post('/api/v1/auth/login').send({ email: 'nobody@test.example', password: 'whatever-pass' });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_credentials');
  });

  it('refuses a disabled user at login, and their existing token stops working', async () => {
    const admin = await app.as('admin');
    const user = await app.as('cst_officer', 'to-disable');
    expect((await app.http().get('/api/v1/auth/me').set('Authorization', user.auth)).status).toBe(200);

    const disable = await app.http().patch(`/api/v1/users/${user.id}`).set('Authorization', admin.auth).send({ disabled: true });
    expect(disable.status).toBe(200);
    expect(disable.body.disabled).toBe(true);

    const reuse = await app.http().get('/api/v1/auth/me').set('Authorization', user.auth);
    expect(reuse.status).toBe(401);
    expect(reuse.body.error).toBe('invalid_token');
    const login = await app.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    expect(login.status).toBe(401);
    expect(login.body.error).toBe('invalid_credentials');
  });

  it('revokes tokens when an admin resets the password', async () => {
    const admin = await app.as('admin');
    const user = await app.as('spoc', 'reset');
    const reset = await app
      .http()
      .post(`/api/v1/users/${user.id}/reset-password`)
      .set('Authorization', admin.auth)
      .send({ password: 'A-new-password-123' });
    expect(reset.status).toBe(200);
    expect((await app.http().get('/api/v1/auth/me').set('Authorization', user.auth)).status).toBe(401);
    const login = await app.http().post('/api/v1/auth/login').send({ email: user.email, password: 'A-new-password-123' });
    expect(login.status).toBe(200);
  });

  it('rate-limits repeated failed logins for an account with 429', async () => {
    const user = await app.as('auditor', 'rate-limit');
    for (let i = 0; i < 3; i += 1) {
      const r = await app.http().post('/api/v1/auth/login').send({ email: user.email, password: 'bad-password-x' });
      expect(r.status).toBe(401);
    }
    const limited = await app.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('too_many_attempts');
    expect(limited.body.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('rejects a forged or malformed token', async () => {
    const forged = await app.http().get('/api/v1/auth/me').set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad');
    expect(forged.status).toBe(401);
    const malformed = await app.http().get('/api/v1/auth/me').set('Authorization', 'Basic abc');
    expect(malformed.status).toBe(401);
  });

  it('validates the login body field by field and rejects unknown fields', async () => {
    const response = await app.http().post('/api/v1/auth/login').send({ email: 'not-an-email', password: '', admin: true });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('validation_failed');
    const fields = response.body.details.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['admin', 'email', 'password']);
  });
});

describe('login rate limit per client address', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ LOGIN_MAX_FAILURES: '1' });
  });
  afterAll(() => app.close());

  it('refuses every account from an address after four times the per-account limit of failures, across accounts', async () => {
    const user = await app.as('auditor', 'address-limit');
    for (let i = 0; i < 4; i += 1) {
      const guess = await app.http().post('/api/v1/auth/login').send({ email: `nobody-${i}@example.test`, password: 'guess-password-1' });
      expect(guess.status).toBe(401);
    }
    // This account has no failures of its own: only the address's count stops it.
    const limited = await app.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: 'too_many_attempts', details: { retryAfterSeconds: expect.any(Number) } });
  });
});
