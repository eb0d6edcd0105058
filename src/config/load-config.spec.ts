import { resolve } from 'node:path';
import { ConfigurationError, DEMO_ADMIN, loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database and S3 with demo data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      database: { embedded: true, poolSize: 1 },
      s3: { embedded: true, createBucket: true },
      demoData: true,
      admin: DEMO_ADMIN,
    });
    expect(config.dataDir).toBe(resolve('./.data'));
  });

  it('switches to real PostgreSQL and S3 from environment variables only', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:pw@db:5432/cctv',
      JWT_SECRET: 'x'.repeat(40),
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'evidence',
      S3_REGION: 'eu-west-2',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 's',
    });
    expect(config.database).toMatchObject({ embedded: false, url: 'postgres://app:pw@db:5432/cctv', poolSize: 10 });
    expect(config.s3).toMatchObject({ embedded: false, bucket: 'evidence', forcePathStyle: true, createBucket: false });
    expect(config.demoData).toBe(false);
    expect(config.admin).toBeUndefined();
  });

  it('builds the URL from DB_* parts', () => {
    const config = loadConfig({ DB_HOST: 'db', DB_USER: 'app', DB_PASSWORD: 'p@ss', DB_NAME: 'cctv', JWT_SECRET: 'y'.repeat(32), EMBEDDED_S3: 'true' });
    expect(config.database.url).toBe('postgres://app:p%40ss@db:5432/cctv');
  });

  it('names every bad or missing variable in one message', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', S3_ENDPOINT: 'http://minio:9000', ADMIN_EMAIL: 'a@b.example', DB_POOL_SIZE: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'S3_BUCKET', 'S3_REGION', 'ADMIN_PASSWORD', 'DB_POOL_SIZE', 'JWT_SECRET']) {
      expect(problems).toContain(name);
    }
    expect((error as Error).message).toMatch(/^Invalid configuration:/);
  });

  it('reads evidence retention periods, rejecting nonsense', () => {
    expect(loadConfig({ EVIDENCE_RETENTION_DAYS: '365', EVIDENCE_POST_CLOSURE_RETENTION_DAYS: '0' }).evidence).toMatchObject({
      defaultRetentionDays: 365,
      postClosureRetentionDays: 0,
    });
    expect(loadConfig({}).evidence).toMatchObject({ defaultRetentionDays: 90, postClosureRetentionDays: 30, recordingRetentionDays: 31 });
    expect(loadConfig({ RECORDING_RETENTION_DAYS: '14' }).evidence.recordingRetentionDays).toBe(14);
    expect(() => loadConfig({ EVIDENCE_RETENTION_DAYS: '0' })).toThrow(/EVIDENCE_RETENTION_DAYS/);
    expect(() => loadConfig({ RECORDING_RETENTION_DAYS: 'a month' })).toThrow(/RECORDING_RETENTION_DAYS/);
  });

  it('reads the upload lease and the download session, rejecting nonsense', () => {
    expect(loadConfig({}).evidence).toMatchObject({ uploadLeaseSeconds: 60, downloadSessionSeconds: 3600 });
    expect(loadConfig({ EVIDENCE_UPLOAD_LEASE_SECONDS: '30', EVIDENCE_DOWNLOAD_SESSION_SECONDS: '600' }).evidence).toMatchObject({
      uploadLeaseSeconds: 30,
      downloadSessionSeconds: 600,
    });
    expect(() => loadConfig({ EVIDENCE_UPLOAD_LEASE_SECONDS: '1' })).toThrow(/EVIDENCE_UPLOAD_LEASE_SECONDS/);
    expect(() => loadConfig({ EVIDENCE_DOWNLOAD_SESSION_SECONDS: '0' })).toThrow(/EVIDENCE_DOWNLOAD_SESSION_SECONDS/);
  });

  it('reads the recycle-bin grace period (default 7 days), which cannot be switched off', () => {
    expect(loadConfig({}).evidence.deletionGraceDays).toBe(7);
    expect(loadConfig({ EVIDENCE_DELETION_GRACE_DAYS: '30' }).evidence.deletionGraceDays).toBe(30);
    for (const bad of ['0', '-1', 'a week', '366']) {
      expect(() => loadConfig({ EVIDENCE_DELETION_GRACE_DAYS: bad })).toThrow(/EVIDENCE_DELETION_GRACE_DAYS/);
    }
  });

  it('requires S3 settings only when not embedded', () => {
    expect(() => loadConfig({ S3_BUCKET: 'b' })).toThrow(/S3_REGION/);
    expect(() => loadConfig({})).not.toThrow();
  });

  it('trusts no proxy unless TRUST_PROXY lists them, and never everyone', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5,::1,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true/);
    expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/TRUST_PROXY.*hop count/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33,proxy.example' })).toThrow(/TRUST_PROXY.*10\.0\.0\.0\/33, proxy\.example/);
  });

  it('runs the embedded S3 endpoint only beside the embedded database, unless EMBEDDED_S3=true', () => {
    const realDatabase = { DATABASE_URL: 'postgres://app:pw@db:5432/cctv', JWT_SECRET: 'x'.repeat(40) };
    let error: unknown;
    try {
      loadConfig(realDatabase);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/S3_BUCKET/);
    expect((error as Error).message).toMatch(/EMBEDDED_S3=true/);
    expect(loadConfig({ ...realDatabase, EMBEDDED_S3: 'true' }).s3.embedded).toBe(true);
    expect(loadConfig({}).s3.embedded).toBe(true);
    expect(() => loadConfig({ EMBEDDED_S3: 'false' })).toThrow(/EMBEDDED_S3=false.*S3_BUCKET/);
    expect(() => loadConfig({ EMBEDDED_S3: 'true', S3_BUCKET: 'b', S3_REGION: 'eu-west-2' })).toThrow(/EMBEDDED_S3=true conflicts/);
    expect(() => loadConfig({ EMBEDDED_S3: 'perhaps' })).toThrow(/EMBEDDED_S3/);
  });
});
