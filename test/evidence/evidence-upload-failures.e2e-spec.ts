import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { CustodyEvent } from '../../src/evidence/entities/custody-event.entity.js';
import { EvidenceItem } from '../../src/evidence/entities/evidence-item.entity.js';
import { SchedulerService } from '../../src/scheduling/scheduler.service.js';
import { createS3Client } from '../../src/storage/s3-client.factory.js';
import { StorageService } from '../../src/storage/storage.service.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { TestApp } from '../support/test-app.js';
import {
  type Cast,
  abandonUpload,
  addItem,
  cast,
  content,
  createCamera,
  eventually,
  listeningPort,
  putContent,
  raiseApprovedRequest,
  sha256,
} from './evidence-fixtures.js';

const MiB = 1024 * 1024;
const MAX_BYTES = 10 * MiB;
/** Short, so that a dead attempt's lease runs out within a test; renewed every second. */
const LEASE_SECONDS = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A PUT whose body the test writes piece by piece; `response` settles with the status and parsed body. */
async function startUpload(app: TestApp, auth: string, itemId: string, size: number) {
  const port = await listeningPort(app);
  const request = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'PUT',
    path: `/api/v1/evidence/${itemId}/content`,
    headers: { authorization: auth, 'content-type': 'application/octet-stream', 'content-length': String(size) },
  });
  const response = new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    request.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : {} }));
    });
    request.on('error', reject);
  });
  return { request, response };
}

