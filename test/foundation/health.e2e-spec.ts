import { TestApp } from '../support/test-app.js';
import { TcpProxy } from '../support/tcp-proxy.js';

describe('health', () => {
  it('answers liveness and readiness without a token, outside /api/v1', async () => {
    const app = await TestApp.start();
    try {
      expect((await app.http().get('/health/live')).body).toEqual({ status: 'ok' });
      const ready = await app.http().get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' }, storage: { status: 'up' } } });
    } finally {
      await app.close();
    }
  });

  it('reports the database down as 503 and recovers when it returns', async () => {
    const proxy = await TcpProxy.forUrl(process.env.DATABASE_URL!).start();
    const app = await TestApp.start({ DATABASE_URL: proxy.rewrite(process.env.DATABASE_URL!) });
    try {
      expect((await app.http().get('/health/ready')).status).toBe(200);
      proxy.cut();
      const down = await app.http().get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'unavailable', checks: { database: { status: 'down' }, storage: { status: 'up' } } });
      expect((await app.http().get('/health/live')).status).toBe(200);
      proxy.restore();
      let recovered = 503;
      for (let attempt = 0; attempt < 10 && recovered !== 200; attempt += 1) {
        recovered = (await app.http().get('/health/ready')).status;
      }
      expect(recovered).toBe(200);
    } finally {
      await app.close();
      await proxy.stop();
    }
  });

  it('reports object storage down as 503', async () => {
    const proxy = await TcpProxy.forUrl(process.env.S3_ENDPOINT!).start();
    const app = await TestApp.start({ S3_ENDPOINT: proxy.rewrite(process.env.S3_ENDPOINT!) });
    try {
      expect((await app.http().get('/health/ready')).status).toBe(200);
      proxy.cut();
      const down = await app.http().get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.body.checks).toMatchObject({ database: { status: 'up' }, storage: { status: 'down', error: expect.any(String) } });
    } finally {
      await app.close();
      await proxy.stop();
    }
  });
});
