import { Notification } from '../../src/notifications/notification.entity.js';
import { TestApp } from '../support/test-app.js';
import { type Cast, addItem, cast, content, createCamera, putContent, requestBody, sha256 } from './evidence-fixtures.js';

describe('evidence workflow: request → decision → exhibit upload → download, per role', () => {
  let app: TestApp;
  let who: Cast;
  let cameraId: string;
  beforeAll(async () => {
    app = await TestApp.start({ EVIDENCE_MAX_BYTES: String(10 * 1024 * 1024) });
    who = await cast(app, 'workflow');
    cameraId = (await createCamera(app)).id;
  });
  afterAll(() => app.close());

  it('runs the whole workflow with the right status, custody and visibility at each step', async () => {
    const http = () => app.http();
    // 1. A police officer raises the request.
    const body = requestBody([cameraId], { windowStart: '2025-03-30T00:30:00Z', windowEnd: '2025-03-30T01:30:00Z' });
    const created = await http().post('/api/v1/evidence-requests').set('Authorization', who.police.auth).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'submitted',
      crimeReference: body.crimeReference,
      cameraIds: [cameraId],
      requestedById: who.police.id,
      organisationId: who.police.organisationId,
      // 2025-03-30 01:00 UTC is when BST starts: 00:30 GMT, then 02:30 BST.
      windowStartLondon: '2025-03-30 00:30:00 GMT',
      windowEndLondon: '2025-03-30 02:30:00 BST',
      mayBeOverwritten: true,
      decision: null,
      sharedWith: [],
    });
    const requestId = created.body.id as string;
    const spocNotice = await app.dataSource
      .getRepository(Notification)
      .findOneBy({ kind: 'evidence_request_submitted', relatedEntityId: requestId });
    expect(spocNotice).toMatchObject({ recipientRole: 'spoc' });

    // The operator cannot see a request before it is approved; the other force never can.
    expect((await http().get(`/api/v1/evidence-requests/${requestId}`).set('Authorization', who.operator.auth)).status).toBe(404);
    expect((await http().get(`/api/v1/evidence-requests/${requestId}`).set('Authorization', who.otherForce.auth)).status).toBe(404);
    expect((await http().get(`/api/v1/evidence-requests/${requestId}`).set('Authorization', who.colleague.auth)).status).toBe(200);

    // 2. The SPOC approves it; a second decision is an invalid transition.
    const approved = await http()
      .post(`/api/v1/evidence-requests/${requestId}/decision`)
      .set('Authorization', who.spoc.auth)
      .send({ approve: true, reason: 'Proportionate; footage held' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decision: { approved: true, reason: 'Proportionate; footage held', decidedById: who.spoc.id } });
    const again = await http()
      .post(`/api/v1/evidence-requests/${requestId}/decision`)
      .set('Authorization', who.cst.auth)
      .send({ approve: false, reason: 'Changed my mind' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'invalid_transition', details: { from: 'approved', to: 'rejected' } });

    // 3. The operator sees it among the requests to fulfil, describes an exhibit in two parts and uploads them.
    const operatorList = await http().get('/api/v1/evidence-requests?status=approved&limit=200').set('Authorization', who.operator.auth);
    expect(operatorList.body.items.map((r: { id: string }) => r.id)).toContain(requestId);
    const footage = await addItem(app, who.operator, requestId, cameraId, { exhibitReference: 'KY/2025/0142/1', partNumber: 1 });
    expect(footage).toMatchObject({ status: 'awaiting_upload', storageKey: `evidence/${requestId}/${footage.id}` });
    const player = await addItem(app, who.operator, requestId, cameraId, {
      exhibitReference: 'KY/2025/0142/1',
      partNumber: 2,
      kind: 'player',
      cameraId: undefined,
      recordedFrom: undefined,
      recordedTo: undefined,
      originalFileName: 'Player.zip',
      contentType: 'application/zip',
    });
    const duplicate = await http()
      .post(`/api/v1/evidence-requests/${requestId}/items`)
      .set('Authorization', who.operator.auth)
      .send({ exhibitReference: 'KY/2025/0142/1', partNumber: 2, kind: 'player', exportTool: 'x', operatorName: 'y', originalFileName: 'p.zip' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toBe('exhibit_part_exists');

    const data = content(3 * 1024 * 1024 + 17, 7);
    const uploaded = await putContent(app, who.operator, footage.id, data, { 'X-Content-SHA256': sha256(data).toUpperCase() });
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toEqual({ id: footage.id, sha256: sha256(data), size: data.length, status: 'available', storageVersionId: null });
    const playerData = content(200_000, 9);
    const playerUpload = await app
      .http()
      .put(`/api/v1/evidence/${player.id}/content`)
      .set('Authorization', who.operator.auth)
      .set('Content-Type', 'application/zip')
      .send(playerData);
    expect(playerUpload.status).toBe(200);

    // Immutable from now on.
    const overwrite = await putContent(app, who.operator, footage.id, content(1000, 3));
    expect(overwrite.status).toBe(409);
    expect(overwrite.body.error).toBe('evidence_immutable');

    const fulfilled = await http().get(`/api/v1/evidence-requests/${requestId}`).set('Authorization', who.police.auth);
    expect(fulfilled.body.status).toBe('fulfilled');
    const items = await http().get(`/api/v1/evidence-requests/${requestId}/items`).set('Authorization', who.police.auth);
    expect(items.status).toBe(200);
    expect(items.body.items.map((i: { partNumber: number; status: string }) => [i.partNumber, i.status])).toEqual([
      [1, 'available'],
      [2, 'available'],
    ]);

    // 4. The requesting officer downloads: a pre-signed URL and a streamed download, each with a reason.
    const url = await http().post(`/api/v1/evidence/${footage.id}/download`).set('Authorization', who.police.auth).send({ reason: 'Charging file for CPS' });
    expect(url.status).toBe(200);
    expect(new Date(url.body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(app.config.evidence.downloadUrlTtlSeconds * 1000);
    expect(url.body).toMatchObject({ sha256: sha256(data), size: data.length });
    const fetched = await fetch(url.body.url);
    expect(fetched.status).toBe(200);
    expect(sha256(Buffer.from(await fetched.arrayBuffer()))).toBe(sha256(data));

    const streamed = await http()
      .get(`/api/v1/evidence/${footage.id}/content`)
      .query({ reason: 'Review before interview' })
      .set('Authorization', who.police.auth)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(streamed.status).toBe(200);
    expect(streamed.headers['x-content-sha256']).toBe(sha256(data));
    expect(streamed.headers['content-disposition']).toContain('CH07_export.mp4');
    expect(sha256(streamed.body as Buffer)).toBe(sha256(data));
    const noReason = await http().get(`/api/v1/evidence/${footage.id}/content`).set('Authorization', who.police.auth);
    expect(noReason.status).toBe(400);

    // A colleague of the same force sees it but needs the SPOC to share it before obtaining content.
    const colleagueBefore = await http().post(`/api/v1/evidence/${footage.id}/download`).set('Authorization', who.colleague.auth).send({ reason: 'Case review' });
    expect(colleagueBefore.status).toBe(403);
    expect(colleagueBefore.body.error).toBe('not_entitled');
    const shared = await http().post(`/api/v1/evidence-requests/${requestId}/shares`).set('Authorization', who.spoc.auth).send({ userId: who.colleague.id });
    expect(shared.status).toBe(201);
    expect(shared.body.sharedWith).toEqual([who.colleague.id]);
    const colleagueAfter = await http().post(`/api/v1/evidence/${footage.id}/download`).set('Authorization', who.colleague.auth).send({ reason: 'Case review' });
    expect(colleagueAfter.status).toBe(200);
    const outsider = await http().post(`/api/v1/evidence-requests/${requestId}/shares`).set('Authorization', who.spoc.auth).send({ userId: who.otherForce.id });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error).toBe('user_not_in_requesting_force');

    // The auditor reads metadata and custody, but cannot obtain content.
    expect((await http().get(`/api/v1/evidence/${footage.id}`).set('Authorization', who.auditor.auth)).status).toBe(200);
    expect((await http().get(`/api/v1/evidence/${footage.id}/custody`).set('Authorization', who.auditor.auth)).status).toBe(200);
    expect((await http().post(`/api/v1/evidence/${footage.id}/download`).set('Authorization', who.auditor.auth).send({ reason: 'Audit' })).status).toBe(403);

    // 5. The chain of custody tells the whole story, and verifies.
    const custody = await http().get(`/api/v1/evidence/${footage.id}/custody`).set('Authorization', who.spoc.auth);
    expect(custody.status).toBe(200);
    const actions = custody.body.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual([
      'created',
      'upload_started',
      'uploaded',
      'hash_verified',
      'download_url_issued',
      'downloaded',
      'download_url_issued',
      'accessed',
      'custody_viewed',
      'custody_viewed',
    ]);
    const byAction = (action: string) => custody.body.events.find((e: { action: string }) => e.action === action);
    expect(byAction('uploaded').details).toMatchObject({ sha256: sha256(data), size: data.length });
    expect(byAction('download_url_issued')).toMatchObject({ actor: { id: who.police.id, role: 'police_officer' }, details: { reason: 'Charging file for CPS' } });
    expect(byAction('downloaded').details).toMatchObject({ reason: 'Review before interview', channel: 'api' });
    expect(custody.body.events.map((e: { sequence: number }) => e.sequence)).toEqual(actions.map((_: unknown, i: number) => i + 1));
    expect(custody.body.requestEvents.map((e: { action: string }) => e.action)).toEqual(['request_created', 'approved', 'fulfilled', 'shared']);

    const verify = await http().get(`/api/v1/evidence/${footage.id}/verify`).set('Authorization', who.police.auth);
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true, objectHashOk: true, chainOk: true, problems: [], actualSha256: sha256(data) });

    // 6. Case closed: no more exhibits.
    const closed = await http().post(`/api/v1/evidence-requests/${requestId}/close`).set('Authorization', who.police.auth).send({ reason: 'NFA' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    const late = await http()
      .post(`/api/v1/evidence-requests/${requestId}/items`)
      .set('Authorization', who.admin.auth)
      .send({});
    expect(late.status).toBe(403);
  });
});
