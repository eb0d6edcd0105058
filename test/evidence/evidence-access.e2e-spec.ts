import { CustodyEvent } from '../../src/evidence/entities/custody-event.entity.js';
import { EvidenceItem } from '../../src/evidence/entities/evidence-item.entity.js';
import { StorageService } from '../../src/storage/storage.service.js';
import { TestApp } from '../support/test-app.js';
import { type Cast, addItem, cast, content, createCamera, putContent, raiseApprovedRequest, requestBody, sha256, window } from './evidence-fixtures.js';

const DOWNLOAD_SESSION_SECONDS = 5;

describe('evidence access: other forces see nothing, operators upload but never obtain or delete', () => {
  let app: TestApp;
  let who: Cast;
  let cameraId: string;
  let requestId: string;
  let itemId: string;
  const http = () => app.http();

  beforeAll(async () => {
    app = await TestApp.start({ EVIDENCE_DOWNLOAD_SESSION_SECONDS: String(DOWNLOAD_SESSION_SECONDS) });
    who = await cast(app, 'access');
    cameraId = (await createCamera(app)).id;
    requestId = (await raiseApprovedRequest(app, who, cameraId)).id;
    itemId = (await addItem(app, who.operator, requestId, cameraId)).id;
    expect((await putContent(app, who.operator, itemId, content(4096, 1))).status).toBe(200);
  });
  afterAll(() => app.close());

  it('police of another force get 404 for everything and do not see the request in lists', async () => {
    const auth = who.otherForce.auth;
    const calls = [
      http().get(`/api/v1/evidence-requests/${requestId}`),
      http().get(`/api/v1/evidence-requests/${requestId}/items`),
      http().get(`/api/v1/evidence-requests/${requestId}/custody-report`),
      http().post(`/api/v1/evidence-requests/${requestId}/close`).send({ reason: 'Not mine' }),
      http().get(`/api/v1/evidence/${itemId}`),
      http().get(`/api/v1/evidence/${itemId}/custody`),
      http().get(`/api/v1/evidence/${itemId}/custody-report?format=html`),
      http().get(`/api/v1/evidence/${itemId}/verify`),
      http().post(`/api/v1/evidence/${itemId}/download`).send({ reason: 'Curious' }),
      http().get(`/api/v1/evidence/${itemId}/content?reason=Curious`),
    ];
    for (const call of calls) {
      const response = await call.set('Authorization', auth);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, error: 'not_found' });
    }
    const list = await http().get('/api/v1/evidence-requests?limit=200').set('Authorization', auth);
    expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(requestId);
    const own = await http().get('/api/v1/evidence-requests?limit=200').set('Authorization', who.police.auth);
    expect(own.body.items.map((r: { id: string }) => r.id)).toContain(requestId);
    for (const r of own.body.items) expect(r.organisationId).toBe(who.police.organisationId);
  });

  it('operators cannot obtain content or delete, and cannot see other operators\' items or other requests', async () => {
    const own = await http().post(`/api/v1/evidence/${itemId}/download`).set('Authorization', who.operator.auth).send({ reason: 'Check' });
    expect(own.status).toBe(403);
    expect((await http().get(`/api/v1/evidence/${itemId}/content?reason=Check`).set('Authorization', who.operator.auth)).status).toBe(403);
    expect((await http().delete(`/api/v1/evidence/${itemId}`).set('Authorization', who.operator.auth).send({ reason: 'Mistake' })).status).toBe(403);
    expect(
      (await http().patch(`/api/v1/evidence/${itemId}/retention`).set('Authorization', who.operator.auth).send({ legalHold: false, reason: 'x' }))
        .status,
    ).toBe(403);
    // Their own item: metadata and custody yes.
    expect((await http().get(`/api/v1/evidence/${itemId}`).set('Authorization', who.operator.auth)).status).toBe(200);
    expect((await http().get(`/api/v1/evidence/${itemId}/custody`).set('Authorization', who.operator.auth)).status).toBe(200);

    // Another operator's item on another request: invisible, cannot upload to it either.
    const otherRequest = await raiseApprovedRequest(app, who, cameraId);
    const otherItem = await addItem(app, who.otherOperator, otherRequest.id, cameraId);
    expect((await http().get(`/api/v1/evidence/${otherItem.id}`).set('Authorization', who.operator.auth)).status).toBe(404);
    expect((await putContent(app, who.operator, otherItem.id, content(10, 1))).status).toBe(404);
    const listed = await http().get(`/api/v1/evidence-requests/${otherRequest.id}/items`).set('Authorization', who.operator.auth);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([]);
    const mine = await http().get(`/api/v1/evidence-requests/${otherRequest.id}/items`).set('Authorization', who.otherOperator.auth);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([otherItem.id]);

    // Closed requests drop out of the operators' view.
    await http().post(`/api/v1/evidence-requests/${otherRequest.id}/close`).set('Authorization', who.spoc.auth).send({ reason: 'Withdrawn' });
    expect((await http().get(`/api/v1/evidence-requests/${otherRequest.id}`).set('Authorization', who.operator.auth)).status).toBe(404);
    const addLate = await http()
      .post(`/api/v1/evidence-requests/${otherRequest.id}/items`)
      .set('Authorization', who.otherOperator.auth)
      .send({ exhibitReference: 'KY/1', kind: 'other', exportTool: 't', operatorName: 'o', originalFileName: 'f.bin' });
    expect(addLate.status).toBe(404);
  });

  it('the SPOC and admin may obtain content; a CST officer and the auditor may not', async () => {
    for (const user of [who.spoc, who.admin]) {
      expect((await http().post(`/api/v1/evidence/${itemId}/download`).set('Authorization', user.auth).send({ reason: 'Disclosure' })).status).toBe(200);
    }
    for (const user of [who.cst, who.auditor]) {
      expect((await http().post(`/api/v1/evidence/${itemId}/download`).set('Authorization', user.auth).send({ reason: 'Disclosure' })).status).toBe(403);
    }
  });

  describe('byte ranges of GET /evidence/:id/content', () => {
    const data = content(4096, 1);
    const get = (range?: string, reason = 'Review in the player', user = who.police) => {
      const call = http()
        .get(`/api/v1/evidence/${itemId}/content`)
        .query({ reason })
        .set('Authorization', user.auth)
        .buffer(true)
        .parse((res, callback) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => callback(null, Buffer.concat(chunks)));
        });
      return range === undefined ? call : call.set('Range', range);
    };
    const downloads = async () =>
      app.dataSource.getRepository(CustodyEvent).find({ where: { chainId: itemId, action: 'downloaded' }, order: { sequence: 'ASC' } });

    it.each([
      ['bytes=0-99', 0, 99],
      ['bytes=4000-', 4000, 4095],
      ['bytes=-96', 4000, 4095],
      ['bytes=4090-9999', 4090, 4095],
    ])('%s → 206 with Content-Range, and X-Content-SHA256 of the whole content', async (range, start, end) => {
      const response = await get(range);
      expect(response.status).toBe(206);
      expect(response.headers).toMatchObject({
        'content-range': `bytes ${start}-${end}/4096`,
        'content-length': String(end - start + 1),
        'accept-ranges': 'bytes',
        'x-content-sha256': sha256(data),
      });
      expect((response.body as Buffer).equals(data.subarray(start, end + 1))).toBe(true);
    });

    it('answers a range beyond the end with 416 in the error shape and Content-Range: bytes */size', async () => {
      for (const range of ['bytes=4096-', 'bytes=5000-6000', 'bytes=-0']) {
        const response = await http()
          .get(`/api/v1/evidence/${itemId}/content?reason=Review`)
          .set('Authorization', who.police.auth)
          .set('Range', range);
        expect(response.status).toBe(416);
        expect(response.headers['content-range']).toBe('bytes */4096');
        expect(response.body).toMatchObject({ statusCode: 416, error: 'range_not_satisfiable', details: { size: 4096 }, requestId: expect.any(String) });
      }
    });

    it('serves several ranges, or a malformed one, as the whole content (200), and says Accept-Ranges on every response', async () => {
      for (const range of [undefined, 'bytes=0-9,20-29', 'bytes=9-1', 'pages=1-2']) {
        const response = await get(range);
        expect(response.status).toBe(200);
        expect(response.headers['accept-ranges']).toBe('bytes');
        expect(response.headers['content-range']).toBeUndefined();
        expect(sha256(response.body as Buffer)).toBe(sha256(data));
      }
    });

    it('answers HEAD with the download\'s headers without reading the content or recording a download', async () => {
      const before = (await downloads()).length;
      const head = await http().head(`/api/v1/evidence/${itemId}/content?reason=Check%20the%20size`).set('Authorization', who.police.auth);
      expect(head.status).toBe(200);
      expect(head.headers).toMatchObject({ 'content-length': '4096', 'accept-ranges': 'bytes', 'x-content-sha256': sha256(data) });
      expect(await downloads()).toHaveLength(before);
      const accessed = await app.dataSource.getRepository(CustodyEvent).find({ where: { chainId: itemId, action: 'accessed' } });
      expect(accessed.map((e) => e.details)).toContainEqual({ what: 'content_head', reason: 'Check the size' });
    });

    it('records one download per session: five ranged reads are one entry, another reason or a later session another', async () => {
      const before = (await downloads()).length;
      for (let i = 0; i < 5; i += 1) expect((await get(`bytes=${i * 100}-${i * 100 + 99}`, 'Scrub through the footage')).status).toBe(206);
      const session = (await downloads()).slice(before);
      expect(session).toHaveLength(1);
      expect(session[0]).toMatchObject({
        actorId: who.police.id,
        details: { reason: 'Scrub through the footage', channel: 'api', range: 'bytes=0-99', session: 'ranged', sha256: sha256(data) },
      });

      expect((await get('bytes=0-9', 'Prepare stills for the file')).status).toBe(206);
      expect((await get('bytes=10-19', 'Prepare stills for the file')).status).toBe(206);
      expect((await get('bytes=0-9', 'Scrub through the footage', who.spoc)).status).toBe(206);
      expect((await downloads()).slice(before)).toHaveLength(3);

      await new Promise((resolve) => setTimeout(resolve, DOWNLOAD_SESSION_SECONDS * 1000 + 200));
      expect((await get('bytes=0-9', 'Scrub through the footage')).status).toBe(206);
      expect((await get('bytes=10-19', 'Scrub through the footage')).status).toBe(206);
      expect((await downloads()).slice(before)).toHaveLength(4);
    });
  });

  it('sanitises unsafe file names and never uses them for the storage key', async () => {
    const cases: [string, string][] = [
      ['../../etc/passwd', 'passwd'],
      ['..\\..\\Windows\\system32\\evil.exe', 'evil.exe'],
      ['clip\u0007\u001b[31m\u202Egnp.mp4', 'clip[31mgnp.mp4'], // a NUL is refused before (invalid_characters)
      ['   ..hidden.mp4  ', 'hidden.mp4'],
      ['a<b>c:"d"|e?f*.mp4', 'a_b_c__d__e_f_.mp4'],
      ['../..', 'evidence.bin'],
    ];
    for (const [raw, expected] of cases) {
      const item = await addItem(app, who.operator, requestId, cameraId, { originalFileName: raw });
      expect(item).toMatchObject({ originalFileName: expected, storageKey: `evidence/${requestId}/${item.id}` });
    }
    const long = `${'x'.repeat(1000)}.mp4`;
    const longItem = await addItem(app, who.operator, requestId, cameraId, { originalFileName: long });
    const stored = await app.dataSource.getRepository(EvidenceItem).findOneByOrFail({ id: longItem.id });
    expect(stored.originalFileName).toHaveLength(200);
    expect(stored.originalFileName.endsWith('.mp4')).toBe(true);

    // Uploaded under the generated key; the download offers the sanitised name.
    const traversal = await addItem(app, who.operator, requestId, cameraId, { originalFileName: '../../../tmp/pwn "quoted".mp4' });
    expect((await putContent(app, who.operator, traversal.id, content(100, 2))).status).toBe(200);
    expect(await app.app.get(StorageService).exists(`evidence/${requestId}/${traversal.id}`)).toBe(true);
    const response = await http().get(`/api/v1/evidence/${traversal.id}/content?reason=Check%20name`).set('Authorization', who.police.auth);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="pwn _quoted_.mp4"; filename*=UTF-8\'\'pwn%20_quoted_.mp4',
    );
  });

  it('validates evidence requests', async () => {
    const raise = (overrides: Record<string, unknown>) =>
      http().post('/api/v1/evidence-requests').set('Authorization', who.police.auth).send(requestBody([cameraId], overrides));
    const reversed = await raise({ windowStart: window(1).windowEnd, windowEnd: window(1).windowStart });
    expect(reversed.body).toMatchObject({ statusCode: 400, error: 'invalid_time_window', requestId: expect.any(String) });
    expect((await raise({ ...window(1, 25 * 60) })).body.error).toBe('time_window_too_long');
    expect((await raise({ ...window(-3) })).body.error).toBe('time_window_in_future');
    expect((await raise({ cameraIds: [] })).body.error).toBe('camera_or_location_required');
    const unknown = await raise({ cameraIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknown.body).toMatchObject({ error: 'unknown_camera', details: { cameraIds: ['00000000-0000-4000-8000-000000000000'] } });
    expect((await raise({ urgency: 'whenever' })).body.error).toBe('validation_failed');
    expect((await raise({ windowStart: '2025-03-14T21:30:00' })).body.error).toBe('validation_failed');
    expect((await raise({ extra: true })).body.error).toBe('validation_failed');
    expect((await raise({ purpose: 'bad\u0000text' })).body.error).toBe('invalid_characters');

    const locationOnly = await raise({ cameraIds: undefined, locationDescription: 'Chatham bus station, stand C' });
    expect(locationOnly.status).toBe(201);
    expect(locationOnly.body).toMatchObject({ cameraIds: [], locationDescription: 'Chatham bus station, stand C', mayBeOverwritten: false });
    const old = await raise({ ...window(24 * 40) });
    expect(old.body.mayBeOverwritten).toBe(true);
  });

  it('follows the status flow: rejected requests cannot be shared, closed or fulfilled', async () => {
    const created = await http().post('/api/v1/evidence-requests').set('Authorization', who.police.auth).send(requestBody([cameraId]));
    const id = created.body.id;
    const rejected = await http().post(`/api/v1/evidence-requests/${id}/decision`).set('Authorization', who.cst.auth).send({ approve: false, reason: 'Not proportionate' });
    expect(rejected.body).toMatchObject({ status: 'rejected', decision: { approved: false, reason: 'Not proportionate' } });
    expect((await http().post(`/api/v1/evidence-requests/${id}/shares`).set('Authorization', who.spoc.auth).send({ userId: who.colleague.id })).body.error).toBe(
      'request_rejected',
    );
    const close = await http().post(`/api/v1/evidence-requests/${id}/close`).set('Authorization', who.police.auth).send({ reason: 'x y z' });
    expect(close.status).toBe(409);
    expect(close.body).toMatchObject({ error: 'invalid_transition', details: { from: 'rejected', to: 'closed' } });
    // Operators never see it, so cannot add exhibits.
    const add = await http()
      .post(`/api/v1/evidence-requests/${id}/items`)
      .set('Authorization', who.operator.auth)
      .send({ exhibitReference: 'KY/9', kind: 'other', exportTool: 't', operatorName: 'o', originalFileName: 'f.bin' });
    expect(add.status).toBe(404);
    const unknown = await http().get('/api/v1/evidence-requests/not-a-uuid').set('Authorization', who.spoc.auth);
    expect(unknown.body.error).toBe('invalid_id');
  });
});
