import { JwtService } from '@nestjs/jwt';
import { TestApp } from '../support/test-app.js';

/** Tokens signed in the test with the service's real secret: only their claims are wrong. */
describe('access tokens signed with the real secret but malformed claims', () => {
  let app: TestApp;
  const jwt = new JwtService({ secret: process.env.JWT_SECRET });
  const now = () => Math.floor(Date.now() / 1000);
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  const me = (token: string) => app.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const sign = (payload: Record<string, unknown>) => jwt.signAsync(payload, { issuer: 'medway-cctv', noTimestamp: !('iat' in payload) });

  const expectRefused = (response: { status: number; body: Record<string, unknown> }) => {
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'invalid_token', message: expect.any(String), requestId: expect.any(String) });
  };

  it('accepts a well-formed token (the control)', async () => {
    const user = await app.as('spoc');
    expect((await me(await sign({ sub: user.id, tv: 0, iat: now(), exp: now() + 600 }))).status).toBe(200);
  });

  it('refuses a token without exp', async () => {
    const user = await app.as('spoc');
    expectRefused(await me(await sign({ sub: user.id, tv: 0, iat: now() })));
  });

  it('refuses a token without iat, or issued in the future', async () => {
    const user = await app.as('spoc');
    expectRefused(await me(await sign({ sub: user.id, tv: 0, exp: now() + 600 })));
    expectRefused(await me(await sign({ sub: user.id, tv: 0, iat: now() + 3600, exp: now() + 7200 })));
  });

  it('refuses a token older than JWT_TTL_SECONDS even when its exp lies far ahead', async () => {
    const user = await app.as('spoc');
    const ttl = app.config.auth.jwtTtlSeconds;
    expectRefused(await me(await sign({ sub: user.id, tv: 0, iat: now() - ttl - 60, exp: now() + 365 * 86400 })));
  });

  it('refuses a non-UUID sub with 401, not 400', async () => {
    for (const sub of ['u1', "1' OR '1'='1", '', 42]) {
      expectRefused(await me(await sign({ sub, tv: 0, iat: now(), exp: now() + 600 })));
    }
  });

  it('refuses a token without a numeric token version', async () => {
    const user = await app.as('spoc');
    expectRefused(await me(await sign({ sub: user.id, iat: now(), exp: now() + 600 })));
    expectRefused(await me(await sign({ sub: user.id, tv: '0', iat: now(), exp: now() + 600 })));
  });
});
