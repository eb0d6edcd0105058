// Starts the real parts the e2e suites talk to, once per test run:
//  - PostgreSQL: a fresh database on the server in DATABASE_URL, or an in-memory PGlite behind a wire-protocol socket;
//  - S3: the endpoint in TEST_S3_ENDPOINT (e.g. MinIO), or an s3rver HTTP endpoint in a temporary directory.
// Plain JavaScript so that jest can load it without a transform.
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import S3rver from 's3rver';

export default async function globalSetup() {
  const stops = [];
  const bucket = 'medway-test';

  if (process.env.TEST_S3_ENDPOINT) {
    process.env.S3_ENDPOINT = process.env.TEST_S3_ENDPOINT;
    process.env.S3_BUCKET ??= bucket;
    process.env.S3_CREATE_BUCKET = 'true';
  } else {
    const directory = mkdtempSync(join(tmpdir(), 'medway-s3-'));
    const s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      directory,
      silent: true,
      configureBuckets: [{ name: bucket, configs: [] }],
    });
    const { port } = await s3.run();
    Object.assign(process.env, {
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    stops.push(async () => {
      await s3.close();
      rmSync(directory, { recursive: true, force: true });
    });
  }
  process.env.S3_REGION ??= 'eu-west-2';

  if (process.env.DATABASE_URL) {
    const serverUrl = new URL(process.env.DATABASE_URL);
    const name = `medway_test_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl.href });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const testUrl = new URL(serverUrl.href);
    testUrl.pathname = `/${name}`;
    process.env.DATABASE_URL = testUrl.href;
    process.env.TEST_DB_MODE = 'postgres';
    process.env.DB_POOL_SIZE ??= '5';
    stops.push(async () => {
      const client = new pg.Client({ connectionString: serverUrl.href });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    });
  } else {
    const db = await PGlite.create({ extensions: { pgcrypto } });
    // Several sockets so that a closing app and the next one may overlap; each app's pool has one connection.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
    await server.start();
    process.env.DATABASE_URL = `postgres://postgres@${server.getServerConn()}/postgres`;
    process.env.TEST_DB_MODE = 'embedded';
    process.env.DB_POOL_SIZE = '1';
    stops.push(async () => {
      await server.stop();
      await db.close();
    });
  }

  Object.assign(process.env, {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    SCHEDULER_ENABLED: 'false',
    DEMO_DATA: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  globalThis.__medwayTeardown = async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