describe('evidence upload: failures leave nothing available and no object behind', () => {
  let app: TestApp;
  let who: Cast;
  let cameraId: string;
  let requestId: string;
  const storage = () => app.app.get(StorageService);
  const item = (id: string) => app.dataSource.getRepository(EvidenceItem).findOneByOrFail({ id });
  const custodyActions = async (id: string) => {
    const response = await app.http().get(`/api/v1/evidence/${id}/custody`).set('Authorization', who.spoc.auth);
    return response.body.events as { action: string; details: Record<string, unknown> }[];
  };

  beforeAll(async () => {
    app = await TestApp.start({ EVIDENCE_MAX_BYTES: String(MAX_BYTES), EVIDENCE_UPLOAD_LEASE_SECONDS: String(LEASE_SECONDS) });
    who = await cast(app, 'failures');
    cameraId = (await createCamera(app)).id;
    requestId = (await raiseApprovedRequest(app, who, cameraId)).id;
  });
  afterAll(() => app.close());

  it('rejects a mismatched client hash with 422: object removed, item failed, custody records it; a retry succeeds', async () => {
    const { id, storageKey } = await addItem(app, who.operator, requestId, cameraId);
    const data = content(2 * MiB, 11);
    const wrong = sha256('something else');
    const response = await putContent(app, who.operator, id, data, { 'X-Content-SHA256': wrong });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ error: 'hash_mismatch', details: { expected: wrong, actual: sha256(data) } });
    expect(await item(id)).toMatchObject({ status: 'failed', failureReason: 'hash_mismatch', sha256: null });
    expect(await storage().exists(storageKey)).toBe(false);
    const events = await custodyActions(id);
    const mismatch = events.find((e) => e.action === 'hash_mismatch');
    expect(mismatch?.details).toMatchObject({ expected: wrong, actual: sha256(data), size: data.length, objectDeleted: true });
    expect(events.find((e) => e.action === 'upload_failed')?.details).toMatchObject({ reason: 'hash_mismatch', attempt: 1 });

    const retry = await putContent(app, who.operator, id, data, { 'X-Content-SHA256': sha256(data) });
    expect(retry.status).toBe(200);
    expect(await item(id)).toMatchObject({ status: 'available', uploadAttempts: 2, sha256: sha256(data) });
  });

  it('refuses a malformed X-Content-SHA256 and a non-raw content type before touching the item', async () => {
    const { id } = await addItem(app, who.operator, requestId, cameraId);
    const badHash = await putContent(app, who.operator, id, content(100), { 'X-Content-SHA256': 'abc' });
    expect(badHash.status).toBe(400);
    expect(badHash.body.error).toBe('invalid_content_sha256');
    const json = await app
      .http()
      .put(`/api/v1/evidence/${id}/content`)
      .set('Authorization', who.operator.auth)
      .set('Content-Type', 'application/json')
      .send({ not: 'a file' });
    expect(json.status).toBe(415);
    expect(json.body.error).toBe('unsupported_media_type');
    expect(await item(id)).toMatchObject({ status: 'awaiting_upload', uploadAttempts: 0 });
  });

  it('cuts a streamed body over the size cap with 413 (chunked, no Content-Length) and keeps nothing', async () => {
    const { id, storageKey } = await addItem(app, who.operator, requestId, cameraId);
    const port = await listeningPort(app);
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: `/api/v1/evidence/${id}/content`,
          headers: { authorization: who.operator.auth, 'content-type': 'video/mp4', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      request.on('error', reject);
      Readable.from((function* () {
        for (let i = 0; i < 12; i += 1) yield content(MiB, i + 1);
      })()).pipe(request);
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'payload_too_large', details: { maxBytes: MAX_BYTES } });
    expect(await item(id)).toMatchObject({ status: 'failed', failureReason: 'too_large' });
    expect(await storage().exists(storageKey)).toBe(false);
  });

  it('refuses a declared Content-Length over the cap with 413 and an empty body with 400', async () => {
    const big = await addItem(app, who.operator, requestId, cameraId);
    const tooBig = await putContent(app, who.operator, big.id, content(MAX_BYTES + 1, 2));
    expect(tooBig.status).toBe(413);
    expect(await item(big.id)).toMatchObject({ status: 'failed', failureReason: 'too_large' });

    const empty = await addItem(app, who.operator, requestId, cameraId);
    const none = await putContent(app, who.operator, empty.id, Buffer.alloc(0));
    expect(none.status).toBe(400);
    expect(none.body.error).toBe('empty_content');
    expect(await item(empty.id)).toMatchObject({ status: 'failed', failureReason: 'empty' });
    expect(await storage().exists(empty.storageKey)).toBe(false);
  });

  it('leaves nothing available when the client disconnects mid-upload (multipart under way), and allows a retry', async () => {
    const { id, storageKey } = await addItem(app, who.operator, requestId, cameraId);
    await abandonUpload(app, who.operator, id, 9.5 * MiB, 8.5 * MiB);
    const after = await eventually(() => item(id), (i) => i.status !== 'uploading');
    expect(after).toMatchObject({ status: 'failed', failureReason: 'client_aborted', sha256: null, sizeBytes: null });
    expect(await storage().exists(storageKey)).toBe(false);
    const events = await custodyActions(id);
    expect(events.map((e) => e.action)).toEqual(['created', 'upload_started', 'upload_failed', 'custody_viewed']);
    expect(events[2].details).toMatchObject({ reason: 'client_aborted', attempt: 1 });

    const data = content(MiB, 4);
    const retry = await putContent(app, who.operator, id, data);
    expect(retry.status).toBe(200);
    expect(retry.body.sha256).toBe(sha256(data));
  });

  it('refuses a second upload while one is in progress (409 upload_in_progress)', async () => {
    const { id } = await addItem(app, who.operator, requestId, cameraId);
    const port = await listeningPort(app);
    const first = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'PUT',
      path: `/api/v1/evidence/${id}/content`,
      headers: { authorization: who.operator.auth, 'content-type': 'application/octet-stream', 'content-length': String(2 * MiB) },
    });
    const firstResponse = new Promise<number>((resolve) => first.on('response', (res) => { res.resume(); resolve(res.statusCode!); }));
    first.write(content(MiB, 1));
    await eventually(() => item(id), (i) => i.status === 'uploading');
    const second = await putContent(app, who.operator, id, content(1000, 2));
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('upload_in_progress');
    first.end(content(MiB, 2));
    expect(await firstResponse).toBe(200);
    expect((await item(id)).status).toBe('available');
  });

  it('marks uploads left by a dead process failed with the stale-upload job (multipart listing unsupported on s3rver)', async () => {
    const { id } = await addItem(app, who.operator, requestId, cameraId);
    await app.dataSource
      .getRepository(EvidenceItem)
      .update({ id }, { status: 'uploading', uploadAttempts: 1, uploadStartedAt: new Date(Date.now() - 13 * 3600 * 1000) });
    // The dead attempt got as far as completing the object in S3: that leftover must go too.
    const { storageKey } = await app.dataSource.getRepository(EvidenceItem).findOneByOrFail({ id });
    const storage = app.app.get(StorageService);
    await storage.putBuffer(storageKey, Buffer.from('half an upload'), 'application/octet-stream');
    expect(await storage.exists(storageKey)).toBe(true);
    const result = await app.app.get(SchedulerService).trigger('evidence.abort-stale-uploads');
    expect(result).toMatchObject({ status: 'ran', run: { outcome: 'succeeded' } });
    const summary = (result as { run: { result: { multipartUploadsAborted: unknown; staleItemsFailed: number } } }).run.result;
    expect(summary.staleItemsFailed).toBeGreaterThanOrEqual(1);
    expect(typeof summary.multipartUploadsAborted === 'number' || /not supported/.test(String(summary.multipartUploadsAborted))).toBe(true);
    expect(await item(id)).toMatchObject({ status: 'failed', failureReason: 'stale_upload' });
    expect(await storage.exists(storageKey)).toBe(false);
    const events = await custodyActions(id);
    expect(events.find((e) => e.action === 'upload_failed')).toMatchObject({ details: { reason: 'stale_upload' } });
  });

  /** Everything stored under the item's key: there must never be more than the one object. */
  const objectsAt = async (key: string) => {
    const listed = await createS3Client(app.config.s3).send(new ListObjectsV2Command({ Bucket: app.config.s3.bucket, Prefix: key }));
    return (listed.Contents ?? []).map((o) => o.Key);
  };

  it('keeps a live upload\'s lease renewed: a second PUT is still refused after the lease period has passed', async () => {
    const { id } = await addItem(app, who.operator, requestId, cameraId);
    const data = content(2 * MiB, 50);
    const first = await startUpload(app, who.operator.auth, id, data.length);
    try {
      first.request.write(data.subarray(0, MiB));
      await eventually(() => item(id), (i) => i.status === 'uploading');
      await sleep((LEASE_SECONDS + 1) * 1000);
      const second = await putContent(app, who.operator, id, content(1000, 2));
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ error: 'upload_in_progress', details: { leaseExpiresAt: expect.any(String) } });
    } finally {
      first.request.end(data.subarray(MiB));
    }
    expect((await first.response).status).toBe(200);
    expect(await item(id)).toMatchObject({ status: 'available', sha256: sha256(data), uploadLeaseExpiresAt: null });
  });

  it('takes over an upload whose lease ran out: the dead attempt is recorded failed and its leftover removed', async () => {
    const { id, storageKey } = await addItem(app, who.operator, requestId, cameraId);
    // What a process that died after S3 completed leaves: the item uploading, not renewed for longer than a lease
    // (no lease column set: a row from before leases counts from its start), an object stored.
    await app.dataSource
      .getRepository(EvidenceItem)
      .update({ id }, { status: 'uploading', uploadAttempts: 1, uploadStartedAt: new Date(Date.now() - 90_000) });
    await storage().putBuffer(storageKey, Buffer.from('what the dead attempt stored'), 'application/octet-stream');
    const data = content(MiB, 51);
    const retry = await putContent(app, who.operator, id, data);
    expect(retry.status).toBe(200);
    expect(await item(id)).toMatchObject({ status: 'available', uploadAttempts: 2, sha256: sha256(data) });
    expect(await storage().hashObject(storageKey)).toEqual({ sha256: sha256(data), size: data.length });
    expect(await objectsAt(storageKey)).toEqual([storageKey]);
    const events = await custodyActions(id);
    const stale = events.find((e) => e.action === 'upload_failed');
    expect(stale?.details).toMatchObject({ attempt: 1, reason: 'stale_upload', detectedBy: 'takeover' });
    expect(events.map((e) => e.action).slice(-4, -1)).toEqual(['upload_failed', 'upload_started', 'uploaded']);
  });

  it('fails uploads whose lease ran out minutes ago with the stale-upload job, which runs every five minutes', async () => {
    const job = app.app.get(SchedulerService).list().find((j) => j.name === 'evidence.abort-stale-uploads');
    expect(job?.cron).toBe('*/5 * * * *');
    const { id, storageKey } = await addItem(app, who.operator, requestId, cameraId);
    await app.dataSource
      .getRepository(EvidenceItem)
      .update({ id }, { status: 'uploading', uploadAttempts: 1, uploadStartedAt: new Date(Date.now() - 3 * 60_000) });
    await storage().putBuffer(storageKey, Buffer.from('leftover'), 'application/octet-stream');
    const live = await addItem(app, who.operator, requestId, cameraId);
    await app.dataSource.getRepository(EvidenceItem).update({ id: live.id }, { status: 'uploading', uploadAttempts: 1, uploadStartedAt: new Date() });
    const result = await app.app.get(SchedulerService).trigger('evidence.abort-stale-uploads');
    expect(result).toMatchObject({ status: 'ran', run: { outcome: 'succeeded' } });
    expect(await item(id)).toMatchObject({ status: 'failed', failureReason: 'stale_upload' });
    expect(await storage().exists(storageKey)).toBe(false);
    expect((await item(live.id)).status).toBe('uploading');
  });

  describe('database lost between S3 completing and the commit', () => {
    let proxy: TcpProxy;
    let proxied: TestApp;
    beforeAll(async () => {
      proxy = await TcpProxy.forUrl(process.env.DATABASE_URL!).start();
      proxied = await TestApp.start({
        EVIDENCE_MAX_BYTES: String(MAX_BYTES),
        EVIDENCE_UPLOAD_LEASE_SECONDS: String(LEASE_SECONDS),
        DATABASE_URL: proxy.rewrite(process.env.DATABASE_URL!),
      });
    });
    afterAll(async () => {
      await proxied.close();
      await proxy.stop();
    });

    it('answers 503 database_unavailable and removes the object at once; the retry after the lease leaves exactly one object', async () => {
      const { id, storageKey } = await addItem(app, who.operator, requestId, cameraId);
      const lost = content(MiB + 5, 52);
      const upload = await startUpload(proxied, who.operator.auth, id, lost.length);
      upload.request.write(lost.subarray(0, lost.length - 1000));
      try {
        await eventually(() => item(id), (i) => i.status === 'uploading');
        // The database goes as the last bytes arrive: S3 completes the object, the completing transaction cannot run.
        proxy.cut();
      } finally {
        upload.request.end(lost.subarray(lost.length - 1000));
      }
      try {
        const response = await upload.response;
        expect(response.status).toBe(503);
        expect(response.body).toMatchObject({ statusCode: 503, error: 'database_unavailable' });
        expect(await storage().exists(storageKey)).toBe(false);
        expect(await item(id)).toMatchObject({ status: 'uploading', uploadAttempts: 1, sha256: null });
      } finally {
        proxy.restore();
      }

      const data = content(2 * MiB, 53);
      const early = await putContent(proxied, who.operator, id, data);
      expect(early.status).toBe(409);
      expect(early.body.error).toBe('upload_in_progress');
      const deadline = new Date((await item(id)).uploadLeaseExpiresAt!.getTime() + 200);
      await sleep(Math.max(0, deadline.getTime() - Date.now()));
      const retry = await putContent(proxied, who.operator, id, data);
      expect(retry.status).toBe(200);
      expect(await item(id)).toMatchObject({ status: 'available', uploadAttempts: 2, sha256: sha256(data) });
      expect(await objectsAt(storageKey)).toEqual([storageKey]);
      expect(await storage().hashObject(storageKey)).toEqual({ sha256: sha256(data), size: data.length });
      // Endpoints that list multipart uploads (MinIO, S3) must show none left; s3rver cannot list them (null).
      expect((await storage().listMultipartUploads(storageKey)) ?? []).toEqual([]);
      const chain = await app.dataSource.getRepository(CustodyEvent).find({ where: { chainId: id }, order: { sequence: 'ASC' } });
      expect(chain.map((e) => e.action)).toEqual(['created', 'upload_started', 'upload_failed', 'upload_started', 'uploaded']);
      expect(chain[2].details).toMatchObject({ attempt: 1, reason: 'stale_upload', detectedBy: 'takeover' });
    });
  });

  describe('S3 unreachable mid-upload', () => {
    let proxy: TcpProxy;
    let proxied: TestApp;
    beforeAll(async () => {
      proxy = await TcpProxy.forUrl(process.env.S3_ENDPOINT!).start();
      proxied = await TestApp.start({ EVIDENCE_MAX_BYTES: String(MAX_BYTES), S3_ENDPOINT: proxy.rewrite(process.env.S3_ENDPOINT!) });
    });
    afterAll(async () => {
      await proxied.close();
      await proxy.stop();
    });

    it('answers 503 storage_unavailable, marks the item failed and keeps nothing', async () => {
      const operator = await proxied.as('kyndi_operator', 'proxied');
      const { id, storageKey } = await addItem(proxied, operator, requestId, cameraId);
      proxy.afterClientBytes(3 * MiB, () => proxy.cut());
      const data = content(9 * MiB, 21);
      const response = await putContent(proxied, operator, id, data, { 'X-Content-SHA256': sha256(data) });
      proxy.restore();
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ error: 'storage_unavailable' });
      expect(await item(id)).toMatchObject({ status: 'failed', failureReason: 'storage_unavailable', sha256: null });
      expect(await storage().exists(storageKey)).toBe(false);
      const events = await custodyActions(id);
      expect(events.map((e) => e.action)).toContain('upload_failed');
      expect(events.find((e) => e.action === 'upload_failed')?.details).toMatchObject({ reason: 'storage_unavailable' });
      expect(events.map((e) => e.action)).not.toContain('uploaded');
    });
  });
});
