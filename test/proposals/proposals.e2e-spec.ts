import { AuditLog } from '../../src/audit/audit-log.entity.js';
import { ESTATE_EDITORS, Role } from '../../src/auth/role.js';
import { Camera } from '../../src/cameras/camera.entity.js';
import { CameraDeployment } from '../../src/deployments/camera-deployment.entity.js';
import { Fault } from '../../src/faults/fault.entity.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { CameraProposal } from '../../src/proposals/camera-proposal.entity.js';
import { evidencePeriod } from '../../src/proposals/proposal-evidence.service.js';
import { WardMember } from '../../src/wards/ward-member.entity.js';
import { createCamera, deployed, today } from '../deployments/rdc-fixtures.js';
import { describeAuthorization } from '../support/authorization-table.js';
import { type TestUser, unique } from '../support/factories.js';
import { TestApp } from '../support/test-app.js';

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const READERS = [Role.Admin, Role.Spoc, Role.CstOfficer, Role.Auditor];

describe('camera proposals and decisions', () => {
  let app: TestApp;
  let spoc: TestUser;
  let officer: TestUser;
  let someProposalId: string;
  beforeAll(async () => {
    app = await TestApp.start();
    spoc = await app.as('spoc');
    officer = await app.as('cst_officer');
    someProposalId = (await propose({ type: 'new_camera', address: '1 Cliffe Road, Strood', ward: 'strood-rural' })).body.id;
  });
  afterAll(() => app.close());

  function propose(body: Record<string, unknown>, user: TestUser = officer) {
    return app
      .http()
      .post('/api/v1/proposals')
      .set('Authorization', user.auth)
      .send({ proposedBy: 'Cllr Pat Jones', proposerType: 'ward_member', rationale: 'Camera no longer needed here', ...body });
  }
  const startReview = (id: string, body: Record<string, unknown> = {}, user: TestUser = spoc) =>
    app.http().post(`/api/v1/proposals/${id}/review`).set('Authorization', user.auth).send(body);
  const decide = (id: string, body: Record<string, unknown>, user: TestUser = spoc) =>
    app.http().post(`/api/v1/proposals/${id}/decision`).set('Authorization', user.auth).send(body);
  /** A proposal put on the CSP's agenda, ready for a decision. */
  async function underReview(body: Record<string, unknown>): Promise<string> {
    const id = (await propose(body)).body.id as string;
    const review = await startReview(id);
    if (review.status !== 200) throw new Error(`review not started: ${review.status} ${JSON.stringify(review.body)}`);
    return id;
  }
  const openFault = (cameraId: string, description: string, status: Fault['status'] = 'open') =>
    app.dataSource.getRepository(Fault).save({
      cameraId,
      category: 'loss_of_picture',
      description,
      priority: 'red',
      status,
      source: 'manual',
      reportedAt: new Date(Date.now() - 3 * 86_400_000),
      fixedAt: status === 'fixed' ? new Date() : null,
    });
  const addMember = (wardId: string, name: string) =>
    app.dataSource.getRepository(WardMember).save({ wardId, name, email: `${unique('cllr')}@medway.example` });
  const notificationsOf = (proposalId: string) =>
    app.dataSource.getRepository(Notification).find({ where: { relatedEntityId: proposalId }, order: { recipientEmail: 'ASC' } });

  describe('submitting', () => {
    it('records a decommission proposal with the camera\'s evidence gathered automatically', async () => {
      const camera = await createCamera(app, { kind: 'fixed', wardId: 'gillingham-south', address: 'Canterbury Street, Gillingham' });
      await openFault(camera.id, 'intermittent loss of picture');
      const response = await propose({ type: 'decommission', cameraId: camera.id, proposerEmail: 'Pat.Jones@Medway.example' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        type: 'decommission',
        status: 'submitted',
        cameraId: camera.id,
        cameraAssetNumber: camera.assetNumber,
        proposedLocation: null,
        proposedBy: 'Cllr Pat Jones',
        proposerType: 'ward_member',
        proposerEmail: 'pat.jones@medway.example',
        decision: null,
        version: 1,
      });
      const period = evidencePeriod(today());
      expect(response.body.evidence).toMatchObject({
        period,
        camera: {
          assetNumber: camera.assetNumber,
          kind: 'fixed',
          status: 'operational',
          ward: 'gillingham-south',
          faults: { raisedInPeriod: expect.any(Number), open: [{ description: 'intermittent loss of picture' }] },
          activity: { months: { from: period.from.slice(0, 7), to: period.to.slice(0, 7) }, totals: { incidents: 0 } },
          evidenceRequests: { total: 0, byStatus: {} },
          notAvailable: [],
          deployments: [],
        },
      });
      expect(response.body.evidence.camera.activity.monthsWithoutFigures).toHaveLength(12);
      expect(await app.dataSource.getRepository(AuditLog).countBy({ entityId: response.body.id, action: 'proposal.create' })).toBe(1);
    });

    it('uses 12 whole months before the month of submission', () => {
      expect(evidencePeriod('2026-03-15')).toEqual({ from: '2025-03-01', to: '2026-02-28' });
      expect(evidencePeriod('2026-01-01')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    });

    it('includes an RDC\'s deployment history', async () => {
      const { camera, deployment } = await deployed(app, spoc, 40);
      const response = await propose({ type: 'redeploy', cameraId: camera.id, address: 'Station Road, Rainham', ward: 'rainham-north' });
      expect(response.status).toBe(201);
      expect(response.body.evidence.camera.deployments).toEqual([
        expect.objectContaining({ id: deployment.id, status: 'active', address: deployment.address }),
      ]);
      expect(response.body.proposedLocation).toEqual({
        address: 'Station Road, Rainham',
        ward: 'rainham-north',
        wardName: 'Rainham North',
        latitude: null,
        longitude: null,
      });
      // Other suites (the demo seeder) may have imported activity for this ward: the figures must match the report's.
      const { months } = response.body.evidence.proposedWard.activity;
      const report = await app
        .http()
        .get(`/api/v1/reports/activity?from=${months.from}&to=${months.to}&groupBy=ward`)
        .set('Authorization', spoc.auth);
      const wardRow = report.body.rows.find((row: { wardId: string }) => row.wardId === 'rainham-north');
      expect(response.body.evidence.proposedWard).toMatchObject({
        ward: 'rainham-north',
        activity: { totals: { incidents: wardRow?.incidents ?? 0, arrests: wardRow?.arrests ?? 0 } },
      });
    });

    it('records a new camera proposal from a member of the public with figures for the proposed ward', async () => {
      await createCamera(app, { kind: 'fixed', wardId: 'watling' });
      const response = await propose({
        type: 'new_camera',
        address: 'Watling Street shops, Gillingham',
        ward: 'Watling',
        latitude: 51.3746,
        longitude: 0.5662,
        proposedBy: 'A resident',
        proposerType: 'public',
        rationale: 'Repeated burglaries',
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ cameraId: null, proposedLocation: { ward: 'watling', latitude: 51.3746 } });
      expect(response.body.evidence.camera).toBeUndefined();
      expect(response.body.evidence.proposedWard.camerasInWard.fixed).toBeGreaterThanOrEqual(1);
    });

    it('refuses inconsistent or invalid proposals', async () => {
      const camera = await createCamera(app, { kind: 'fixed', wardId: 'luton' });
      const cases: [Record<string, unknown>, number, string][] = [
        [{ type: 'decommission' }, 400, 'camera_required'],
        [{ type: 'redeploy', address: 'Somewhere', ward: 'luton' }, 400, 'camera_required'],
        [{ type: 'new_camera', cameraId: camera.id, address: 'Somewhere', ward: 'luton' }, 400, 'camera_not_allowed'],
        [{ type: 'decommission', cameraId: camera.id, address: 'Somewhere' }, 400, 'location_not_allowed'],
        [{ type: 'new_camera', address: 'Somewhere' }, 400, 'location_required'],
        [{ type: 'redeploy', cameraId: camera.id, ward: 'luton' }, 400, 'location_required'],
        [{ type: 'new_camera', address: 'Somewhere', ward: 'atlantis' }, 400, 'unknown_ward'],
        [{ type: 'new_camera', address: 'Somewhere', ward: 'luton', latitude: 51.37 }, 400, 'incomplete_coordinates'],
        [{ type: 'new_camera', address: 'Somewhere', ward: 'luton', latitude: 52.2, longitude: 0.5 }, 400, 'outside_medway'],
        [{ type: 'decommission', cameraId: NO_SUCH_ID }, 400, 'unknown_camera'],
        [{ type: 'remove' }, 400, 'validation_failed'],
        [{ type: 'new_camera', address: 'Somewhere', ward: 'luton', proposerType: 'mayor' }, 400, 'validation_failed'],
        [{ type: 'new_camera', address: 'Somewhere', ward: 'luton', proposerEmail: 'not-an-email' }, 400, 'validation_failed'],
        [{ type: 'new_camera', address: 'Somewhere', ward: 'luton', status: 'approved' }, 400, 'validation_failed'],
      ];
      for (const [body, status, error] of cases) {
        const response = await propose(body);
        expect({ body, status: response.status, error: response.body.error }).toEqual({ body, status, error });
      }
      const retired = await createCamera(app, { kind: 'fixed', status: 'decommissioned', decommissionedOn: '2024-01-01' });
      const gone = await propose({ type: 'decommission', cameraId: retired.id });
      expect(gone.status).toBe(409);
      expect(gone.body.error).toBe('camera_decommissioned');

      const first = await propose({ type: 'decommission', cameraId: camera.id });
      expect(first.status).toBe(201);
      const twice = await propose({ type: 'decommission', cameraId: camera.id });
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({ error: 'proposal_already_open', details: { proposalId: first.body.id } });
    });
  });

  describe('reading', () => {
    it('lists proposals newest first with filters, and reads one; auditors may read', async () => {
      const auditor = await app.as('auditor');
      const camera = await createCamera(app, { kind: 'fixed', wardId: 'twydall' });
      const created = await propose({ type: 'decommission', cameraId: camera.id });
      const byCamera = await app.http().get(`/api/v1/proposals?cameraId=${camera.id}`).set('Authorization', auditor.auth);
      expect(byCamera.status).toBe(200);
      expect(byCamera.body).toMatchObject({ total: 1, items: [{ id: created.body.id, cameraAssetNumber: camera.assetNumber }] });

      const submitted = await app.http().get('/api/v1/proposals?status=submitted&type=decommission&limit=200').set('Authorization', auditor.auth);
      for (const item of submitted.body.items) expect(item).toMatchObject({ status: 'submitted', type: 'decommission' });
      const times = submitted.body.items.map((i: { createdAt: string }) => i.createdAt);
      expect(times).toEqual([...times].sort().reverse());

      const one = await app.http().get(`/api/v1/proposals/${created.body.id}`).set('Authorization', auditor.auth);
      expect(one.status).toBe(200);
      expect(one.body.evidence.camera.assetNumber).toBe(camera.assetNumber);
      expect((await app.http().get(`/api/v1/proposals/${NO_SUCH_ID}`).set('Authorization', auditor.auth)).status).toBe(404);
      const bad = await app.http().get('/api/v1/proposals?status=maybe').set('Authorization', auditor.auth);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('validation_failed');
    });
  });

  describe('the decision workflow', () => {
    it('moves submitted → under_review → approved and refuses any other transition with 409 invalid_transition', async () => {
      const id = (await propose({ type: 'new_camera', address: 'Rochester Esplanade', ward: 'rochester-west-and-borstal' })).body.id;
      const reviewing = await startReview(id, {}, officer);
      expect(reviewing.status).toBe(200);
      expect(reviewing.body).toMatchObject({ status: 'under_review', reviewStartedAt: expect.any(String), version: 2 });

      const again = await startReview(id);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: 'invalid_transition', details: { from: 'under_review', to: 'under_review' } });

      const approved = await decide(id, { approve: true, rationale: 'Evidence of need; funding agreed' });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        decision: {
          approved: true,
          decidedBy: spoc.id,
          decidedOn: today(),
          rationale: 'Evidence of need; funding agreed',
          body: 'Community Safety Partnership',
        },
      });

      for (const response of [
        await decide(id, { approve: false, rationale: 'Changed our minds' }),
        await startReview(id),
      ]) {
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ error: 'invalid_transition', details: { from: 'approved' } });
      }
    });

    it('refuses a decision before the CSP has the proposal under review (409 proposal_not_under_review)', async () => {
      const id = (await propose({ type: 'new_camera', address: 'Hoo St Werburgh library', ward: 'hoo-st-werburgh-and-high-halstow' })).body.id;
      for (const approve of [true, false]) {
        const early = await decide(id, { approve, rationale: 'Decided without a review' });
        expect(early.status).toBe(409);
        expect(early.body).toMatchObject({ error: 'proposal_not_under_review', details: { status: 'submitted' } });
      }
      expect(await app.dataSource.getRepository(CameraProposal).findOneByOrFail({ id })).toMatchObject({ status: 'submitted', decidedOn: null });
      expect(await app.dataSource.getRepository(AuditLog).countBy({ entityId: id, action: 'proposal.decide' })).toBe(0);
      expect((await startReview(id)).status).toBe(200);
      expect((await decide(id, { approve: true, rationale: 'Reviewed now' })).status).toBe(200);
    });

    it('records the body and meeting date given', async () => {
      const id = await underReview({ type: 'new_camera', address: 'Hoo marina', ward: 'hoo-st-werburgh-and-high-halstow' });
      const rejected = await decide(id, {
        approve: false,
        rationale: 'No crime pattern to justify it',
        body: 'Medway Community Safety Partnership board',
        decidedOn: '2025-06-12',
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        decision: { approved: false, decidedOn: '2025-06-12', body: 'Medway Community Safety Partnership board' },
      });
      const afterwards = await decide(id, { approve: true, rationale: 'Appeal' });
      expect(afterwards.body).toMatchObject({ error: 'invalid_transition', details: { from: 'rejected', to: 'approved' } });
    });

    it('refuses a stale version with 409 version_conflict and a bad decision body with 400', async () => {
      const id = (await propose({ type: 'new_camera', address: 'Chatham Waterfront', ward: 'chatham-central-and-brompton' })).body.id;
      expect((await startReview(id, { version: 1 })).status).toBe(200);
      const stale = await decide(id, { approve: true, rationale: 'Seen at version 1', version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ error: 'version_conflict', details: { currentVersion: 2 } });

      for (const body of [{ rationale: 'No approve flag' }, { approve: 'yes', rationale: 'String flag' }, { approve: true }]) {
        const response = await decide(id, body);
        expect(response.status).toBe(400);
        expect(response.body.error).toBe('validation_failed');
      }
      const future = await decide(id, { approve: true, rationale: 'Tomorrow', decidedOn: '2999-01-01' });
      expect(future.body.error).toBe('decided_on_in_future');
      expect((await decide(NO_SUCH_ID, { approve: true, rationale: 'Nothing' })).status).toBe(404);
      expect((await app.dataSource.getRepository(CameraProposal).findOneByOrFail({ id })).status).toBe('under_review');
    });

    it('lets only one of two simultaneous decisions through', async () => {
      const admin = await app.as('admin');
      const id = await underReview({ type: 'new_camera', address: 'Strood retail park', ward: 'strood-west' });
      const results = await Promise.all([
        decide(id, { approve: true, rationale: 'Agreed by the chair' }),
        decide(id, { approve: false, rationale: 'Not agreed' }, admin),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.error).toBe('invalid_transition');
    });
  });

  describe('approving a decommission', () => {
    it('retires the camera, closes its open faults and notifies every ward member with the decision and rationale', async () => {
      const ward = 'rainham-south-west';
      const camera = await createCamera(app, {
        kind: 'fixed',
        technology: 'analogue',
        status: 'faulty',
        wardId: ward,
        address: 'Cricketers car park, Rainham',
      });
      const open1 = await openFault(camera.id, 'no picture');
      const open2 = await openFault(camera.id, 'cabling damaged', 'in_progress');
      const fixed = await openFault(camera.id, 'old fault', 'fixed');
      const memberA = await addMember(ward, 'Cllr Alex Able');
      const memberB = await addMember(ward, 'Cllr Billie Baker');

      const id = (await propose({
        type: 'decommission',
        cameraId: camera.id,
        proposedBy: 'Cllr Alex Able',
        proposerEmail: memberA.email,
        rationale: 'Old analogue camera, rarely any incidents',
      })).body.id;
      expect((await startReview(id)).status).toBe(200);
      const decision = await decide(id, { approve: true, rationale: 'Analogue, end of life; low activity over 12 months' });
      expect(decision.status).toBe(200);
      expect(decision.body.status).toBe('approved');

      expect(await app.dataSource.getRepository(Camera).findOneByOrFail({ id: camera.id })).toMatchObject({
        status: 'decommissioned',
        decommissionedOn: today(),
        wardId: ward,
      });
      const faults = app.dataSource.getRepository(Fault);
      for (const fault of [open1, open2]) {
        expect(await faults.findOneByOrFail({ id: fault.id })).toMatchObject({
          status: 'closed',
          closeReason: 'camera decommissioned',
          closedAt: expect.any(Date),
        });
      }
      expect((await faults.findOneByOrFail({ id: fixed.id })).status).toBe('fixed');

      const members = await app.dataSource.getRepository(WardMember).findBy({ wardId: ward });
      const notes = await notificationsOf(id);
      // Every member of the ward, once each (the proposer is one of them, so no separate proposer message).
      expect(notes).toHaveLength(members.length);
      expect(notes.map((n) => n.recipientEmail).sort()).toEqual(members.map((m) => m.email).sort());
      for (const member of [memberA, memberB]) {
        const note = notes.find((n) => n.recipientEmail === member.email)!;
        expect(note).toMatchObject({
          kind: 'camera_decommission_decision',
          recipientName: member.name,
          status: 'pending',
          relatedEntityType: 'camera_proposal',
        });
        expect(note.subject).toContain(camera.assetNumber);
        expect(note.subject).toContain('decommissioning approved');
        expect(note.body).toContain(`Dear ${member.name}`);
        expect(note.body).toContain('Analogue, end of life; low activity over 12 months');
        expect(note.body).toContain('Community Safety Partnership');
        expect(note.body).toContain('Rainham South West');
      }

      const listed = await app
        .http()
        .get(`/api/v1/notifications?kind=camera_decommission_decision&relatedEntityId=${id}`)
        .set('Authorization', (await app.as('auditor')).auth);
      expect(listed.body.total).toBe(members.length);

      const audit = app.dataSource.getRepository(AuditLog);
      expect(await audit.countBy({ entityId: camera.id, action: 'camera.decommission' })).toBe(1);
      expect(await audit.countBy({ entityId: open1.id, action: 'fault.close' })).toBe(1);
      expect(await audit.countBy({ entityId: id, action: 'proposal.decide' })).toBe(1);

      // A retired camera can have no further proposals.
      const after = await propose({ type: 'decommission', cameraId: camera.id });
      expect(after.body.error).toBe('camera_decommissioned');
    });

    it('takes a deployed RDC off its deployment', async () => {
      const { camera, deployment } = await deployed(app, spoc, 20);
      const id = await underReview({ type: 'decommission', cameraId: camera.id, proposerType: 'officer', proposedBy: 'CCTV SPOC' });
      expect((await decide(id, { approve: true, rationale: 'Camera damaged beyond repair' })).status).toBe(200);
      expect(await app.dataSource.getRepository(CameraDeployment).findOneByOrFail({ id: deployment.id })).toMatchObject({
        status: 'closed',
        closedOn: today(),
        closedReason: 'camera decommissioned',
        outcome: null,
      });
      const review = await app
        .http()
        .post(`/api/v1/deployments/${deployment.id}/reviews`)
        .set('Authorization', spoc.auth)
        .send({ outcome: 'extend', extendWeeks: 2, notes: 'Too late' });
      expect(review.body.error).toBe('deployment_closed');
    });

    it('tells the SPOC when the camera\'s ward has no members on record', async () => {
      const camera = await createCamera(app, { kind: 'fixed', wardId: null, address: 'Unknown lane' });
      const id = await underReview({ type: 'decommission', cameraId: camera.id, proposerType: 'police', proposedBy: 'Kent Police' });
      expect((await decide(id, { approve: true, rationale: 'Not needed' })).status).toBe(200);
      const notes = await notificationsOf(id);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ kind: 'camera_decommission_decision', recipientRole: 'spoc', recipientEmail: null });
      expect(notes[0].body).toContain('No ward members are on record');
    });
  });

  describe('rejecting a decommission', () => {
    it('leaves the camera in service, tells no ward member and tells the proposer who left an email', async () => {
      const ward = 'strood-north-and-frindsbury';
      const camera = await createCamera(app, { kind: 'fixed', wardId: ward });
      await openFault(camera.id, 'still broken');
      await addMember(ward, 'Cllr Casey Clark');
      const id = await underReview({
        type: 'decommission',
        cameraId: camera.id,
        proposedBy: 'Jo Public',
        proposerType: 'public',
        proposerEmail: 'jo.public@example.com',
      });
      const decision = await decide(id, { approve: false, rationale: 'Camera covers a night-time economy hotspot' });
      expect(decision.status).toBe(200);
      expect(decision.body).toMatchObject({ status: 'rejected', decision: { approved: false } });
      expect((await app.dataSource.getRepository(Camera).findOneByOrFail({ id: camera.id })).status).toBe('operational');
      expect(await app.dataSource.getRepository(Fault).countBy({ cameraId: camera.id, status: 'open' })).toBe(1);

      const notes = await notificationsOf(id);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ kind: 'proposal_decision', recipientEmail: 'jo.public@example.com', recipientName: 'Jo Public' });
      expect(notes[0].subject).toContain('not approved');
      expect(notes[0].body).toContain('night-time economy hotspot');
    });

    it('sends nothing when nobody is to be told', async () => {
      const camera = await createCamera(app, { kind: 'fixed', wardId: 'luton' });
      const id = await underReview({ type: 'decommission', cameraId: camera.id, proposerEmail: undefined });
      expect((await decide(id, { approve: false, rationale: 'Keep it' })).status).toBe(200);
      expect(await notificationsOf(id)).toHaveLength(0);
    });
  });

  it('records an approved new camera without adding one to the registry', async () => {
    const address = `${unique('Proposed')} Road, Chatham`;
    const id = await underReview({ type: 'new_camera', address, ward: 'luton', proposerType: 'police', proposedBy: 'Kent Police' });
    expect((await decide(id, { approve: true, rationale: 'Agreed' })).status).toBe(200);
    expect(await app.dataSource.getRepository(Camera).countBy({ address })).toBe(0);
  });

  describeAuthorization('proposals', () => app, [
    { method: 'post', path: '/api/v1/proposals', allowed: ESTATE_EDITORS, body: {} },
    { method: 'get', path: '/api/v1/proposals', allowed: READERS },
    { method: 'get', path: () => `/api/v1/proposals/${someProposalId}`, allowed: READERS },
    { method: 'post', path: () => `/api/v1/proposals/${NO_SUCH_ID}/review`, allowed: ESTATE_EDITORS, body: {} },
    { method: 'post', path: () => `/api/v1/proposals/${NO_SUCH_ID}/decision`, allowed: [Role.Admin, Role.Spoc], body: {} },
  ]);
});
