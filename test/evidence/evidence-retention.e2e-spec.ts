import { EvidenceItem } from '../../src/evidence/entities/evidence-item.entity.js';
import { SchedulerService } from '../../src/scheduling/scheduler.service.js';
import { StorageService } from '../../src/storage/storage.service.js';
import { TestApp } from '../support/test-app.js';
import { type Cast, addItem, cast, content, createCamera, putContent, raiseApprovedRequest } from './evidence-fixtures.js';

const DAY = 24 * 3600 * 1000;

describe('evidence retention and legal hold', () => {
  let app: TestApp;
  let who: Cast;
  let cameraId: string;
  let requestId: string;
  const storage = () => app.app.get(StorageService);
  const http = () => app.http();
  const patch = (id: string, body: object, auth = who.spoc.auth) =>
    http().patch(`/api/v1/evidence/${id}/retention`).set('Authorization', auth).send(body);
  const purge = async () => {
    const result = await app.app.get(SchedulerService).trigger('evidence.retention-purge');
    expect(result).toMatchObject({ status: 'ran', run: { outcome: 'succeeded' } });
    return (result as { run: { result: { deleted: number; failed: unknown[] } } }).run.result;
  };
  async function uploaded(seed: number, request = requestId) {
    const item = await addItem(app, who.operator, request, cameraId);
    const response = await putContent(app, who.operator, item.id, content(50_000, seed));
    expect(response.status).toBe(200);
    return item;
  }
  const chainActions = async (id: string) =>
    ((await http().get(`/api/v1/evidence/${id}/custody`).set('Authorization', who.spoc.auth)).body.events as { action: string }[]).map(
      (e) => e.action,
    );

  beforeAll(async () => {
    app = await TestApp.start();
    who = await cast(app, 'retention');
    cameraId = (await createCamera(app)).id;
    requestId = (await raiseApprovedRequest(app, who, cameraId)).id;
  });
  afterAll(() => app.close());

  it('gives uploaded evidence 90 days by default', async () => {
    const item = await uploaded(1);
    const stored = await app.dataSource.getRepository(EvidenceItem).findOneByOrFail({ id: item.id });
    expect(stored.retainUntil!.getTime() - stored.uploadedAt!.getTime()).toBe(90 * DAY);
    expect(stored.legalHold).toBe(false);
  });

  it('accepts the contract body without a reason ({ legalHold } or { retainUntil }) and records none', async () => {
    const item = await uploaded(9);
    const hold = await patch(item.id, { legalHold: true });
    expect(hold.status).toBe(200);
    expect(hold.body).toMatchObject({ legalHold: true, legalHoldReason: null });
    const until = new Date(Date.now() + 400 * DAY).toISOString();
    const retain = await patch(item.id, { retainUntil: until, legalHold: false });
    expect(retain.status).toBe(200);
    expect(retain.body).toMatchObject({ legalHold: false, retainUntil: until });
    const events = (await http().get(`/api/v1/evidence/${item.id}/custody`).set('Authorization', who.spoc.auth)).body.events as {
      action: string;
      details: { reason?: string | null };
    }[];
    const set = events.find((e) => e.action === 'legal_hold_set')!;
    expect(set.details.reason).toBeNull();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['retention_changed', 'legal_hold_cleared']));
  });

  it('purges an expired item (object deleted, item marked deleted, metadata and custody kept) and keeps a held one', async () => {
    const expired = await uploaded(2);
    const held = await uploaded(3);
    const past = new Date(Date.now() - DAY).toISOString();
    expect((await patch(expired.id, { retainUntil: past, reason: 'Disposal agreed with the force' })).status).toBe(200);
    const hold = await patch(held.id, { retainUntil: past, legalHold: true, reason: 'Appeal pending' });
    expect(hold.status).toBe(200);
    expect(hold.body).toMatchObject({ legalHold: true, legalHoldReason: 'Appeal pending', retainUntil: past });

    const summary = await purge();
    expect(summary.failed).toEqual([]);
    expect(summary.deleted).toBeGreaterThanOrEqual(1);

    const gone = await http().get(`/api/v1/evidence/${expired.id}`).set('Authorization', who.police.auth);
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({ status: 'deleted', deletionReason: 'Retention period expired', sha256: expect.any(String) });
    expect(await storage().exists(expired.storageKey)).toBe(false);
    const custody = await http().get(`/api/v1/evidence/${expired.id}/custody`).set('Authorization', who.spoc.auth);
    const deleted = custody.body.events.find((e: { action: string }) => e.action === 'deleted');
    expect(deleted).toMatchObject({
      actor: { id: null, email: 'system:evidence.retention-purge', role: 'system' },
      details: { trigger: 'retention', contentDeleted: true, retainUntil: past },
    });
    const download = await http().post(`/api/v1/evidence/${expired.id}/download`).set('Authorization', who.police.auth).send({ reason: 'Court' });
    expect(download.status).toBe(410);
    expect(download.body.error).toBe('evidence_deleted');
    const verify = await http().get(`/api/v1/evidence/${expired.id}/verify`).set('Authorization', who.spoc.auth);
    expect(verify.body).toMatchObject({ ok: true, objectHashOk: null, chainOk: true });

    const kept = await http().get(`/api/v1/evidence/${held.id}`).set('Authorization', who.spoc.auth);
    expect(kept.body.status).toBe('available');
    expect(await storage().exists(held.storageKey)).toBe(true);
    expect(await chainActions(held.id)).toEqual(expect.arrayContaining(['retention_changed', 'legal_hold_set']));
  });

  it('a legal hold blocks manual deletion; once cleared, the SPOC may delete with a reason', async () => {
    const item = await uploaded(4);
    await patch(item.id, { legalHold: true, reason: 'Civil claim notified' });
    const refused = await http().delete(`/api/v1/evidence/${item.id}`).set('Authorization', who.spoc.auth).send({ reason: 'Tidy up' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('legal_hold');
    expect(await storage().exists(item.storageKey)).toBe(true);

    const cleared = await patch(item.id, { legalHold: false, reason: 'Claim withdrawn' });
    expect(cleared.body).toMatchObject({ legalHold: false, legalHoldReason: null });
    const deleted = await http().delete(`/api/v1/evidence/${item.id}`).set('Authorization', who.admin.auth).send({ reason: 'Force asked for disposal' });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ status: 'deleted', deletionReason: 'Force asked for disposal' });
    expect(await storage().exists(item.storageKey)).toBe(false);
    expect(await chainActions(item.id)).toEqual(expect.arrayContaining(['legal_hold_set', 'legal_hold_cleared', 'deleted']));
    const again = await http().delete(`/api/v1/evidence/${item.id}`).set('Authorization', who.spoc.auth).send({ reason: 'Again' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('evidence_deleted');
  });

  it('"until case closed" is never purged while the case is open; closing the case starts a 30-day period', async () => {
    const request = await raiseApprovedRequest(app, who, cameraId);
    const item = await uploaded(5, request.id);
    const set = await patch(item.id, { retainUntilCaseClosed: true, reason: 'Keep for the trial' });
    expect(set.body).toMatchObject({ retainUntilCaseClosed: true, retainUntil: null });
    await purge();
    expect((await http().get(`/api/v1/evidence/${item.id}`).set('Authorization', who.spoc.auth)).body.status).toBe('available');

    const closed = await http().post(`/api/v1/evidence-requests/${request.id}/close`).set('Authorization', who.spoc.auth).send({ reason: 'Sentenced' });
    expect(closed.status).toBe(200);
    const after = await http().get(`/api/v1/evidence/${item.id}`).set('Authorization', who.spoc.auth);
    expect(after.body.retainUntilCaseClosed).toBe(false);
    expect(new Date(after.body.retainUntil).getTime() - new Date(closed.body.closedAt).getTime()).toBe(30 * DAY);
    const custody = await http().get(`/api/v1/evidence/${item.id}/custody`).set('Authorization', who.spoc.auth);
    const changes = custody.body.events.filter((e: { action: string }) => e.action === 'retention_changed');
    expect(changes.at(-1).details).toMatchObject({ reason: 'Case closed: Sentenced', to: { retainUntilCaseClosed: false } });
    const reopen = await patch(item.id, { retainUntilCaseClosed: true, reason: 'Retrial' });
    expect(reopen.status).toBe(409);
    expect(reopen.body.error).toBe('case_already_closed');
  });

  it('validates retention changes', async () => {
    const item = await uploaded(6);
    expect((await patch(item.id, { reason: 'Nothing' })).body.error).toBe('nothing_to_change');
    expect((await patch(item.id, { retainUntil: '2030-01-01T00:00:00Z', retainUntilCaseClosed: true, reason: 'Both' })).body.error).toBe(
      'conflicting_retention',
    );
    expect((await patch(item.id, { retainUntilCaseClosed: false, reason: 'Off' })).body.error).toBe('retain_until_required');
    const shortReason = await patch(item.id, { legalHold: true, reason: 'x' });
    expect(shortReason.status).toBe(400);
    expect(shortReason.body.error).toBe('validation_failed');
    const badDate = await patch(item.id, { retainUntil: '2030-01-01', reason: 'Date only' });
    expect(badDate.status).toBe(400);
  });
});
