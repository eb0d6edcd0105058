import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Notification } from '../../src/notifications/notification.entity.js';
import { custodyHash } from '../../src/evidence/custody-chain.js';
import { CustodyEvent } from '../../src/evidence/entities/custody-event.entity.js';
import { SchedulerService } from '../../src/scheduling/scheduler.service.js';
import { createS3Client } from '../../src/storage/s3-client.factory.js';
import { StorageService } from '../../src/storage/storage.service.js';
import { TestApp } from '../support/test-app.js';
import { type Cast, addItem, cast, content, createCamera, putContent, raiseApprovedRequest, sha256 } from './evidence-fixtures.js';

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
  async function tamper(sql: string, parameters: unknown[]) {
    await app.dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE custody_event DISABLE TRIGGER USER');
      await manager.query(sql, parameters);
      await manager.query('ALTER TABLE custody_event ENABLE TRIGGER USER');
    });
  }
  const entry = (chainId: string, sequence: number) =>
    app.dataSource.getRepository(CustodyEvent).findOneByOrFail({ chainId, sequence });

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
