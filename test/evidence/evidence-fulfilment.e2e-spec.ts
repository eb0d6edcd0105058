import { AuditLog } from '../../src/audit/audit-log.entity.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { TestApp } from '../support/test-app.js';
import { type Cast, addItem, cast, content, createCamera, putContent, raiseApprovedRequest } from './evidence-fixtures.js';

/** When an evidence request counts as fulfilled: every requested camera has footage, or the operator says why not. */
describe('evidence request fulfilment', () => {
  let app: TestApp;
  let who: Cast;
  let cameras: string[];
  const http = () => app.http();
  const getRequest = async (id: string) => (await http().get(`/api/v1/evidence-requests/${id}`).set('Authorization', who.police.auth)).body;
  const complete = (id: string, body: object, auth = who.operator.auth) =>
    http().post(`/api/v1/evidence-requests/${id}/complete`).set('Authorization', auth).send(body);
  const requestEvents = async (itemId: string) =>
    (await http().get(`/api/v1/evidence/${itemId}/custody`).set('Authorization', who.spoc.auth)).body.requestEvents as {
      action: string;
      actor: { id: string | null };
      details: Record<string, unknown>;
    }[];
  const availableNotices = (requestId: string) =>
    app.dataSource.getRepository(Notification).findBy({ kind: 'evidence_available', relatedEntityId: requestId });
  async function footage(requestId: string, cameraId: string, seed: number) {
    const item = await addItem(app, who.operator, requestId, cameraId);
    expect((await putContent(app, who.operator, item.id, content(5_000, seed))).status).toBe(200);
    return item;
  }

  beforeAll(async () => {
    app = await TestApp.start();
    who = await cast(app, 'fulfilment');
    cameras = [(await createCamera(app)).id, (await createCamera(app)).id, (await createCamera(app)).id];
  });
  afterAll(() => app.close());

  it('is not fulfilled by the first camera\'s exhibit; it is once every requested camera has footage', async () => {
    const request = await raiseApprovedRequest(app, who, cameras[0], { cameraIds: cameras.slice(0, 2) });
    const first = await footage(request.id, cameras[0], 1);
    expect(await getRequest(request.id)).toMatchObject({ status: 'approved', fulfilledAt: null });
    expect(await availableNotices(request.id)).toEqual([]);
    // A player file or a second exhibit of the same camera does not cover the other camera.
    const player = await addItem(app, who.operator, request.id, cameras[1], {
      kind: 'player',
      exhibitReference: first.exhibitReference,
      partNumber: 2,
      originalFileName: 'Player.zip',
    });
    expect((await putContent(app, who.operator, player.id, content(3_000, 2))).status).toBe(200);
    await footage(request.id, cameras[0], 3);
    expect((await getRequest(request.id)).status).toBe('approved');

    const last = await footage(request.id, cameras[1], 4);
    const fulfilled = await getRequest(request.id);
    expect(fulfilled).toMatchObject({ status: 'fulfilled', fulfilledAt: expect.any(String), fulfilledById: null, camerasWithoutFootage: [] });
    const entry = (await requestEvents(last.id)).find((e) => e.action === 'fulfilled');
    expect(entry!.details).toMatchObject({ trigger: 'all_cameras_covered', cameraIds: cameras.slice(0, 2), camerasWithoutFootage: [] });
    expect((entry!.details.exhibits as unknown[]).length).toBe(4);
    const notices = await availableNotices(request.id);
    expect(notices).toHaveLength(1);
    expect(notices[0].recipientEmail).toBe(who.police.email);
    expect(await app.dataSource.getRepository(AuditLog).findOneBy({ action: 'evidence_request.fulfil', entityId: request.id })).toMatchObject({
      before: { status: 'approved' },
      after: { status: 'fulfilled' },
    });
  });

  it('an operator completes a request explicitly, saying why each camera without footage has none', async () => {
    const request = await raiseApprovedRequest(app, who, cameras[0], { cameraIds: cameras });
    const exhibit = await footage(request.id, cameras[0], 5);

    const none = await complete(request.id, {});
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ error: 'cameras_unaccounted', details: { cameraIds: [cameras[1], cameras[2]] } });
    const some = await complete(request.id, { camerasWithoutFootage: [{ cameraId: cameras[1], reason: 'Recorder overwritten after 31 days' }] });
    expect(some.body).toMatchObject({ error: 'cameras_unaccounted', details: { cameraIds: [cameras[2]] } });
    const covered = await complete(request.id, {
      camerasWithoutFootage: [
        { cameraId: cameras[0], reason: 'Nothing' },
        { cameraId: cameras[1], reason: 'Recorder overwritten after 31 days' },
        { cameraId: cameras[2], reason: 'Camera faulty' },
      ],
    });
    expect(covered.body).toMatchObject({ error: 'camera_has_footage', details: { cameraIds: [cameras[0]] } });
    const stranger = (await createCamera(app)).id;
    const notRequested = await complete(request.id, {
      camerasWithoutFootage: [
        { cameraId: cameras[1], reason: 'Recorder overwritten' },
        { cameraId: cameras[2], reason: 'Camera faulty' },
        { cameraId: stranger, reason: 'Not asked for' },
      ],
    });
    expect(notRequested.body).toMatchObject({ error: 'camera_not_requested', details: { cameraIds: [stranger] } });
    for (const body of [
      { camerasWithoutFootage: null },
      { camerasWithoutFootage: [{ cameraId: cameras[1], reason: null }] },
      { camerasWithoutFootage: [{ cameraId: cameras[1], reason: '   ' }] },
      { camerasWithoutFootage: [{ cameraId: 'camera one', reason: 'Faulty' }] },
      { camerasWithoutFootage: [{ cameraId: cameras[1], reason: 'Faulty' }, { cameraId: cameras[1], reason: 'Twice' }] },
      { note: null },
    ]) {
      const invalid = await complete(request.id, body);
      expect(invalid.status).toBe(400);
      expect(invalid.body.error).toBe('validation_failed');
    }
    expect((await complete(request.id, { camerasWithoutFootage: [] }, who.spoc.auth)).status).toBe(403);
    expect((await getRequest(request.id)).status).toBe('approved');

    const camerasWithoutFootage = [
      { cameraId: cameras[2], reason: 'Camera faulty (fault open since March)' },
      { cameraId: cameras[1], reason: 'Recorder overwritten after 31 days' },
    ];
    const done = await complete(request.id, { camerasWithoutFootage, note: 'Searched the recorder for the whole window' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'fulfilled',
      fulfilledById: who.operator.id,
      fulfilmentNote: 'Searched the recorder for the whole window',
      camerasWithoutFootage,
    });
    const entry = (await requestEvents(exhibit.id)).find((e) => e.action === 'fulfilled')!;
    expect(entry).toMatchObject({
      actor: { id: who.operator.id },
      details: {
        trigger: 'operator',
        camerasWithoutFootage,
        note: 'Searched the recorder for the whole window',
        exhibits: [expect.objectContaining({ itemId: exhibit.id, cameraId: cameras[0] })],
      },
    });
    const notices = await availableNotices(request.id);
    expect(notices).toHaveLength(1);
    expect(notices[0].recipientEmail).toBe(who.police.email);
    expect(notices[0].body).toContain('Recorder overwritten after 31 days');
    expect(await app.dataSource.getRepository(AuditLog).findOneBy({ action: 'evidence_request.complete', entityId: request.id })).toMatchObject({
      before: { status: 'approved' },
      after: { status: 'fulfilled', camerasWithoutFootage },
    });

    const report = await http().get(`/api/v1/evidence-requests/${request.id}/custody-report?format=html`).set('Authorization', who.police.auth);
    expect(report.status).toBe(200);
    expect(report.text).toContain('Cameras without footage');
    expect(report.text).toContain('Recorder overwritten after 31 days');

    const again = await complete(request.id, { camerasWithoutFootage });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'invalid_transition', details: { from: 'fulfilled', to: 'fulfilled' } });
    // As before, a fulfilled request still takes late exhibits (footage found later).
    await footage(request.id, cameras[1], 6);
    expect((await getRequest(request.id)).status).toBe('fulfilled');
  });

  it('a location-only request is fulfilled only explicitly; with no exhibit at all the operator must say why', async () => {
    const withFootage = await raiseApprovedRequest(app, who, cameras[0], { cameraIds: [], locationDescription: 'Chatham bus station, stand C' });
    await footage(withFootage.id, cameras[0], 7);
    expect((await getRequest(withFootage.id)).status).toBe('approved');
    const done = await complete(withFootage.id, {});
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('fulfilled');

    const nothing = await raiseApprovedRequest(app, who, cameras[0], { cameraIds: [], locationDescription: 'Back lane behind the High Street' });
    const refused = await complete(nothing.id, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('note_required');
    const explained = await complete(nothing.id, { note: 'No council camera covers the back lane' });
    expect(explained.status).toBe(200);
    expect(explained.body).toMatchObject({ status: 'fulfilled', fulfilmentNote: 'No council camera covers the back lane' });
    const notices = await availableNotices(nothing.id);
    expect(notices[0].body).toContain('No council camera covers the back lane');
  });
});
