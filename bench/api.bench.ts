import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixed, startServiceProcess, throwawayDatabase } from './support.js';

/**
 * npm run bench:api — the service on real PostgreSQL, driven by autocannon for a fixed time on /health/live
 * (baseline: no auth, no database) and on a DB-backed authenticated list route. Prints req/s, p99 and ratios.
 */
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

const database = await throwawayDatabase('medway_bench_api');
const dataDir = mkdtempSync(join(tmpdir(), 'medway-bench-api-'));
const service = await startServiceProcess({
  DATABASE_URL: database.url,
  EMBEDDED_S3: 'true',
  DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  ADMIN_EMAIL: 'admin@bench.example',
  ADMIN_PASSWORD: 'Bench-Passw0rd-1',
  SCHEDULER_ENABLED: 'false',
});

async function run(title: string, path: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url: `${service.url}${path}`, connections: CONNECTIONS, duration: DURATION_SECONDS, headers });
  const non2xx = result.non2xx + result.errors;
  console.log(
    `${title.padEnd(34)} ${fixed(result.requests.average, 0).padStart(8)} req/s   p99 ${String(result.latency.p99).padStart(4)} ms   ` +
      `(${result.requests.total} requests, ${non2xx} non-2xx/errors)`,
  );
  return result;
}

try {
  const login = await fetch(`${service.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@bench.example', password: 'Bench-Passw0rd-1' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  console.log(`API benchmark: ${CONNECTIONS} connections, ${DURATION_SECONDS} s per route, PostgreSQL at ${new URL(database.url).host}`);
  const live = await run('GET /health/live (baseline)', '/health/live');
  const me = await run('GET /api/v1/auth/me (auth only)', '/api/v1/auth/me', { authorization: `Bearer ${accessToken}` });
  const list = await run('GET /api/v1/organisations (auth+DB)', '/api/v1/organisations?limit=50', {
    authorization: `Bearer ${accessToken}`,
  });
  console.log(`ratio auth-only/live req/s: ${fixed(me.requests.average / live.requests.average)}`);
  console.log(`ratio list/live req/s: ${fixed(list.requests.average / live.requests.average)}   p99 ratio: ${fixed(list.latency.p99 / Math.max(1, live.latency.p99))}`);
  console.log(`service peak RSS: ${fixed(service.peakRssMiB(), 0)} MiB`);
} finally {
  await service.stop();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
