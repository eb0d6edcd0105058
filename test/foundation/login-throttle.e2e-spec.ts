import { AuditLog } from '../../src/audit/audit-log.entity.js';
import { TestApp } from '../support/test-app.js';
import type { TestUser } from '../support/factories.js';

/** Client addresses come from X-Forwarded-For, believed because the test's peer (127.0.0.1) is the trusted proxy. */
const login = (app: TestApp, from: string, email: string, password: string) =>
  app.http().post('/api/v1/auth/login').set('x-forwarded-for', from).send({ email, password });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('login throttling per account and address', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ TRUST_PROXY: '127.0.0.1', LOGIN_MAX_FAILURES: '3', LOGIN_BACKOFF_SECONDS: '2', LOGIN_WINDOW_SECONDS: '900' });
  });
  afterAll(() => app.close());

  it('five wrong passwords from five addresses do not stop the owner logging in from their address, or a new one', async () => {
    const owner = await app.as('spoc', 'lockout-victim');
    expect((await login(app, '192.0.2.10', owner.email, owner.password)).status).toBe(200);
    for (let i = 1; i <= 5; i += 1) {
      expect((await login(app, `198.51.100.${i}`, owner.email, 'wrong-password-1')).status).toBe(401);
    }
    expect((await login(app, '192.0.2.10', owner.email, owner.password)).status).toBe(200);
    expect((await login(app, '192.0.2.11', owner.email, owner.password)).status).toBe(200);
  });

  it('locks the account only for the address that keeps failing, with Retry-After doubling', async () => {
    const owner = await app.as('auditor', 'backoff');
    const attacker = '203.0.113.50';
    for (let i = 0; i < 3; i += 1) expect((await login(app, attacker, owner.email, 'wrong-password-1')).status).toBe(401);

    const waits: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const locked = await login(app, attacker, owner.email, owner.password); // right password, still refused
      expect(locked.status).toBe(429);
      expect(locked.body).toMatchObject({ error: 'too_many_attempts', details: { retryAfterSeconds: expect.any(Number) } });
      expect(locked.headers['retry-after']).toBe(String(locked.body.details.retryAfterSeconds));
      waits.push(Number(locked.headers['retry-after']));
      if (round === 2) break;
      await sleep(waits[round] * 1000 + 100);
      expect((await login(app, attacker, owner.email, 'wrong-password-1')).status).toBe(401);
    }
    expect(waits).toEqual([2, 4, 8]);

    // Meanwhile the owner, elsewhere, is not locked out.
    expect((await login(app, '192.0.2.20', owner.email, owner.password)).status).toBe(200);
  });

  it('lets the right password through once the lockout has passed, and clears the count', async () => {
    const owner = await app.as('cst_officer', 'forgetful');
    const address = '203.0.113.60';
    for (let i = 0; i < 3; i += 1) expect((await login(app, address, owner.email, 'wrong-password-1')).status).toBe(401);
    expect((await login(app, address, owner.email, owner.password)).status).toBe(429);
    await sleep(2100);
    expect((await login(app, address, owner.email, owner.password)).status).toBe(200);
    expect((await login(app, address, owner.email, 'wrong-password-1')).status).toBe(401);
    expect((await login(app, address, owner.email, owner.password)).status).toBe(200);
  });
});

describe('login throttling across addresses', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ TRUST_PROXY: '127.0.0.1', LOGIN_MAX_FAILURES: '1', LOGIN_BACKOFF_SECONDS: '30' });
  });
  afterAll(() => app.close());

  it('slows, without locking, guessing spread over many addresses; the owner’s known address is not slowed', async () => {
    const owner = await app.as('spoc', 'distributed');
    expect((await login(app, '192.0.2.30', owner.email, owner.password)).status).toBe(200);
    // 1 × 10 failures across 10 addresses, each address locked for this account only.
    for (let i = 1; i <= 10; i += 1) {
      expect((await login(app, `198.18.0.${i}`, owner.email, 'wrong-password-1')).status).toBe(401);
    }
    expect((await login(app, '198.18.1.1', owner.email, 'wrong-password-1')).status).toBe(401); // the one slot
    const slowed = await login(app, '198.18.1.2', owner.email, owner.password);
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(30);
    expect((await login(app, '192.0.2.30', owner.email, owner.password)).status).toBe(200);
  });
});

describe('a disabled account answers like a wrong password', () => {
  let app: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    app = await TestApp.start();
    const admin = await app.as('admin');
    user = await app.as('kyndi_operator', 'disabled');
    expect((await app.http().patch(`/api/v1/users/${user.id}`).set('Authorization', admin.auth).send({ disabled: true })).status).toBe(200);
  });
  afterAll(() => app.close());

  it('gives the same status, code and message for the right and a wrong password', async () => {
    const right = await app.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    const wrong = await app.http().post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-password-1' });
    const unknown = await app.http().post('/api/v1/auth/login').send({ email: `nobody-${Date.now()}@test.example`, password: user.password });
    const shape = (r: typeof right) => ({ status: r.status, ...r.body, requestId: undefined });
    expect(shape(right)).toEqual(shape(wrong));
    expect(shape(right)).toEqual(shape(unknown));
    expect(shape(right)).toMatchObject({ status: 401, statusCode: 401, error: 'invalid_credentials' });
  });

  it('still tells the auditors why (the audit row is internal)', async () => {
    const rows = await app.dataSource.getRepository(AuditLog).findBy({ action: 'auth.login_failed', entityId: user.id });
    expect(rows.map((row) => (row.after as { reason: string }).reason).sort()).toEqual(['bad_credentials', 'disabled']);
  });
});
