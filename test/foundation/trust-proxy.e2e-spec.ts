import { AuditLog } from '../../src/audit/audit-log.entity.js';
import { TestApp } from '../support/test-app.js';

const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$/;

async function auditedIp(app: TestApp, forwardedFor: string): Promise<string | null> {
  const admin = await app.as('admin');
  const created = await app
    .http()
    .post('/api/v1/organisations')
    .set('Authorization', admin.auth)
    .set('x-forwarded-for', forwardedFor)
    .send({ name: `Proxy test ${Date.now()} ${Math.random()}`, kind: 'police' });
  expect(created.status).toBe(201);
  const row = await app.dataSource.getRepository(AuditLog).findOneByOrFail({ entityId: created.body.id });
  return row.ip;
}

/** Failed logins against four different (unknown) accounts, each claiming a different client address. */
async function sprayFrom(app: TestApp, addresses: (i: number) => string): Promise<void> {
  for (let i = 0; i < 4; i += 1) {
    const guess = await app
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', addresses(i))
      .send({ email: `sprayed-${i}-${Date.now()}@example.test`, password: 'guess-password-1' });
    expect(guess.status).toBe(401);
  }
}

describe('X-Forwarded-For from a peer that is not a trusted proxy (TRUST_PROXY unset)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ LOGIN_MAX_FAILURES: '1', TRUST_PROXY: '' });
  });
  afterAll(() => app.close());

  it('is ignored in the audit log: the peer address is recorded', async () => {
    expect(await auditedIp(app, '203.0.113.9')).toMatch(LOOPBACK);
  });

  it('does not give a client a fresh address for the per-address login limit', async () => {
    await sprayFrom(app, (i) => `198.51.100.${i + 1}`);
    const user = await app.as('auditor', 'spoofer-victim');
    const next = await app
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '198.51.100.200')
      .send({ email: user.email, password: 'wrong-password-1' });
    expect(next.status).toBe(429);
    expect(next.body.error).toBe('too_many_attempts');
  });
});

describe('X-Forwarded-For from a trusted proxy (TRUST_PROXY=127.0.0.1)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ LOGIN_MAX_FAILURES: '1', TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => app.close());

  it('gives the client address recorded in the audit log', async () => {
    expect(await auditedIp(app, '203.0.113.9')).toBe('203.0.113.9');
    // The address the trusted proxy appended is the client's; whatever the client wrote before it is not believed.
    expect(await auditedIp(app, '10.9.9.9, 203.0.113.10')).toBe('203.0.113.10');
  });

  it('limits logins per real client address', async () => {
    await sprayFrom(app, () => '198.51.100.7');
    const sameClient = await app
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '198.51.100.7')
      .send({ email: `another-${Date.now()}@example.test`, password: 'guess-password-1' });
    expect(sameClient.status).toBe(429);

    const user = await app.as('auditor', 'behind-proxy');
    const otherClient = await app
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '198.51.100.8')
      .send({ email: user.email, password: user.password });
    expect(otherClient.status).toBe(200);
  });
});
