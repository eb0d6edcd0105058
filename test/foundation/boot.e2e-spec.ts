import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ConfigurationError } from '../../src/config/load-config.js';
import { startService } from '../../src/main.js';

/** The README's first command: the service on embedded PGlite and S3, demo data and credentials, data kept. */
describe('service start-up', () => {
  const base = { SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' };

  it('refuses to start on bad configuration, naming the variable', async () => {
    await expect(startService({ ...base, DATABASE_URL: 'postgres://u@127.0.0.1:1/x', JWT_SECRET: 'short' })).rejects.toThrow(
      ConfigurationError,
    );
    await expect(startService({ ...base, S3_BUCKET: 'bucket-only' })).rejects.toThrow(/S3_REGION/);
  });

  it('starts embedded with demo accounts printed once, and keeps data across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'medway-boot-'));
    const env = { ...base, DATA_DIR: dataDir };
    try {
      const first = await startService(env);
      let userId: string;
      try {
        expect(first.credentials.map((c) => c.role).sort()).toEqual(
          ['admin', 'auditor', 'cst_officer', 'kyndi_operator', 'police_officer', 'police_officer', 'spoc'],
        );
        const ready = await request(first.url).get('/health/ready');
        expect(ready.status).toBe(200);
        const login = await request(first.url)
          .post('/api/v1/auth/login')
          .send({ email: 'admin@council.example', password: 'Admin-Passw0rd!' });
        expect(login.status).toBe(200);
        userId = login.body.user.id;
        const docs = await request(first.url).get('/docs-json');
        expect(docs.status).toBe(200);
        expect(docs.body.paths['/api/v1/auth/login']).toBeDefined();
        const page = await request(first.url).get('/docs');
        expect(page.status).toBe(200);
        expect(page.headers['content-type']).toMatch(/text\/html/);
        expect(page.text).toMatch(/swagger/i);
      } finally {
        await first.stop();
      }

      const second = await startService(env);
      try {
        expect(second.credentials).toEqual([]);
        const login = await request(second.url)
          .post('/api/v1/auth/login')
          .send({ email: 'admin@council.example', password: 'Admin-Passw0rd!' });
        expect(login.status).toBe(200);
        expect(login.body.user.id).toBe(userId);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Two full starts with the demo data: on a machine shared with other work this exceeds the default 60 s.
  }, 120_000);
});
