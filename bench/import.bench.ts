import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import ExcelJS from 'exceljs';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/load-config.js';
import { DemoDataService } from '../src/demo/demo-data.service.js';
import { startEmbeddedS3 } from '../src/embedded/embedded-s3.js';
import { fixed, mib, throwawayDatabase } from './support.js';

/**
 * npm run bench:import — the Kyndi monthly import on real PostgreSQL (a throwaway database on DATABASE_URL's server)
 * with an in-process S3 endpoint. Imports generated reports through the HTTP upload route (multipart, spooling,
 * parsing, reconciliation, S3, one transaction), then loads the same rows with COPY FROM STDIN, and prints rows/s,
 * the ratio to COPY and the peak RSS of this process while importing.
 *
 * Scenarios: 10,000 cameras x 1 month; 1,000 cameras x 12 monthly files.
 */
/** Share of camera rows that report a fault (half as a description, half as a count); BENCH_FAULT_RATE=0: none. */
const FAULT_RATE = Number(process.env.BENCH_FAULT_RATE ?? 0.01);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const database = await throwawayDatabase('medway_bench_import');
const s3Directory = mkdtempSync(join(tmpdir(), 'medway-bench-import-s3-'));
const s3 = await startEmbeddedS3({ directory: s3Directory, bucket: 'medway-bench' });
const config = loadConfig({
  ...process.env,
  DATABASE_URL: database.url,
  DB_POOL_SIZE: '5',
  S3_ENDPOINT: s3.endpoint,
  S3_BUCKET: 'medway-bench',
  S3_REGION: 'eu-west-2',
  S3_ACCESS_KEY_ID: s3.accessKeyId,
  S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  ADMIN_EMAIL: 'admin@bench.example',
  ADMIN_PASSWORD: 'Bench-Passw0rd-1',
  DEMO_DATA: 'false',
  SCHEDULER_ENABLED: 'false',
  LOG_LEVEL: 'warn',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

let app: NestFastifyApplication | undefined;
const sql = new pg.Client({ connectionString: database.url });

interface Measured<T> {
  result: T;
  seconds: number;
  startRss: number;
  peakRss: number;
  /** Growth of the JS heap over its size at the start (after a GC): what the import itself holds. */
  heapGrowth: number;
}

/** Samples this process's RSS and heap every few milliseconds while `work` runs. */
async function measured<T>(work: () => Promise<T>): Promise<Measured<T>> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const sampler = setInterval(sample, 5);
  const started = process.hrtime.bigint();
  try {
    const result = await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    sample();
    return { result, seconds, startRss: start.rss, peakRss, heapGrowth: peakHeap - start.heapUsed };
  } finally {
    clearInterval(sampler);
  }
}

function reportCsv(month: string, assetNumbers: string[], seed: number): Buffer {
  const lines = [`Kyndi activity report ${month}`, '', 'Camera,Incidents,Arrests,Hits,Faults'];
  const random = mulberry32(seed);
  const next = (max: number) => Math.floor(random() * max);
  for (const asset of assetNumbers) {
    const faulty = random() < FAULT_RATE;
    const fault = !faulty ? '0' : random() < 0.5 ? '"Loss of picture, camera 3"' : '1';
    lines.push(`${asset},${next(12)},${next(3)},${next(20)},${fault}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/** A small seeded PRNG so that every run imports the same files. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function createEstate(prefix: string, count: number): Promise<string[]> {
  await sql.query(
    `INSERT INTO camera (asset_number, name, kind, technology, status, rag, version)
     SELECT $1 || lpad(n::text, 5, '0'), 'Bench camera ' || n, 'fixed', 'digital', 'operational', 'green', 1
     FROM generate_series(1, $2::int) AS n`,
    [prefix, count],
  );
  const rows = await sql.query('SELECT asset_number FROM camera WHERE asset_number LIKE $1 ORDER BY asset_number', [`${prefix}%`]);
  return rows.rows.map((row: { asset_number: string }) => row.asset_number);
}

/** The same report as an XLSX workbook. */
async function asWorkbook(file: Buffer): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Activity');
  for (const line of file.toString('utf8').trimEnd().split('\r\n')) {
    const cells = line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((cell) => cell.replace(/^"|"$/g, ''));
    sheet.addRow(cells.map((cell) => (/^\d+$/.test(cell) ? Number(cell) : cell)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function importFile(baseUrl: string, token: string, file: Buffer, month: string, type: 'csv' | 'xlsx' = 'csv'): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([file]), `kyndi-${month}.${type}`);
  const response = await fetch(`${baseUrl}/api/v1/imports/kyndi-monthly?month=${month}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = (await response.json()) as { status?: string; rows?: number; message?: string };
  if (response.status !== 201) throw new Error(`import of ${month} failed: ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
  return body.rows!;
}

/** The same rows loaded with COPY FROM STDIN into camera_activity, under a placeholder import. */
async function copyRows(month: string, file: Buffer): Promise<number> {
  const cameras = new Map(
    (await sql.query('SELECT id, asset_number FROM camera')).rows.map((row: { id: string; asset_number: string }) => [row.asset_number, row.id]),
  );
  const importId = randomUUID();
  await sql.query(
    `INSERT INTO kyndi_import (id, month, month_source, status, file_name, file_type, file_sha256, file_size, imported_by_id,
       imported_by_organisation_id, imported_at, rows, totals, errors, warnings, faults)
     SELECT $1, $2, 'parameter', 'superseded', 'copy', 'csv', '', 0, u.id, u.organisation_id, now(), 0, '{}', '[]', '[]', '[]'
     FROM app_user u LIMIT 1`,
    [importId, month],
  );
  const lines = file.toString('utf8').trimEnd().split('\r\n').slice(3);
  const tsv = lines.map((line, index) => {
    const [asset, incidents, arrests, hits, ...fault] = line.split(',');
    const text = fault.join(',');
    const quoted = text.startsWith('"');
    return [importId, cameras.get(asset), month, incidents, arrests, hits, quoted ? 1 : text, quoted ? text.slice(1, -1) : '\\N', index + 4].join('\t');
  });
  const started = process.hrtime.bigint();
  const stream = sql.query(
    copyStreams.from(
      'COPY camera_activity (import_id, camera_id, month, incidents, arrests, hits, faults, fault_text, source_row) FROM STDIN',
    ),
  );
  await pipeline(Readable.from([`${tsv.join('\n')}\n`]), stream);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function line(label: string, rows: number, seconds: number, copySeconds: number, memory: { peakRss: number; heapGrowth: number }) {
  const rate = rows / seconds;
  const copyRate = rows / copySeconds;
  console.log(
    `${label.padEnd(32)} ${String(rows).padStart(6)} rows  import ${fixed(seconds, 2).padStart(6)} s = ${fixed(rate, 0).padStart(7)} rows/s   ` +
      `COPY ${fixed(copySeconds, 3).padStart(6)} s = ${fixed(copyRate, 0).padStart(8)} rows/s   ` +
      `import/COPY ${fixed(rate / copyRate, 3)} (COPY ${fixed(copyRate / rate, 1)}x faster)   ` +
      `peak RSS ${fixed(mib(memory.peakRss), 0)} MiB, peak heap growth ${fixed(mib(memory.heapGrowth), 1)} MiB`,
  );
}

try {
  await sql.connect();
  app = await createApp(config);
  await app.get(DemoDataService).ensure();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@bench.example', password: 'Bench-Passw0rd-1' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  console.log(`Kyndi import benchmark: PostgreSQL at ${new URL(database.url).host}, in-process S3, ${FAULT_RATE * 100}% of rows report a fault`);

  // Warm-up: code paths, JIT, connections.
  const warm = await createEstate('BW-', 50);
  await importFile(baseUrl, accessToken, reportCsv('2019-01', warm, 7), '2019-01');
  await sql.query(`UPDATE camera SET status = 'decommissioned' WHERE asset_number LIKE 'BW-%'`);

  // 10,000 cameras x 1 month.
  const large = await createEstate('BL-', 10_000);
  const largeFile = reportCsv('2020-01', large, 1);
  const one = await measured(() => importFile(baseUrl, accessToken, largeFile, '2020-01'));
  const oneCopy = await copyRows('2020-01', largeFile);
  line('10,000 cameras x 1 month (CSV)', one.result, one.seconds, oneCopy, one);
  const workbook = await asWorkbook(reportCsv('2020-02', large, 2));
  const xlsxRun = await measured(() => importFile(baseUrl, accessToken, workbook, '2020-02', 'xlsx'));
  line('10,000 cameras x 1 month (XLSX)', xlsxRun.result, xlsxRun.seconds, oneCopy, xlsxRun);
  console.log(`  files: CSV ${fixed(largeFile.length / 1024, 0)} KiB, XLSX ${fixed(workbook.length / 1024, 0)} KiB`);
  await sql.query(`UPDATE camera SET status = 'decommissioned' WHERE asset_number LIKE 'BL-%'`);

  // 1,000 cameras x 12 monthly files.
  const small = await createEstate('BS-', 1_000);
  const files = Array.from({ length: 12 }, (_, index) => {
    const month = `2021-${String(index + 1).padStart(2, '0')}`;
    return { month, file: reportCsv(month, small, index + 11) };
  });
  const twelve = { result: 0, seconds: 0, peakRss: 0, heapGrowth: 0 };
  for (const { month, file } of files) {
    const each = await measured(() => importFile(baseUrl, accessToken, file, month));
    twelve.result += each.result;
    twelve.seconds += each.seconds;
    twelve.peakRss = Math.max(twelve.peakRss, each.peakRss);
    twelve.heapGrowth = Math.max(twelve.heapGrowth, each.heapGrowth);
  }
  let twelveCopy = 0;
  for (const { month, file } of files) twelveCopy += await copyRows(month, file);
  line('1,000 cameras x 12 months', twelve.result, twelve.seconds, twelveCopy, twelve);
  console.log('  (heap growth per file, the largest of the 12; RSS includes the in-process S3 endpoint and HTTP client)');
  const faults = await sql.query(`SELECT count(*)::int AS n FROM fault WHERE source = 'kyndi_import'`);
  const committed = await sql.query(`SELECT count(*)::int AS n FROM kyndi_import WHERE status = 'committed'`);
  console.log(`committed imports: ${committed.rows[0].n}, faults opened by imports: ${faults.rows[0].n}`);
} finally {
  await app?.close();
  await sql.end().catch(() => undefined);
  await s3.stop();
  await database.drop();
  rmSync(s3Directory, { recursive: true, force: true });
}
