import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { APP_CONFIG, type AppConfig } from '../../src/config/app-config.js';
import { ConfigurationError, loadConfig } from '../../src/config/load-config.js';
import { type EmbeddedS3, startEmbeddedS3 } from '../../src/embedded/embedded-s3.js';
import { banner, startService } from '../../src/main.js';

const BUCKET = 'embedded-check';

const client = (endpoint: string, accessKeyId: string, secretAccessKey: string) =>
  new S3Client({ endpoint, region: 'eu-west-2', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });

describe('the embedded S3 endpoint refuses unsigned and altered requests', () => {
  let directory: string;
  let s3: EmbeddedS3;
  let signed: S3Client;
  const key = 'evidence/r1/i1';
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'medway-embedded-s3-'));
    s3 = await startEmbeddedS3({ directory, bucket: BUCKET });
    signed = client(s3.endpoint, s3.accessKeyId, s3.secretAccessKey);
    await signed.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.from('original exhibit') }));
  });
  afterAll(async () => {
    signed.destroy();
    await s3.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const read = async () => (await (await signed.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString());

  it('listens on 127.0.0.1 only, with a secret of its own', () => {
    expect(new URL(s3.endpoint).hostname).toBe('127.0.0.1');
    expect(s3.secretAccessKey).not.toBe('S3RVER');
  });

  it('serves requests signed with its credentials', async () => {
    expect(await read()).toBe('original exhibit');
  });

  it('refuses unsigned GET, PUT and DELETE with 403, changing nothing', async () => {
    const path = `/${BUCKET}/${key}`;
    const get = await request(s3.endpoint).get(path);
    expect(get.status).toBe(403);
    expect(get.text).toContain('AccessDenied');
    expect((await request(s3.endpoint).put(path).send('overwritten')).status).toBe(403);
    expect((await request(s3.endpoint).delete(path)).status).toBe(403);
    expect((await request(s3.endpoint).get(`/${BUCKET}?list-type=2`)).status).toBe(403);
    expect(await read()).toBe('original exhibit');
  });

  it('refuses requests signed with s3rver’s well-known default credentials', async () => {
    const outsider = client(s3.endpoint, 'S3RVER', 'S3RVER');
    await expect(outsider.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await expect(outsider.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    outsider.destroy();
    expect(await read()).toBe('original exhibit');
  });

  it('serves a genuine pre-signed URL and refuses a tampered or expired one', async () => {
    await signed.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'evidence/r1/other', Body: Buffer.from('someone else’s exhibit') }));
    const url = await getSignedUrl(
      signed,
      new GetObjectCommand({ Bucket: BUCKET, Key: key, ResponseContentDisposition: 'attachment; filename="exhibit.mp4"' }),
      { expiresIn: 300 },
    );
    const genuine = await fetch(url);
    expect(genuine.status).toBe(200);
    expect(await genuine.text()).toBe('original exhibit');

    const tampered = [
      url.replace('/evidence/r1/i1', '/evidence/r1/other'),
      url.replace('X-Amz-Expires=300', 'X-Amz-Expires=604800'),
      url.replace('exhibit.mp4', 'renamed.mp4'),
      url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`),
      url.replace(/&?X-Amz-Signature=[0-9a-f]+/, ''),
    ];
    for (const altered of tampered) {
      expect(altered).not.toBe(url);
      const response = await fetch(altered);
      expect({ altered, status: response.status }).toEqual({ altered, status: 403 });
    }

    const expired = await getSignedUrl(signed, new GetObjectCommand({ Bucket: BUCKET, Key: key }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3600_000),
    });
    expect((await fetch(expired)).status).toBe(403);
  });
});

describe('when the embedded S3 endpoint runs', () => {
  const base = {
    DATABASE_URL: process.env.DATABASE_URL,
    DB_POOL_SIZE: process.env.DB_POOL_SIZE,
    JWT_SECRET: process.env.JWT_SECRET,
    SCHEDULER_ENABLED: 'false',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
  };

  it('does not start silently beside a real database: configuration error naming the variables', async () => {
    const error = await startService(base).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/S3_BUCKET/);
    expect((error as Error).message).toMatch(/EMBEDDED_S3=true/);
  });

  it('starts with EMBEDDED_S3=true, says loudly that it is not for production, and the service’s own requests pass', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'medway-embedded-s3-service-'));
    const env = { ...base, EMBEDDED_S3: 'true', DATA_DIR: dataDir };
    try {
      const service = await startService(env);
      try {
        expect(service.warnings).toEqual([expect.stringMatching(/not for production.*127\.0\.0\.1/)]);
        expect(banner(service, loadConfig(env))).toMatch(/WARNING: Embedded S3 endpoint .*not for production/);
        const ready = await request(service.url).get('/health/ready');
        expect(ready.body.checks.storage.status).toBe('up');
        const { s3 } = service.app.get<AppConfig>(APP_CONFIG);
        expect(new URL(s3.endpoint!).hostname).toBe('127.0.0.1');
        expect((await request(s3.endpoint!).get(`/${s3.bucket}?list-type=2`)).status).toBe(403);
      } finally {
        await service.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
