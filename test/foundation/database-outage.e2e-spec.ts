import { TestApp } from '../support/test-app.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import type { TestUser } from '../support/factories.js';

/** The database unreachable (connections cut, new ones refused) through a TCP proxy in front of the real one. */
describe('database unreachable', () => {
  let proxy: TcpProxy;
  let app: TestApp;
  let admin: TestUser;
  let spoc: TestUser;
  beforeAll(async () => {
    proxy = await TcpProxy.forUrl(process.env.DATABASE_URL!).start();
    app = await TestApp.start({ DATABASE_URL: proxy.rewrite(process.env.DATABASE_URL!) });
    admin = await app.as('admin');
    spoc = await app.as('spoc');
  });
  afterAll(async () => {
    await app.close();
    await proxy.stop();
  });
  afterEach(() => proxy.restore());

  const expectDatabaseUnavailable = (response: { status: number; body: Record<string, unknown> }) => {
    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      statusCode: 503,
      error: 'database_unavailable',
      message: expect.any(String),
      requestId: expect.any(String),
    });
  };

  it('answers 503 database_unavailable on data routes, reads and writes, and recovers', async () => {
    expect((await app.http().get('/api/v1/organisations').set('Authorization', admin.auth)).status).toBe(200);
    proxy.cut();
    expectDatabaseUnavailable(await app.http().get('/api/v1/organisations').set('Authorization', admin.auth));
    expectDatabaseUnavailable(await app.http().get('/api/v1/cameras').set('Authorization', spoc.auth));
    expectDatabaseUnavailable(
      await app.http().post('/api/v1/organisations').set('Authorization', admin.auth).send({ name: `Outage ${Date.now()}`, kind: 'police' }),
    );
    expectDatabaseUnavailable(await app.http().get('/api/v1/auth/me').set('Authorization', spoc.auth));

    proxy.restore();
    let status = 503;
    for (let attempt = 0; attempt < 10 && status !== 200; attempt += 1) {
      status = (await app.http().get('/api/v1/organisations').set('Authorization', admin.auth)).status;
    }
    expect(status).toBe(200);
  });

  it('answers 503 database_unavailable at login, not 401 or 500', async () => {
    proxy.cut();
    const response = await app.http().post('/api/v1/auth/login').send({ email: spoc.email, password: spoc.password });
    expectDatabaseUnavailable(response);
  });
});
