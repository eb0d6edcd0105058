import { AuditLog } from '../../src/audit/audit-log.entity.js';
import { EvidenceItem } from '../../src/evidence/entities/evidence-item.entity.js';
import { Notification } from '../../src/notifications/notification.entity.js';
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

  const stored = (id: string) => app.dataSource.getRepository(EvidenceItem).findOneByOrFail({ id });
  /** Time passing: the retention date (or the recycle-bin grace period) ran out. */
  const expire = (id: string, fields: Partial<Pick<EvidenceItem, 'retainUntil' | 'deletionDueAt'>>) =>
    app.dataSource.getRepository(EvidenceItem).update({ id }, fields);
  const yesterday = () => new Date(Date.now() - DAY);
  const restore = (id: string, body: object, auth = who.spoc.auth) =>
    http().post(`/api/v1/evidence/${id}/restore`).set('Authorization', auth).send(body);
  const downloads = async (id: string) => [
    await http().post(`/api/v1/evidence/${id}/download`).set('Authorization', who.police.auth).send({ reason: 'Court bundle' }),
    await http().get(`/api/v1/evidence/${id}/content`).query({ reason: 'Court bundle' }).set('Authorization', who.police.auth),
  ];

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

  it('an expired item goes to the recycle bin first (object kept, downloads refused, SPOC told), and is deleted after the grace period', async () => {
    const expired = await uploaded(2);
    const held = await uploaded(3);
    expect((await patch(held.id, { legalHold: true, reason: 'Appeal pending' })).body).toMatchObject({ legalHold: true, legalHoldReason: 'Appeal pending' });
    const lapsed = yesterday();
    await expire(expired.id, { retainUntil: lapsed });
    await expire(held.id, { retainUntil: lapsed });

    const first = await purge();
    expect(first.failed).toEqual([]);
    const pending = await stored(expired.id);
    expect(pending).toMatchObject({ status: 'pending_deletion', deletedAt: null, deletionReason: 'Retention period expired' });
    const graceMs = pending.deletionDueAt!.getTime() - Date.now();
    expect(graceMs).toBeGreaterThan(7 * DAY - 60_000);
    expect(graceMs).toBeLessThanOrEqual(7 * DAY);
    expect(await storage().exists(expired.storageKey)).toBe(true);
    const scheduled = (await http().get(`/api/v1/evidence/${expired.id}/custody`).set('Authorization', who.spoc.auth)).body.events.find(
      (e: { action: string }) => e.action === 'deletion_scheduled',
    );
    expect(scheduled).toMatchObject({
      actor: { id: null, email: 'system:evidence.retention-purge', role: 'system' },
      details: { trigger: 'retention', retainUntil: lapsed.toISOString(), deletionDueAt: pending.deletionDueAt!.toISOString() },
    });
    const notice = await app.dataSource.getRepository(Notification).findOneBy({ kind: 'evidence_deletion_scheduled', relatedEntityId: expired.id });
    expect(notice).toMatchObject({ recipientRole: 'spoc', relatedEntityType: 'evidence_item' });
    expect(notice!.body).toContain(expired.exhibitReference);
    const audit = await app.dataSource.getRepository(AuditLog).findOneBy({ action: 'evidence_item.deletion_scheduled', entityId: expired.id });
    expect(audit).toMatchObject({ before: { status: 'available' }, after: { status: 'pending_deletion' } });
    for (const refused of await downloads(expired.id)) {
      expect(refused.status).toBe(409);
      expect(refused.body.error).toBe('evidence_pending_deletion');
    }
    const metadata = await http().get(`/api/v1/evidence/${expired.id}`).set('Authorization', who.police.auth);
    expect(metadata.body).toMatchObject({ status: 'pending_deletion', deletionDueAt: pending.deletionDueAt!.toISOString(), deletionTrigger: 'retention' });
    const replaced = await putContent(app, who.operator, expired.id, content(1_000, 99));
    expect(replaced.status).toBe(409);
    expect(replaced.body.error).toBe('evidence_immutable');
    // Still verifiable: the content is kept until the purge deletes it.
    const verifyPending = await http().get(`/api/v1/evidence/${expired.id}/verify`).set('Authorization', who.spoc.auth);
    expect(verifyPending.body).toMatchObject({ ok: true, objectHashOk: true });

    // Within the grace period nothing more happens.
    await purge();
    expect((await stored(expired.id)).status).toBe('pending_deletion');
    expect(await storage().exists(expired.storageKey)).toBe(true);

    await expire(expired.id, { deletionDueAt: yesterday() });
    const second = await purge();
    expect(second.failed).toEqual([]);
    const gone = await http().get(`/api/v1/evidence/${expired.id}`).set('Authorization', who.police.auth);
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({ status: 'deleted', deletionReason: 'Retention period expired', sha256: expect.any(String) });
    expect(await storage().exists(expired.storageKey)).toBe(false);
    const custody = await http().get(`/api/v1/evidence/${expired.id}/custody`).set('Authorization', who.spoc.auth);
    const deleted = custody.body.events.find((e: { action: string }) => e.action === 'deleted');
    expect(deleted).toMatchObject({
      actor: { id: null, email: 'system:evidence.retention-purge', role: 'system' },
      details: { trigger: 'retention', contentDeleted: true, retainUntil: lapsed.toISOString() },
    });
    const download = await http().post(`/api/v1/evidence/${expired.id}/download`).set('Authorization', who.police.auth).send({ reason: 'Court' });
    expect(download.status).toBe(410);
    expect(download.body.error).toBe('evidence_deleted');
    const verify = await http().get(`/api/v1/evidence/${expired.id}/verify`).set('Authorization', who.spoc.auth);
    expect(verify.body).toMatchObject({ ok: true, objectHashOk: null, chainOk: true });

    const kept = await http().get(`/api/v1/evidence/${held.id}`).set('Authorization', who.spoc.auth);
    expect(kept.body).toMatchObject({ status: 'available', deletionDueAt: null });
    expect(await storage().exists(held.storageKey)).toBe(true);
    expect(await chainActions(held.id)).toEqual(expect.arrayContaining(['legal_hold_set']));
    expect(await chainActions(held.id)).not.toContain('deletion_scheduled');
  });

  it('an SPOC or admin restores an item from the recycle bin with a reason and a new future retention', async () => {
    const item = await uploaded(10);
    await expire(item.id, { retainUntil: yesterday() });
    await purge();
    expect((await stored(item.id)).status).toBe('pending_deletion');

    const noReason = await restore(item.id, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.fields.map((f: { field: string }) => f.field)).toContain('reason');
    const pastDate = await restore(item.id, { reason: 'Force still needs it', retainUntil: yesterday().toISOString() });
    expect(pastDate.status).toBe(400);
    expect(pastDate.body.error).toBe('retain_until_in_past');
    expect((await restore(item.id, { reason: 'Nulls', retainUntil: null })).body.error).toBe('validation_failed');
    expect((await restore(item.id, { reason: 'Nulls', retainUntilCaseClosed: null })).body.error).toBe('validation_failed');
    const byOperator = await restore(item.id, { reason: 'Not mine to restore' }, who.operator.auth);
    expect(byOperator.status).toBe(403);
    expect((await stored(item.id)).status).toBe('pending_deletion');

    const until = new Date(Date.now() + 200 * DAY).toISOString();
    const restored = await restore(item.id, { reason: 'Force confirmed a trial date', retainUntil: until }, who.admin.auth);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ status: 'available', retainUntil: until, deletionDueAt: null, deletionReason: null });
    expect(await storage().exists(item.storageKey)).toBe(true);
    const actions = await chainActions(item.id);
    expect(actions.indexOf('restored')).toBe(actions.indexOf('deletion_scheduled') + 1);
    const events = (await http().get(`/api/v1/evidence/${item.id}/custody`).set('Authorization', who.spoc.auth)).body.events as {
      action: string;
      actor: { id: string | null };
      details: Record<string, unknown>;
    }[];
    expect(events.find((e) => e.action === 'restored')).toMatchObject({
      actor: { id: who.admin.id },
      details: { reason: 'Force confirmed a trial date', trigger: 'restore', to: { retainUntil: until, retainUntilCaseClosed: false } },
    });
    const audit = await app.dataSource.getRepository(AuditLog).findOneBy({ action: 'evidence_item.restore', entityId: item.id });
    expect(audit).toMatchObject({ before: { status: 'pending_deletion' }, after: { status: 'available', retainUntil: until } });
    for (const served of await downloads(item.id)) expect(served.status).toBe(200);

    const again = await restore(item.id, { reason: 'Twice' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('not_pending_deletion');

    // Without a date the default retention applies from now.
    const other = await uploaded(11);
    await expire(other.id, { retainUntil: yesterday() });
    await purge();
    const byDefault = await restore(other.id, { reason: 'Deleted by mistake' });
    expect(byDefault.status).toBe(200);
    const defaultMs = new Date(byDefault.body.retainUntil).getTime() - Date.now();
    expect(defaultMs).toBeGreaterThan(90 * DAY - 60_000);
    expect(defaultMs).toBeLessThanOrEqual(90 * DAY);
  });

  it('a legal hold set on an item in the recycle bin restores it', async () => {
    const item = await uploaded(12);
    await expire(item.id, { retainUntil: yesterday() });
    await purge();
    expect((await stored(item.id)).status).toBe('pending_deletion');
    const other = await patch(item.id, { retainUntil: new Date(Date.now() + 30 * DAY).toISOString(), reason: 'Extend instead' });
    expect(other.status).toBe(409);
    expect(other.body.error).toBe('evidence_pending_deletion');

    const held = await patch(item.id, { legalHold: true, reason: 'Judicial review lodged' });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ status: 'available', legalHold: true, deletionDueAt: null });
    expect(await chainActions(item.id)).toEqual(expect.arrayContaining(['deletion_scheduled', 'restored', 'legal_hold_set']));
    await purge();
    expect((await stored(item.id)).status).toBe('available');

    // Clearing that hold lets an already-expired item go again, so it needs a reason.
    const cleared = await patch(item.id, { legalHold: false });
    expect(cleared.status).toBe(400);
    expect(cleared.body.error).toBe('reason_required');
    expect((await stored(item.id)).legalHold).toBe(true);
    expect((await patch(item.id, { legalHold: false, reason: 'Review dismissed' })).status).toBe(200);
  });

  it('manual deletion goes through the recycle bin with its reason; a legal hold blocks it', async () => {
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
    expect(deleted.body).toMatchObject({ status: 'pending_deletion', deletionReason: 'Force asked for disposal', deletedAt: null });
    expect(await storage().exists(item.storageKey)).toBe(true);
    const scheduled = (await http().get(`/api/v1/evidence/${item.id}/custody`).set('Authorization', who.spoc.auth)).body.events.find(
      (e: { action: string }) => e.action === 'deletion_scheduled',
    );
    expect(scheduled).toMatchObject({ actor: { id: who.admin.id }, details: { trigger: 'manual', reason: 'Force asked for disposal' } });
    expect(await app.dataSource.getRepository(Notification).findOneBy({ kind: 'evidence_deletion_scheduled', relatedEntityId: item.id })).not.toBeNull();
    const twice = await http().delete(`/api/v1/evidence/${item.id}`).set('Authorization', who.spoc.auth).send({ reason: 'Again' });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toBe('evidence_pending_deletion');

    await expire(item.id, { deletionDueAt: yesterday() });
    await purge();
    expect(await stored(item.id)).toMatchObject({ status: 'deleted', deletionReason: 'Force asked for disposal' });
    expect(await storage().exists(item.storageKey)).toBe(false);
    expect(await chainActions(item.id)).toEqual(expect.arrayContaining(['legal_hold_set', 'legal_hold_cleared', 'deletion_scheduled', 'deleted']));
    const again = await http().delete(`/api/v1/evidence/${item.id}`).set('Authorization', who.spoc.auth).send({ reason: 'Again' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('evidence_deleted');
  });

  it('refuses null for any retention field (400 naming the field) and stores nothing', async () => {
    const item = await uploaded(13);
    const before = await stored(item.id);
    for (const field of ['retainUntil', 'retainUntilCaseClosed', 'legalHold', 'reason']) {
      const response = await patch(item.id, { [field]: null, ...(field === 'reason' ? { legalHold: true } : {}) });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'validation_failed', requestId: expect.any(String) });
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    }
    const allNull = await patch(item.id, { retainUntil: null, retainUntilCaseClosed: null, legalHold: null, reason: null });
    expect(allNull.status).toBe(400);
    expect(allNull.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(
      ['legalHold', 'reason', 'retainUntil', 'retainUntilCaseClosed'],
    );
    const after = await stored(item.id);
    expect(after.retainUntil).toEqual(before.retainUntil);
    expect(after).toMatchObject({ legalHold: false, retainUntilCaseClosed: false, custodySequence: before.custodySequence });
  });

  it('refuses an empty, impossible or past retainUntil and a blank reason', async () => {
    const item = await uploaded(14);
    const before = await stored(item.id);
    for (const retainUntil of ['', '2030-02-30T00:00:00Z', 'soon']) {
      const response = await patch(item.id, { retainUntil, reason: 'Bad date' });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('validation_failed');
    }
    const past = await patch(item.id, { retainUntil: yesterday().toISOString(), reason: 'Disposal agreed with the force' });
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ error: 'retain_until_in_past', requestId: expect.any(String) });
    const now = await patch(item.id, { retainUntil: new Date(Date.now() - 1000).toISOString(), reason: 'Right now' });
    expect(now.body.error).toBe('retain_until_in_past');
    const blank = await patch(item.id, { legalHold: true, reason: '     ' });
    expect(blank.status).toBe(400);
    expect(blank.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
    expect((await stored(item.id)).retainUntil).toEqual(before.retainUntil);
    expect((await stored(item.id)).legalHold).toBe(false);
  });

  it('shortening retention needs a reason and is refused under a legal hold; extending needs neither', async () => {
    const item = await uploaded(15);
    const current = (await stored(item.id)).retainUntil!;
    const sooner = new Date(current.getTime() - 30 * DAY).toISOString();
    const noReason = await patch(item.id, { retainUntil: sooner });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ error: 'reason_required', details: { from: current.toISOString(), to: sooner } });
    expect((await stored(item.id)).retainUntil).toEqual(current);
    const withReason = await patch(item.id, { retainUntil: sooner, reason: 'Force confirmed no further action' });
    expect(withReason.status).toBe(200);
    expect(withReason.body.retainUntil).toBe(sooner);
    const change = ((await http().get(`/api/v1/evidence/${item.id}/custody`).set('Authorization', who.spoc.auth)).body.events as {
      action: string;
      details: { reason: string | null; shortened?: boolean };
    }[]).filter((e) => e.action === 'retention_changed').at(-1);
    expect(change!.details).toMatchObject({ reason: 'Force confirmed no further action', shortened: true });
    const later = new Date(Date.now() + 500 * DAY).toISOString();
    expect((await patch(item.id, { retainUntil: later })).status).toBe(200);

    await patch(item.id, { legalHold: true, reason: 'Appeal lodged' });
    const underHold = await patch(item.id, { retainUntil: sooner, reason: 'Tidy up' });
    expect(underHold.status).toBe(409);
    expect(underHold.body.error).toBe('legal_hold');
    const clearAndShorten = await patch(item.id, { legalHold: false, retainUntil: sooner, reason: 'Appeal dismissed' });
    expect(clearAndShorten.status).toBe(409);
    expect(clearAndShorten.body.error).toBe('legal_hold');
    expect(await stored(item.id)).toMatchObject({ legalHold: true });
    expect((await stored(item.id)).retainUntil!.toISOString()).toBe(later);
    await patch(item.id, { legalHold: false, reason: 'Appeal dismissed' });

    // Ending "until case closed" ends an open-ended retention: a shortening.
    expect((await patch(item.id, { retainUntilCaseClosed: true })).status).toBe(200);
    const ended = await patch(item.id, { retainUntil: later });
    expect(ended.status).toBe(400);
    expect(ended.body.error).toBe('reason_required');
    expect((await patch(item.id, { retainUntil: later, reason: 'Case will not go to trial' })).body).toMatchObject({
      retainUntilCaseClosed: false,
      retainUntil: later,
    });
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
