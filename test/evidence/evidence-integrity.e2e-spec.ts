import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Notification } from '../../src/notifications/notification.entity.js';
import { custodyHash } from '../../src/evidence/custody-chain.js';
import { CustodyEvent } from '../../src/evidence/entities/custody-event.entity.js';
import { EvidenceItem } from '../../src/evidence/entities/evidence-item.entity.js';
import { SchedulerService } from '../../src/scheduling/scheduler.service.js';
import { createS3Client } from '../../src/storage/s3-client.factory.js';
import { StorageService } from '../../src/storage/storage.service.js';
import { tamperAsOwner } from '../support/database-owner.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { TestApp } from '../support/test-app.js';
import {
  type Cast,
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

/**
 * Two different 128-byte blocks with the same MD5 (Wang and Yu, 2004). Followed by the same bytes they still collide,
 * so a file made from one can be replaced by one made from the other with the same size and the same S3 ETag
 * (the MD5 of a single-part object): only a real content hash tells them apart.
 */
const MD5_COLLISION = [
  'd131dd02c5e6eec4693d9a0698aff95c2fcab58712467eab4004583eb8fb7f8955ad340609f4b30283e488832571415a085125e8f7cdc99fd91dbdf280373c5bd8823e3156348f5bae6dacd436c919c6dd53e2b487da03fd02396306d248cda0e99f33420f577ee8ce54b67080a80d1ec69821bcb6a8839396f9652b6ff72a70',
  'd131dd02c5e6eec4693d9a0698aff95c2fcab50712467eab4004583eb8fb7f8955ad340609f4b30283e4888325f1415a085125e8f7cdc99fd91dbd7280373c5bd8823e3156348f5bae6dacd436c919c6dd53e23487da03fd02396306d248cda0e99f33420f577ee8ce54b67080280d1ec69821bcb6a8839396f965ab6ff72a70',
].map((hex) => Buffer.from(hex, 'hex'));

/** A raw GET of the content that reports whether the transfer completed (supertest hides a cut-off body). */
async function rawDownload(app: TestApp, auth: string, itemId: string, range?: string) {
  const port = await listeningPort(app);
  return new Promise<{ status: number; headers: Record<string, unknown>; received: Buffer; complete: boolean }>((resolve, reject) => {
    const headers = { authorization: auth, ...(range ? { range } : {}) };
    const request = httpRequest(
      { host: '127.0.0.1', port, path: `/api/v1/evidence/${itemId}/content?reason=Review%20for%20trial`, headers },
      (response) => {
        const chunks: Buffer[] = [];
        const done = () => resolve({ status: response.statusCode!, headers: response.headers, received: Buffer.concat(chunks), complete: response.complete });
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', done);
        response.on('error', done);
        response.on('aborted', done);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('evidence integrity: /verify and the sweep detect tampering exactly', () => {
  let app: TestApp;
  let who: Cast;
  let cameraId: string;
  let requestId: string;

  /** An uploaded item with a few custody entries (created, upload_started, uploaded, accessed, accessed). */
  async function uploadedItem(seed: number) {
    const item = await addItem(app, who.operator, requestId, cameraId);
    const data = content(256 * 1024, seed);
    expect((await putContent(app, who.operator, item.id, data)).status).toBe(200);
    for (let i = 0; i < 2; i += 1) await app.http().get(`/api/v1/evidence/${item.id}`).set('Authorization', who.spoc.auth);
    return { ...item, data };
  }
  const verify = (id: string) => app.http().get(`/api/v1/evidence/${id}/verify`).set('Authorization', who.spoc.auth);

  /** What an attacker with database access might do: the append-only trigger has to be disabled first. */
  const tamper = (sql: string, parameters: unknown[]) => tamperAsOwner('custody_event', sql, parameters);
  const entry = (chainId: string, sequence: number) =>
    app.dataSource.getRepository(CustodyEvent).findOneByOrFail({ chainId, sequence });
  const row = (id: string) => app.dataSource.getRepository(EvidenceItem).findOneByOrFail({ id });
  const actions = async (id: string) =>
    (await app.dataSource.getRepository(CustodyEvent).find({ where: { chainId: id }, order: { sequence: 'ASC' } })).map((e) => e.action);
  const failedChecks = async (id: string) =>
    (await app.dataSource.getRepository(CustodyEvent).find({ where: { chainId: id, action: 'integrity_check_failed' }, order: { sequence: 'ASC' } }));
  /** Replaces the stored object behind the service's back, as someone with write access to the bucket could. */
  const overwrite = (key: string, body: Buffer) =>
    createS3Client(app.config.s3).send(new PutObjectCommand({ Bucket: app.config.s3.bucket, Key: key, Body: body }));
  const download = (id: string, range?: string) => {
    const call = app.http().get(`/api/v1/evidence/${id}/content`).query({ reason: 'Review for trial' }).set('Authorization', who.police.auth);
    return range ? call.set('Range', range) : call;
  };
  const downloadUrl = (id: string) =>
    app.http().post(`/api/v1/evidence/${id}/download`).set('Authorization', who.police.auth).send({ reason: 'Disclosure to CPS' });

  beforeAll(async () => {
    app = await TestApp.start();
    who = await cast(app, 'integrity');
    cameraId = (await createCamera(app)).id;
    requestId = (await raiseApprovedRequest(app, who, cameraId)).id;
  });
  afterAll(() => app.close());

  it('the custody table refuses UPDATE, DELETE and TRUNCATE', async () => {
    const item = await uploadedItem(1);
    await expect(app.dataSource.query("UPDATE custody_event SET action = 'deleted' WHERE chain_id = $1", [item.id])).rejects.toThrow(/append-only/);
    await expect(app.dataSource.query('DELETE FROM custody_event WHERE chain_id = $1', [item.id])).rejects.toThrow(/append-only/);
    await expect(app.dataSource.query('TRUNCATE custody_event')).rejects.toThrow(/append-only/);
    expect((await verify(item.id)).body).toMatchObject({ ok: true, objectHashOk: true, chainOk: true, problems: [] });
  });

  it('never forks the chain under concurrent appends (row lock per item)', async () => {
    const item = await uploadedItem(20);
    const reads = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        app.http().get(`/api/v1/evidence/${item.id}`).set('Authorization', (i % 2 ? who.spoc : who.police).auth),
      ),
    );
    expect(reads.map((r) => r.status)).toEqual(Array(12).fill(200));
    const events = await app.dataSource.getRepository(CustodyEvent).find({ where: { chainId: item.id }, order: { sequence: 'ASC' } });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.action === 'accessed')).toHaveLength(14);
    expect((await verify(item.id)).body).toMatchObject({ ok: true, chainOk: true });
  });

  it('reports an altered entry by its sequence number', async () => {
    const item = await uploadedItem(2);
    await tamper(`UPDATE custody_event SET details = jsonb_set(details, '{sha256}', to_jsonb($2::text)) WHERE chain_id = $1 AND sequence = 3`, [
      item.id,
      sha256('forged'),
    ]);
    const response = await verify(item.id);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: false, objectHashOk: true, chainOk: false });
    expect(response.body.problems).toEqual([
      { chain: 'item', code: 'content_altered', sequence: 3, message: 'Entry 3 was altered: its content no longer matches its hash' },
    ]);
  });

  it('reports a broken link when an entry is rewritten with a freshly computed hash', async () => {
    const item = await uploadedItem(3);
    const original = await entry(item.id, 2);
    const forged = { ...original, actorEmail: 'someone.else@test.example' };
    await tamper('UPDATE custody_event SET actor_email = $2, hash = $3 WHERE id = $1', [original.id, forged.actorEmail, custodyHash(forged)]);
    const response = await verify(item.id);
    expect(response.body.chainOk).toBe(false);
    expect(response.body.problems).toEqual([
      { chain: 'item', code: 'broken_link', sequence: 3, message: 'Entry 3 does not link to the hash of entry 2' },
    ]);
  });

  it('reports a removed entry as a missing sequence number, and a removed last entry against the recorded head', async () => {
    const item = await uploadedItem(4);
    await tamper('DELETE FROM custody_event WHERE chain_id = $1 AND sequence = 2', [item.id]);
    const middle = await verify(item.id);
    expect(middle.body.problems).toEqual([{ chain: 'item', code: 'missing_sequence', sequence: 2, message: 'Entry 2 is missing' }]);

    const other = await uploadedItem(5);
    await tamper('DELETE FROM custody_event WHERE chain_id = $1 AND sequence = 5', [other.id]);
    const tail = await verify(other.id);
    expect(tail.body.problems).toEqual([
      { chain: 'item', code: 'missing_sequence', sequence: 5, message: 'Entry 5 (the last recorded) is missing' },
    ]);
  });

  it('reports tampering with the request chain', async () => {
    const request = await raiseApprovedRequest(app, who, cameraId);
    const item = await addItem(app, who.operator, request.id, cameraId);
    expect((await putContent(app, who.operator, item.id, content(1000, 6))).status).toBe(200);
    await tamper(`UPDATE custody_event SET details = details || '{"reason":"Approved by phone"}' WHERE chain_id = $1 AND sequence = 2`, [request.id]);
    const response = await verify(item.id);
    expect(response.body).toMatchObject({ ok: false, chainOk: false, objectHashOk: true });
    expect(response.body.problems).toEqual([
      { chain: 'request', code: 'content_altered', sequence: 2, message: 'Entry 2 was altered: its content no longer matches its hash' },
    ]);
  });

  it('detects an overwritten stored object, records the failed check and notifies the SPOC', async () => {
    const item = await uploadedItem(7);
    const forged = content(256 * 1024, 99);
    const s3 = createS3Client(app.config.s3);
    await s3.send(new PutObjectCommand({ Bucket: app.config.s3.bucket, Key: item.storageKey, Body: forged }));
    const response = await verify(item.id);
    expect(response.body).toMatchObject({ ok: false, objectHashOk: false, chainOk: true, recordedSha256: sha256(item.data), actualSha256: sha256(forged) });
    expect(response.body.problems).toEqual([
      {
        chain: 'object',
        code: 'object_hash_mismatch',
        message: 'The stored content no longer matches the SHA-256 recorded at upload',
        expected: sha256(item.data),
        actual: sha256(forged),
      },
    ]);
    const custody = await app.http().get(`/api/v1/evidence/${item.id}/custody`).set('Authorization', who.auditor.auth);
    const failed = custody.body.events.find((e: { action: string }) => e.action === 'integrity_check_failed');
    expect(failed).toMatchObject({ actor: { id: who.spoc.id }, details: { trigger: 'api', objectHashOk: false, chainOk: true } });
    const notice = await app.dataSource.getRepository(Notification).findOneBy({ kind: 'evidence_integrity_failed', relatedEntityId: item.id });
    expect(notice).toMatchObject({ recipientRole: 'spoc' });
    const metadata = await app.http().get(`/api/v1/evidence/${item.id}`).set('Authorization', who.spoc.auth);
    expect(metadata.body).toMatchObject({ lastVerificationOk: false });
  });

  it('reports a stored object that has gone missing', async () => {
    const item = await uploadedItem(8);
    await app.app.get(StorageService).delete(item.storageKey);
    const response = await verify(item.id);
    expect(response.body).toMatchObject({ ok: false, objectHashOk: false, chainOk: true });
    expect(response.body.problems).toEqual([
      { chain: 'object', code: 'object_missing', message: `The stored object ${item.storageKey} is missing` },
    ]);
  });

  it('the scheduled sweep re-verifies available items, records passed/failed as the system and notifies on failure', async () => {
    const good = await uploadedItem(10);
    const bad = await uploadedItem(11);
    const s3 = createS3Client(app.config.s3);
    await s3.send(new PutObjectCommand({ Bucket: app.config.s3.bucket, Key: bad.storageKey, Body: Buffer.from('replaced') }));
    const result = await app.app.get(SchedulerService).trigger('evidence.integrity-sweep');
    expect(result).toMatchObject({ status: 'ran', run: { outcome: 'succeeded' } });
    const summary = (result as { run: { result: { failedItemIds: string[]; checked: number } } }).run.result;
    expect(summary.failedItemIds).toContain(bad.id);
    expect(summary.failedItemIds).not.toContain(good.id);

    const chain = async (id: string) =>
      (await app.http().get(`/api/v1/evidence/${id}/custody`).set('Authorization', who.spoc.auth)).body.events as {
        action: string;
        actor: { id: string | null; email: string; role: string };
        details: Record<string, unknown>;
      }[];
    const passed = (await chain(good.id)).find((e) => e.action === 'integrity_check_passed');
    expect(passed).toMatchObject({ actor: { id: null, email: 'system:evidence.integrity-sweep', role: 'system' }, details: { trigger: 'sweep' } });
    const failed = (await chain(bad.id)).find((e) => e.action === 'integrity_check_failed');
    expect(failed?.details).toMatchObject({ trigger: 'sweep', objectHashOk: false, chainOk: true });
    expect(
      await app.dataSource.getRepository(Notification).countBy({ kind: 'evidence_integrity_failed', relatedEntityId: bad.id }),
    ).toBe(1);
    expect(await row(bad.id)).toMatchObject({ status: 'integrity_failed', integrityFailure: { trigger: 'sweep' } });
    expect((await row(good.id)).status).toBe('available');
    const refused = await download(bad.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('integrity_failed');
  });

  it('quarantines an item whose check failed: every download refused, metadata and report show it, SPOC and officer told', async () => {
    const item = await uploadedItem(30);
    await overwrite(item.storageKey, content(256 * 1024, 31));
    const verified = await verify(item.id);
    expect(verified.body).toMatchObject({ ok: false, objectHashOk: false, quarantined: true });

    for (const refused of [await download(item.id), await download(item.id, 'bytes=0-99'), await downloadUrl(item.id)]) {
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        statusCode: 409,
        error: 'integrity_failed',
        details: { trigger: 'api', problems: [{ chain: 'object', code: 'object_hash_mismatch' }] },
        requestId: expect.any(String),
      });
    }
    expect((await app.http().get(`/api/v1/evidence/${item.id}/content?reason=Review`).set('Authorization', who.admin.auth)).status).toBe(409);

    const metadata = await app.http().get(`/api/v1/evidence/${item.id}`).set('Authorization', who.police.auth);
    expect(metadata.body).toMatchObject({
      status: 'integrity_failed',
      lastVerificationOk: false,
      integrity: {
        status: 'failed',
        failure: { trigger: 'api', problems: [{ code: 'object_hash_mismatch', expected: sha256(item.data), actual: sha256(content(256 * 1024, 31)) }] },
      },
    });
    const quarantined = (await app.dataSource.getRepository(CustodyEvent).findOneByOrFail({ chainId: item.id, action: 'quarantined' }));
    expect(quarantined.details).toMatchObject({ trigger: 'api', previousStatus: 'available', problems: [{ code: 'object_hash_mismatch' }] });

    const report = await app.http().get(`/api/v1/evidence/${item.id}/custody-report`).set('Authorization', who.police.auth);
    expect(Object.keys(report.body)[0]).toBe('integrity');
    expect(report.body.integrity).toMatchObject({ ok: false, failures: [{ itemId: item.id, trigger: 'api', problems: [{ code: 'object_hash_mismatch' }] }] });
    expect(report.body.exhibits[0]).toMatchObject({ integrity: { status: 'failed' }, recorded: { sha256: sha256(item.data) } });
    const html = (await app.http().get(`/api/v1/evidence/${item.id}/custody-report?format=html`).set('Authorization', who.spoc.auth)).text;
    const banner = html.indexOf('INTEGRITY CHECK FAILED');
    expect(banner).toBeGreaterThan(-1);
    expect(banner).toBeLessThan(html.indexOf('<h1>'));
    expect(html).toContain('The stored content no longer matches the SHA-256 recorded at upload');
    expect(html).toContain('<th>Status</th><td>INTEGRITY FAILED — quarantined, not served</td>');
    expect(html).not.toContain('<td>available</td>');

    const notices = await app.dataSource.getRepository(Notification).findBy({ relatedEntityId: item.id });
    expect(notices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'evidence_integrity_failed', recipientRole: 'spoc' }),
        expect.objectContaining({ kind: 'evidence_quarantined', recipientEmail: who.police.email }),
      ]),
    );
    // Quarantined items cannot be replaced by a new upload either, nor deleted: altered evidence is evidence too.
    expect((await putContent(app, who.operator, item.id, content(10, 1))).body.error).toBe('evidence_immutable');
    const deletion = await app.http().delete(`/api/v1/evidence/${item.id}`).set('Authorization', who.spoc.auth).send({ reason: 'Tidy up the bad copy' });
    expect(deletion.status).toBe(409);
    expect(deletion.body.error).toBe('integrity_failed');
    expect(await row(item.id)).toMatchObject({ status: 'integrity_failed' });
  });

  it('refuses a streamed, ranged or pre-signed download of an object replaced in the bucket, before a byte, and quarantines', async () => {
    const streamed = await uploadedItem(32);
    await overwrite(streamed.storageKey, content(256 * 1024, 33));
    const refused = await download(streamed.id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'integrity_failed', details: { trigger: 'download', problems: [{ code: 'object_etag_mismatch' }] } });
    expect(refused.headers['x-content-sha256']).toBeUndefined();
    expect(await row(streamed.id)).toMatchObject({ status: 'integrity_failed' });
    expect((await failedChecks(streamed.id))[0].details).toMatchObject({ trigger: 'download', objectHashOk: false });
    expect(await actions(streamed.id)).not.toContain('downloaded');

    const ranged = await uploadedItem(34);
    await overwrite(ranged.storageKey, Buffer.from('shorter'));
    const rangeRefused = await download(ranged.id, 'bytes=0-3');
    expect(rangeRefused.status).toBe(409);
    expect(rangeRefused.body.details.problems.map((p: { code: string }) => p.code)).toEqual(['object_size_mismatch', 'object_etag_mismatch']);

    const presigned = await uploadedItem(35);
    await overwrite(presigned.storageKey, content(256 * 1024, 36));
    const urlRefused = await downloadUrl(presigned.id);
    expect(urlRefused.status).toBe(409);
    expect(urlRefused.body).toMatchObject({ error: 'integrity_failed', details: { trigger: 'download_url' } });
    expect(await row(presigned.id)).toMatchObject({ status: 'integrity_failed' });
    expect(await actions(presigned.id)).not.toContain('download_url_issued');
  });

  it('breaks off a streamed download whose bytes do not hash to the record (same size and ETag) and quarantines the item', async () => {
    const tail = content(300 * 1024, 37);
    const original = Buffer.concat([MD5_COLLISION[0], tail]);
    const forged = Buffer.concat([MD5_COLLISION[1], tail]);
    const item = await addItem(app, who.operator, requestId, cameraId);
    expect((await putContent(app, who.operator, item.id, original)).status).toBe(200);
    await overwrite(item.storageKey, forged);
    // The cheap check cannot see it: same size, same ETag.
    const head = await createS3Client(app.config.s3).send(new HeadObjectCommand({ Bucket: app.config.s3.bucket, Key: item.storageKey }));
    expect(head.ContentLength).toBe(original.length);
    expect(head.ETag?.replace(/"/g, '')).toBe(createHash('md5').update(original).digest('hex'));

    const response = await rawDownload(app, who.police.auth, item.id);
    expect(response.status).toBe(200);
    expect(response.headers['x-content-sha256']).toBe(sha256(original));
    expect(Number(response.headers['content-length'])).toBe(original.length);
    expect(response.complete).toBe(false);
    expect(response.received.length).toBeLessThan(original.length);

    const quarantined = await eventually(() => row(item.id), (r) => r.status === 'integrity_failed');
    expect(quarantined.integrityFailure).toMatchObject({
      trigger: 'download',
      problems: [{ code: 'object_hash_mismatch', expected: sha256(original), actual: sha256(forged) }],
    });
    expect((await failedChecks(item.id))[0].details).toMatchObject({ trigger: 'download', sha256: sha256(forged), size: forged.length });
    expect((await actions(item.id)).slice(-3)).toEqual(['downloaded', 'integrity_check_failed', 'quarantined']);
    expect((await download(item.id)).status).toBe(409);

    // A "range" of all of it (how players start) is checked end to end too.
    const whole = await addItem(app, who.operator, requestId, cameraId);
    expect((await putContent(app, who.operator, whole.id, original)).status).toBe(200);
    await overwrite(whole.storageKey, forged);
    const ranged = await rawDownload(app, who.police.auth, whole.id, 'bytes=0-');
    expect(ranged.status).toBe(206);
    expect(ranged.complete).toBe(false);
    expect((await eventually(() => row(whole.id), (r) => r.status === 'integrity_failed')).status).toBe('integrity_failed');
  });

  it('takes the record from the chain: an object swapped with database rights (row sha256/size updated) fails /verify', async () => {
    const item = await uploadedItem(40);
    const forged = content(100 * 1024, 41);
    await overwrite(item.storageKey, forged);
    await app.dataSource.query('UPDATE evidence_item SET sha256 = $2, size_bytes = $3 WHERE id = $1', [item.id, sha256(forged), forged.length]);
    const response = await verify(item.id);
    expect(response.body).toMatchObject({
      ok: false,
      chainOk: true,
      objectHashOk: false,
      recordedSha256: sha256(item.data),
      actualSha256: sha256(forged),
      recordedSize: item.data.length,
      quarantined: true,
    });
    expect(response.body.problems).toEqual([
      {
        chain: 'row',
        code: 'row_altered',
        sequence: 3,
        message: 'The item record disagrees with its chain of custody (entry 3, uploaded): sha256, size',
        fields: ['sha256', 'size'],
      },
      {
        chain: 'object',
        code: 'object_hash_mismatch',
        message: 'The stored content no longer matches the SHA-256 recorded at upload',
        expected: sha256(item.data),
        actual: sha256(forged),
      },
      {
        chain: 'object',
        code: 'object_size_mismatch',
        message: 'The stored content no longer has the size recorded at upload',
        expected: item.data.length,
        actual: forged.length,
      },
    ]);
  });

  it('downloads from where the chain says and refuses a row pointed at another object (storage key and hash changed)', async () => {
    const item = await uploadedItem(42);
    const forged = content(256 * 1024, 43);
    const forgedKey = `${item.storageKey}-replacement`;
    await overwrite(forgedKey, forged);
    await app.dataSource.query('UPDATE evidence_item SET storage_key = $2, sha256 = $3 WHERE id = $1', [item.id, forgedKey, sha256(forged)]);
    const refused = await download(item.id);
    expect(refused.status).toBe(409);
    expect(refused.body.details.problems).toEqual([{ chain: 'row', code: 'row_altered', sequence: 3, fields: ['sha256', 'storageKey'] }]);
    expect((await row(item.id)).status).toBe('integrity_failed');

    // A row put back to "available" by hand does not lift the quarantine the chain records.
    await app.dataSource.query(`UPDATE evidence_item SET status = 'available', storage_key = $2, sha256 = $3 WHERE id = $1`, [
      item.id,
      item.storageKey,
      sha256(item.data),
    ]);
    const again = await downloadUrl(item.id);
    expect(again.status).toBe(409);
    expect(again.body.details.problems).toEqual([{ chain: 'row', code: 'row_altered', sequence: 3, fields: ['status'] }]);
  });

  it('lets an admin, and only an admin, release a labelled copy of a quarantined item, with a recorded reason', async () => {
    const item = await uploadedItem(44);
    const forged = content(256 * 1024, 45);
    await overwrite(item.storageKey, forged);
    expect((await verify(item.id)).body.quarantined).toBe(true);
    const release = (user: { auth: string }, body: object) =>
      app
        .http()
        .post(`/api/v1/evidence/${item.id}/quarantine-release`)
        .set('Authorization', user.auth)
        .send(body)
        .buffer(true)
        .parse((res, callback) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => callback(null, Buffer.concat(chunks)));
        });
    expect((await release(who.spoc, { reason: 'Forensic examination of the failure' })).status).toBe(403);
    expect((await release(who.admin, { reason: 'short' })).status).toBe(400);

    const copy = await release(who.admin, { reason: 'Forensic examination of the failure' });
    expect(copy.status).toBe(200);
    expect(copy.headers['x-integrity-status']).toBe('failed');
    expect(copy.headers['x-recorded-sha256']).toBe(sha256(item.data));
    expect(copy.headers['x-content-sha256']).toBeUndefined();
    expect(copy.headers['content-disposition']).toContain('filename="INTEGRITY-FAILED_CH07_export.mp4"');
    expect(sha256(copy.body as Buffer)).toBe(sha256(forged));
    const released = await app.dataSource.getRepository(CustodyEvent).findOneByOrFail({ chainId: item.id, action: 'quarantine_released' });
    expect(released).toMatchObject({ actorId: who.admin.id, details: { reason: 'Forensic examination of the failure', recordedSha256: sha256(item.data) } });
    expect((await row(item.id)).status).toBe('integrity_failed');

    const healthy = await uploadedItem(46);
    const notQuarantined = await app
      .http()
      .post(`/api/v1/evidence/${healthy.id}/quarantine-release`)
      .set('Authorization', who.admin.auth)
      .send({ reason: 'Forensic examination of the failure' });
    expect(notQuarantined.status).toBe(409);
    expect(notQuarantined.body.error).toBe('not_quarantined');
  });

  describe('object storage down', () => {
    let proxy: TcpProxy;
    let proxied: TestApp;
    beforeAll(async () => {
      proxy = await TcpProxy.forUrl(process.env.S3_ENDPOINT!).start();
      proxied = await TestApp.start({ S3_ENDPOINT: proxy.rewrite(process.env.S3_ENDPOINT!) });
    });
    afterAll(async () => {
      await proxied.close();
      await proxy.stop();
    });

    it('is not an integrity failure: 503 storage_unavailable, nothing quarantined', async () => {
      const item = await uploadedItem(47);
      const police = await proxied.http().post('/api/v1/auth/login').send({ email: who.police.email, password: who.police.password });
      const auth = `Bearer ${police.body.accessToken}`;
      proxy.cut();
      try {
        const calls = [
          proxied.http().get(`/api/v1/evidence/${item.id}/content?reason=Review`).set('Authorization', auth),
          proxied.http().get(`/api/v1/evidence/${item.id}/content?reason=Review`).set('Authorization', auth).set('Range', 'bytes=0-9'),
          proxied.http().post(`/api/v1/evidence/${item.id}/download`).set('Authorization', auth).send({ reason: 'Disclosure' }),
          proxied.http().get(`/api/v1/evidence/${item.id}/verify`).set('Authorization', auth),
        ];
        for (const call of calls) {
          const response = await call;
          expect(response.status).toBe(503);
          expect(response.body.error).toBe('storage_unavailable');
        }
      } finally {
        proxy.restore();
      }
      expect(await row(item.id)).toMatchObject({ status: 'available', integrityFailure: null });
      expect(await actions(item.id)).not.toContain('integrity_check_failed');
    });
  });

  it('produces a custody report for an item and a request, as JSON and as escaped printable HTML', async () => {
    const request = await raiseApprovedRequest(app, who, cameraId, { offenceType: 'Robbery <script>alert(1)</script>' });
    const item = await addItem(app, who.operator, request.id, cameraId, { operatorName: '<img src=x onerror=alert(1)>' });
    const data = content(5000, 12);
    await putContent(app, who.operator, item.id, data);

    const json = await app.http().get(`/api/v1/evidence/${item.id}/custody-report`).set('Authorization', who.police.auth);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      scope: 'item',
      chainsOk: true,
      requestingForce: { id: who.police.organisationId },
      requestedBy: { id: who.police.id, email: who.police.email },
      requestCameras: [{ id: cameraId }],
      request: { id: request.id, crimeReference: request.crimeReference },
      exhibits: [{ item: { id: item.id, sha256: sha256(data), size: data.length }, chainOk: true, camera: { id: cameraId } }],
    });
    const actions = json.body.exhibits[0].events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['created', 'upload_started', 'uploaded', 'custody_viewed']);
    expect(json.body.exhibits[0].events[0].occurredAtLondon).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (GMT|BST)$/);

    const html = await app.http().get(`/api/v1/evidence-requests/${request.id}/custody-report?format=html`).set('Authorization', who.spoc.auth);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.text).toContain(`Chain of custody — request ${request.crimeReference}`);
    expect(html.text).toContain(sha256(data));
    expect(html.text).toContain(json.body.requestCameras[0].assetNumber);
    expect(html.text).toContain('Robbery &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html.text).not.toContain('<script>');
    expect(html.text).not.toContain('<img');
    expect(html.text).toMatch(/Chain verified/);

    const bad = await app.http().get(`/api/v1/evidence/${item.id}/custody-report?format=pdf`).set('Authorization', who.spoc.auth);
    expect(bad.status).toBe(400);
  });
});
