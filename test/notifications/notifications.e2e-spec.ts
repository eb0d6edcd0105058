import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { AuditLog } from '../../src/audit/audit-log.entity.js';
import { ALL_ROLES } from '../../src/auth/role.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { DELIVERY_JOB } from '../../src/notifications/notification-delivery.service.js';
import { NotificationsService, type NotificationRequest } from '../../src/notifications/notifications.service.js';
import { SchedulerService } from '../../src/scheduling/scheduler.service.js';
import { describeAuthorization } from '../support/authorization-table.js';
import { type TestUser, unique } from '../support/factories.js';
import { TestApp } from '../support/test-app.js';

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

interface ReceivedMail {
  from: string | null;
  to: string[];
  data: string;
}

/** A real SMTP listener on 127.0.0.1 that keeps what it is sent. */
async function startSmtp(): Promise<{ server: SMTPServer; port: number; received: ReceivedMail[] }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.server.address() as AddressInfo).port, received };
}

const stop = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));
/** Notifications of a test are told apart from the rest by their related entity: kinds are a fixed list. */
const TEST_KIND = 'kyndi_report_missing';

describe('notifications', () => {
  describe('without SMTP configured', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await TestApp.start({ SMTP_URL: '' });
    });
    afterAll(() => app.close());

    const enqueue = (request: Partial<NotificationRequest>) =>
      app.app.get(NotificationsService).enqueue({ kind: TEST_KIND, subject: 'Subject', body: 'Body', ...request });

    it('keeps pending notifications (status kept) so that they are listed through the API', async () => {
      const kind = TEST_KIND;
      const related = unique('abc');
      const queued = await enqueue({ kind, recipientRole: 'spoc', subject: 'RDC review due', relatedEntityId: related });
      expect(queued).toMatchObject({ status: 'pending' });
      const result = await app.app.get(SchedulerService).trigger(DELIVERY_JOB);
      expect(result).toMatchObject({ status: 'ran', run: { outcome: 'succeeded', result: { smtp: false, sent: 0 } } });

      const stored = await app.dataSource.getRepository(Notification).findOneByOrFail({ id: queued!.id });
      expect(stored).toMatchObject({ status: 'kept', sentAt: null, attempts: 0 });

      const spoc = await app.as('spoc');
      const listed = await app.http().get(`/api/v1/notifications?kind=${kind}&status=kept&relatedEntityId=${related}`).set('Authorization', spoc.auth);
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({
        total: 1,
        nextCursor: null,
        items: [{ id: queued!.id, kind, status: 'kept', recipientRole: 'spoc', subject: 'RDC review due', body: 'Body', relatedEntityId: related }],
      });
      const one = await app.http().get(`/api/v1/notifications/${queued!.id}`).set('Authorization', spoc.auth);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: queued!.id, status: 'kept', createdAt: expect.any(String), sentAt: null, error: null });
    });

    it('writes a notification once per kind and dedupe key', async () => {
      const kind = TEST_KIND;
      const relatedEntityId = unique('deployment');
      const first = await enqueue({ kind, relatedEntityId, dedupeKey: `${relatedEntityId}:2026-01-01` });
      const second = await enqueue({ kind, relatedEntityId, dedupeKey: `${relatedEntityId}:2026-01-01` });
      const otherKey = await enqueue({ kind, relatedEntityId, dedupeKey: `${relatedEntityId}:2026-02-01` });
      const otherKind = await enqueue({ kind: 'rdc_review_due', relatedEntityId, dedupeKey: `${relatedEntityId}:2026-01-01` });
      expect(first).not.toBeNull();
      expect(second).toBeNull();
      expect(otherKey).not.toBeNull();
      expect(otherKind).not.toBeNull();
      expect(await app.dataSource.getRepository(Notification).countBy({ kind, relatedEntityId })).toBe(2);
    });

    it('filters by status, kind, related entity and recipient, newest first, and pages with a cursor', async () => {
      const kind = TEST_KIND;
      const related = unique('list');
      const email = `${unique('member')}@medway.example`;
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) ids.push((await enqueue({ kind, subject: `Message ${i}`, recipientEmail: email, relatedEntityId: related }))!.id);
      await enqueue({ kind: 'rdc_review_due', subject: 'Another kind', recipientEmail: email, relatedEntityId: related });
      const admin = await app.as('admin');
      const first = await app.http().get(`/api/v1/notifications?kind=${kind}&relatedEntityId=${related}&limit=2`).set('Authorization', admin.auth);
      expect(first.body.total).toBe(3);
      expect(first.body.items.map((i: { subject: string }) => i.subject)).toEqual(['Message 2', 'Message 1']);
      const second = await app
        .http()
        .get(`/api/v1/notifications?kind=${kind}&relatedEntityId=${related}&limit=2&cursor=${first.body.nextCursor}`)
        .set('Authorization', admin.auth);
      expect(second.body.items.map((i: { subject: string }) => i.subject)).toEqual(['Message 0']);
      expect(second.body.nextCursor).toBeNull();

      const byRecipient = await app
        .http()
        .get(`/api/v1/notifications?recipientEmail=${email.toUpperCase()}`)
        .set('Authorization', admin.auth);
      expect(byRecipient.body.total).toBe(4);
      const pending = await app.http().get(`/api/v1/notifications?kind=${kind}&relatedEntityId=${related}&status=sent`).set('Authorization', admin.auth);
      expect(pending.body.total).toBe(0);
    });

    it('refuses bad filters and ids with 400, unknown ids with 404', async () => {
      const auditor = await app.as('auditor');
      for (const query of ['status=lost', 'kind=Not-A-Kind', 'kind=rdc_review', 'recipientEmail=nobody', 'limit=0', 'colour=red']) {
        const response = await app.http().get(`/api/v1/notifications?${query}`).set('Authorization', auditor.auth);
        expect({ query, status: response.status, error: response.body.error }).toEqual({ query, status: 400, error: 'validation_failed' });
      }
      expect((await app.http().get('/api/v1/notifications/42').set('Authorization', auditor.auth)).body.error).toBe('invalid_id');
      const missing = await app.http().get(`/api/v1/notifications/${NO_SUCH_ID}`).set('Authorization', auditor.auth);
      expect(missing.status).toBe(404);
      expect(missing.body.error).toBe('not_found');
    });

    it('is delivered by a job that runs every minute', () => {
      expect(app.app.get(SchedulerService).list().find((j) => j.name === DELIVERY_JOB)).toMatchObject({ cron: '* * * * *' });
    });

    describe("everyone's own notifications, without SMTP", () => {
      const list = (user: TestUser, query = '') => app.http().get(`/api/v1/notifications?${query}`).set('Authorization', user.auth);
      const ids = (response: { body: { items: { id: string }[] } }) => response.body.items.map((i) => i.id);

      it("shows a police officer what was sent to them, and nothing of another officer's or another force's", async () => {
        const kent = await app.as('police_officer', 'kent');
        const kentColleague = await app.as('police_officer', 'kent-colleague');
        const essex = await app.as('police_officer', 'essex');
        const related = unique('request');
        // Addressed by email, as the evidence workflow does: the account holding the address is found.
        const decided = await enqueue({ kind: 'evidence_request_decided', recipientEmail: kent.email.toUpperCase(), relatedEntityId: related });
        const toEssex = await enqueue({ kind: 'evidence_request_decided', recipientEmail: essex.email, relatedEntityId: related });
        const toSpoc = await enqueue({ kind: 'evidence_request_submitted', recipientRole: 'spoc', relatedEntityId: related });
        // A role spans every force, so police never see role-addressed notifications.
        const toPolice = await enqueue({ recipientRole: 'police_officer', relatedEntityId: related });
        expect(decided!.recipientUserId).toBe(kent.id);

        const mine = await list(kent, `relatedEntityId=${related}`);
        expect(mine.status).toBe(200);
        expect(mine.body).toMatchObject({ total: 1, items: [{ id: decided!.id, kind: 'evidence_request_decided', readAt: null }] });
        expect(ids(await list(essex, `relatedEntityId=${related}`))).toEqual([toEssex!.id]);
        expect((await list(kentColleague, `relatedEntityId=${related}`)).body.total).toBe(0);

        for (const other of [toEssex!, toSpoc!, toPolice!]) {
          const one = await app.http().get(`/api/v1/notifications/${other.id}`).set('Authorization', kent.auth);
          expect(one.status).toBe(404);
          const read = await app.http().post(`/api/v1/notifications/${other.id}/read`).set('Authorization', kent.auth);
          expect(read.status).toBe(404);
        }
        const outbox = await list(kent, 'scope=all');
        expect(outbox.status).toBe(403);
        expect(outbox.body.error).toBe('forbidden');
      });

      it("shows a Kyndi operator their role's notifications, each read by each operator in turn", async () => {
        const first = await app.as('kyndi_operator', 'first');
        const second = await app.as('kyndi_operator', 'second');
        const related = unique('request');
        const approved = await enqueue({ kind: 'evidence_request_approved', recipientRole: 'kyndi_operator', relatedEntityId: related });
        await enqueue({ kind: 'evidence_request_submitted', recipientRole: 'spoc', relatedEntityId: related });
        for (const operator of [first, second]) {
          expect(ids(await list(operator, `relatedEntityId=${related}`))).toEqual([approved!.id]);
        }

        const marked = await app.http().post(`/api/v1/notifications/${approved!.id}/read`).set('Authorization', first.auth);
        expect(marked.status).toBe(200);
        expect(marked.body).toMatchObject({ id: approved!.id, readAt: expect.any(String) });
        const again = await app.http().post(`/api/v1/notifications/${approved!.id}/read`).set('Authorization', first.auth);
        expect(again.body.readAt).toBe(marked.body.readAt);

        expect((await list(first, `relatedEntityId=${related}`)).body.items[0].readAt).toBe(marked.body.readAt);
        expect((await list(first, `relatedEntityId=${related}&unread=true`)).body.total).toBe(0);
        expect((await list(first, `relatedEntityId=${related}&unread=false`)).body.total).toBe(1);
        // The other operator has not read it.
        expect((await list(second, `relatedEntityId=${related}&unread=true`)).body.items).toEqual([
          expect.objectContaining({ id: approved!.id, readAt: null }),
        ]);
        const audit = await app.dataSource.getRepository(AuditLog).findBy({ entityId: approved!.id, action: 'notification.read' });
        expect(audit.map((a) => a.actorId)).toEqual([first.id]);
      });

      it('keeps the whole outbox for council staff and auditors, and gives them their own with scope=mine', async () => {
        const spoc = await app.as('spoc');
        const related = unique('outbox');
        const toSpoc = await enqueue({ kind: 'rdc_review_due', recipientRole: 'spoc', relatedEntityId: related });
        const toMember = await enqueue({ kind: 'camera_decommission_decision', recipientEmail: `${unique('cllr')}@medway.example`, relatedEntityId: related });
        expect(ids(await list(spoc, `relatedEntityId=${related}`)).sort()).toEqual([toSpoc!.id, toMember!.id].sort());
        expect(ids(await list(spoc, `relatedEntityId=${related}&scope=mine`))).toEqual([toSpoc!.id]);
        const auditor = await app.as('auditor');
        expect((await list(auditor, `relatedEntityId=${related}&scope=all`)).body.total).toBe(2);
        expect((await list(auditor, `relatedEntityId=${related}&scope=mine`)).body.total).toBe(0);
        for (const query of ['scope=everyone', 'unread=maybe']) expect((await list(auditor, query)).status).toBe(400);
      });
    });

    describeAuthorization('notifications', () => app, [
      { method: 'get', path: '/api/v1/notifications', allowed: ALL_ROLES },
      { method: 'get', path: `/api/v1/notifications/${NO_SUCH_ID}`, allowed: ALL_ROLES },
      { method: 'post', path: `/api/v1/notifications/${NO_SUCH_ID}/read`, allowed: ALL_ROLES },
    ]);
  });

  describe('with SMTP configured', () => {
    let app: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    beforeAll(async () => {
      smtp = await startSmtp();
      app = await TestApp.start({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'cctv@medway.example' });
    });
    afterAll(async () => {
      await app.close();
      await stop(smtp.server).catch(() => undefined);
    });

    const enqueue = (request: Partial<NotificationRequest>) =>
      app.app.get(NotificationsService).enqueue({ kind: TEST_KIND, subject: 'Subject', body: 'Body', ...request });
    const deliver = async () => {
      const result = await app.app.get(SchedulerService).trigger(DELIVERY_JOB);
      expect(result).toMatchObject({ status: 'ran', run: { outcome: 'succeeded', result: { smtp: true } } });
    };
    const stored = (id: string) => app.dataSource.getRepository(Notification).findOneByOrFail({ id });
    const mailWithSubject = (subject: string) => smtp.received.filter((m) => m.data.includes(`Subject: ${subject}`));

    it('sends a notification to a named person and marks it sent', async () => {
      const subject = `Decommissioning approved ${unique('cam')}`;
      const email = `${unique('cllr')}@medway.example`;
      const queued = await enqueue({ subject, recipientEmail: email, recipientName: 'Cllr Alex Able', body: 'Dear Cllr Able,\n\nThe decision.' });
      await deliver();

      expect(await stored(queued!.id)).toMatchObject({ status: 'sent', error: null, attempts: 1, sentAt: expect.any(Date) });
      const mails = mailWithSubject(subject);
      expect(mails).toHaveLength(1);
      expect(mails[0].from).toBe('cctv@medway.example');
      expect(mails[0].to).toEqual([email]);
      expect(mails[0].data).toContain(`To: Cllr Alex Able <${email}>`);
      expect(mails[0].data).toContain('From: cctv@medway.example');
      expect(mails[0].data).toContain('The decision.');

      // Delivered once: a later run does not send it again.
      await deliver();
      expect(mailWithSubject(subject)).toHaveLength(1);
    });

    it('sends a role\'s notification to every enabled user with that role', async () => {
      const auditor = await app.as('auditor');
      const spoc = await app.as('spoc');
      const subject = `For auditors ${unique('n')}`;
      const queued = await enqueue({ subject, recipientRole: 'auditor' });
      await deliver();
      expect((await stored(queued!.id)).status).toBe('sent');
      const [mail] = mailWithSubject(subject);
      expect(mail.to).toContain(auditor.email);
      expect(mail.to).not.toContain(spoc.email);
    });

    it('keeps a notification that has no address to send to', async () => {
      const queued = await enqueue({ subject: `Nobody ${unique('n')}` });
      await deliver();
      expect(await stored(queued!.id)).toMatchObject({ status: 'kept', error: expect.stringContaining('No recipient') });
    });

    it('picks up a notification left mid-send by a run that died, but not one another run is sending now', async () => {
      const repository = app.dataSource.getRepository(Notification);
      const abandonedSubject = `Abandoned ${unique('n')}`;
      const inFlightSubject = `In flight ${unique('n')}`;
      const abandoned = await enqueue({ subject: abandonedSubject, recipientEmail: 'a@medway.example' });
      const inFlight = await enqueue({ subject: inFlightSubject, recipientEmail: 'b@medway.example' });
      await repository.update({ id: abandoned!.id }, { status: 'sending', attempts: 1, lastAttemptAt: new Date(Date.now() - 30 * 60_000) });
      await repository.update({ id: inFlight!.id }, { status: 'sending', attempts: 1, lastAttemptAt: new Date() });
      await deliver();
      expect(await stored(abandoned!.id)).toMatchObject({ status: 'sent', attempts: 2 });
      expect(await stored(inFlight!.id)).toMatchObject({ status: 'sending', attempts: 1 });
      expect(mailWithSubject(abandonedSubject)).toHaveLength(1);
      expect(mailWithSubject(inFlightSubject)).toHaveLength(0);
    });

    it('marks notifications failed, with the error, when the SMTP server is down', async () => {
      await stop(smtp.server);
      const queued = await enqueue({ subject: `Server down ${unique('n')}`, recipientEmail: 'cllr@medway.example' });
      await deliver();
      const failed = await stored(queued!.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
      expect(failed.error).toMatch(/ECONNREFUSED|connect/i);

      const admin = await app.as('admin');
      const listed = await app.http().get(`/api/v1/notifications/${queued!.id}`).set('Authorization', admin.auth);
      expect(listed.body).toMatchObject({ status: 'failed', error: failed.error, attempts: 1 });
    });
  });
});
