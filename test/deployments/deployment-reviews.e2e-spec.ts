import { AuditLog } from '../../src/audit/audit-log.entity.js';
import { Camera } from '../../src/cameras/camera.entity.js';
import { CameraEvidenceService } from '../../src/deployments/camera-evidence.service.js';
import { CameraDeployment } from '../../src/deployments/camera-deployment.entity.js';
import { DeploymentReview } from '../../src/deployments/deployment-review.entity.js';
import { EvidenceRequest } from '../../src/evidence/entities/evidence-request.entity.js';
import { Fault } from '../../src/faults/fault.entity.js';
import { CameraActivity } from '../../src/imports/camera-activity.entity.js';
import { KyndiImport } from '../../src/imports/kyndi-import.entity.js';
import type { TestUser } from '../support/factories.js';
import { TestApp } from '../support/test-app.js';
import { randomUUID } from 'node:crypto';
import { LUTON_ROAD, addDays, deploy, deployed, today } from './rdc-fixtures.js';

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

describe('RDC 12-week reviews', () => {
  let app: TestApp;
  let spoc: TestUser;
  beforeAll(async () => {
    app = await TestApp.start();
    spoc = await app.as('spoc');
  });
  afterAll(() => app.close());

  const review = (deploymentId: string, body: Record<string, unknown>, user: TestUser = spoc) =>
    app.http().post(`/api/v1/deployments/${deploymentId}/reviews`).set('Authorization', user.auth).send(body);
  const cameraOf = (id: string) => app.dataSource.getRepository(Camera).findOneByOrFail({ id });

  describe('extend', () => {
    it('moves an overdue review to today + extendWeeks and records who attended and what they saw', async () => {
      const { camera, deployment } = await deployed(app, spoc, 100); // due 16 days ago
      await app.dataSource.getRepository(Fault).save({
        cameraId: camera.id,
        category: 'communications',
        description: 'no 4G signal overnight',
        priority: 'amber',
        status: 'open',
        source: 'manual',
        reportedAt: new Date(Date.now() - 5 * 86_400_000),
      });
      const attendees = [
        { name: 'Sam Patel', organisation: 'Medway Council', role: 'CCTV SPOC' },
        { name: 'PC Jo Smith', organisation: 'Kent Police' },
      ];
      const response = await review(deployment.id, {
        outcome: 'extend',
        extendWeeks: 4,
        notes: 'Incidents continue; police ask for four more weeks',
        attendees,
        version: deployment.version,
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        deploymentId: deployment.id,
        outcome: 'extend',
        extendWeeks: 4,
        reviewedOn: today(),
        previousReviewDueOn: addDays(today(), -16),
        newReviewDueOn: addDays(today(), 28),
        reviewerId: spoc.id,
        attendees: [attendees[0], { ...attendees[1], role: null }],
        deployment: { status: 'active', reviewDueOn: addDays(today(), 28), daysUntilReview: 28, version: deployment.version + 1 },
      });
      const evidence = response.body.evidenceConsidered;
      expect(evidence).toMatchObject({
        period: { from: addDays(today(), -100), to: today() },
        deployment: { deployedOn: addDays(today(), -100), daysDeployed: 100, earlierReviews: 0 },
        faults: {
          raisedInPeriod: 1,
          raisedInPeriodByCategory: { communications: 1 },
          open: [{ category: 'communications', description: 'no 4G signal overnight' }],
        },
      });
      // Until the monthly-import and evidence features register their figures, the snapshot says so.
      for (const key of evidence.notAvailable) expect(evidence[key]).toBeNull();

      // An extension leaves the camera where it is.
      expect(await cameraOf(camera.id)).toMatchObject({ kind: 'rapid_deployment', address: LUTON_ROAD.address, wardId: 'luton' });
      const audit = await app.dataSource.getRepository(AuditLog).findBy({ entityId: deployment.id, action: 'deployment.review' });
      expect(audit).toHaveLength(1);
    });

    it('extends a review not yet due from its due date, not from today', async () => {
      const { deployment } = await deployed(app, spoc, 79); // due in 5 days
      const response = await review(deployment.id, { outcome: 'extend', extendWeeks: 2, notes: 'Extend' });
      expect(response.status).toBe(201);
      expect(response.body.newReviewDueOn).toBe(addDays(today(), 5 + 14));
      const stored = await app.dataSource.getRepository(CameraDeployment).findOneByOrFail({ id: deployment.id });
      expect(stored.reviewDueOn).toBe(addDays(today(), 19));

      const second = await review(deployment.id, { outcome: 'extend', extendWeeks: 1, notes: 'Again' });
      expect(second.body.evidenceConsidered.deployment.earlierReviews).toBe(1);
      expect(second.body.newReviewDueOn).toBe(addDays(today(), 26));
    });

    it('requires extendWeeks (1–52) to extend and refuses it for other outcomes', async () => {
      const { deployment } = await deployed(app, spoc, 10);
      const missing = await review(deployment.id, { outcome: 'extend', notes: 'How long?' });
      expect(missing.status).toBe(400);
      expect(missing.body.error).toBe('extend_weeks_required');
      for (const extendWeeks of [0, 53, 2.5, '4']) {
        const bad = await review(deployment.id, { outcome: 'extend', extendWeeks, notes: 'x' });
        expect({ extendWeeks, status: bad.status, error: bad.body.error }).toEqual({ extendWeeks, status: 400, error: 'validation_failed' });
      }
      const notAllowed = await review(deployment.id, { outcome: 'remove', extendWeeks: 4, notes: 'x' });
      expect(notAllowed.status).toBe(400);
      expect(notAllowed.body.error).toBe('extend_weeks_not_allowed');
      expect(await app.dataSource.getRepository(DeploymentReview).countBy({ deploymentId: deployment.id })).toBe(0);
    });

    it('validates outcome, notes, attendees and reviewedOn', async () => {
      const { deployment } = await deployed(app, spoc, 10);
      const cases: [Record<string, unknown>, string][] = [
        [{ outcome: 'keep', notes: 'x' }, 'outcome'],
        [{ outcome: 'remove' }, 'notes'],
        [{ outcome: 'remove', notes: 'x', attendees: [{ name: 'No organisation' }] }, 'attendees.0.organisation'],
        [{ outcome: 'remove', notes: 'x', reviewedOn: 'yesterday' }, 'reviewedOn'],
        [{ outcome: 'remove', notes: 'x', version: 'one' }, 'version'],
      ];
      for (const [body, field] of cases) {
        const response = await review(deployment.id, body);
        expect(response.status).toBe(400);
        expect(response.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
      const future = await review(deployment.id, { outcome: 'remove', notes: 'x', reviewedOn: addDays(today(), 1) });
      expect(future.body.error).toBe('reviewed_on_in_future');
      const early = await review(deployment.id, { outcome: 'remove', notes: 'x', reviewedOn: addDays(today(), -11) });
      expect(early.body.error).toBe('reviewed_before_deployment');
      expect((await review(NO_SUCH_ID, { outcome: 'remove', notes: 'x' })).status).toBe(404);
    });
  });

  describe('remove', () => {
    it('closes the deployment and returns the camera to the pool; a closed deployment cannot be reviewed again', async () => {
      const { camera, deployment } = await deployed(app, spoc, 84);
      const reviewedOn = addDays(today(), -1);
      const response = await review(deployment.id, { outcome: 'remove', notes: 'Problem displaced; remove', reviewedOn });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        outcome: 'remove',
        newReviewDueOn: null,
        deployment: { status: 'closed', closedOn: reviewedOn, outcome: 'remove', closedReason: 'removed after review', daysUntilReview: null },
      });
      expect(await cameraOf(camera.id)).toMatchObject({
        kind: 'rapid_deployment',
        status: 'in_stock',
        address: 'RDC store',
        wardId: null,
        latitude: null,
        longitude: null,
      });
      const audit = await app.dataSource.getRepository(AuditLog).findOneByOrFail({ entityId: camera.id, action: 'camera.return_to_pool' });
      expect(audit.before).toMatchObject({ status: 'operational', ward: 'luton' });

      const again = await review(deployment.id, { outcome: 'extend', extendWeeks: 2, notes: 'Too late' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: 'deployment_closed', details: { closedOn: reviewedOn, outcome: 'remove' } });

      // Back in the pool, the camera can go out again.
      const redeploy = await deploy(app, spoc, camera, 0, { address: '1 Pottery Road, Hoo St Werburgh', ward: 'hoo-st-werburgh-and-high-halstow' });
      expect(redeploy.status).toBe(201);
      expect((await cameraOf(camera.id)).address).toBe('1 Pottery Road, Hoo St Werburgh');
    });
  });

  describe('make permanent', () => {
    it('closes the deployment and the camera joins the fixed estate where it stands, keeping its asset number', async () => {
      const { camera, deployment } = await deployed(app, spoc, 84);
      const fixedBefore = await app.dataSource.getRepository(Camera).countBy({ kind: 'fixed' });
      const summary = async () =>
        (await app.http().get('/api/v1/cameras/summary').set('Authorization', spoc.auth)).body.byKind as Record<string, number>;
      const countsBefore = await summary();
      const response = await review(deployment.id, { outcome: 'make_permanent', notes: 'Long-term hotspot' });
      expect(response.status).toBe(201);
      expect(response.body.deployment).toMatchObject({ status: 'closed', outcome: 'make_permanent', closedReason: 'made permanent after review' });
      expect(await cameraOf(camera.id)).toMatchObject({
        assetNumber: camera.assetNumber,
        kind: 'fixed',
        status: 'operational',
        address: LUTON_ROAD.address,
        wardId: 'luton',
        latitude: LUTON_ROAD.latitude,
        longitude: LUTON_ROAD.longitude,
        tags: ['former-rdc'],
      });
      expect(await app.dataSource.getRepository(Camera).countBy({ kind: 'fixed' })).toBe(fixedBefore + 1);
      // The summary's counts change accordingly: one more fixed camera, one fewer RDC.
      const countsAfter = await summary();
      expect(countsAfter.fixed).toBe(countsBefore.fixed + 1);
      expect(countsAfter.rapid_deployment).toBe(countsBefore.rapid_deployment - 1);

      const redeploy = await deploy(app, spoc, camera);
      expect(redeploy.status).toBe(400);
      expect(redeploy.body.error).toBe('not_rapid_deployment_camera');
      const again = await review(deployment.id, { outcome: 'remove', notes: 'Changed our minds' });
      expect(again.body.error).toBe('deployment_closed');
    });
  });

  describe('concurrent edits', () => {
    it('refuses a review carrying a stale version with 409 version_conflict', async () => {
      const { deployment } = await deployed(app, spoc, 80);
      const first = await review(deployment.id, { outcome: 'extend', extendWeeks: 2, notes: 'First', version: deployment.version });
      expect(first.status).toBe(201);
      const stale = await review(deployment.id, { outcome: 'remove', notes: 'Based on an old page', version: deployment.version });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ error: 'version_conflict', details: { currentVersion: deployment.version + 1 } });
      const fresh = await review(deployment.id, { outcome: 'remove', notes: 'Reloaded', version: deployment.version + 1 });
      expect(fresh.status).toBe(201);
    });

    it('applies only one of two simultaneous reviews of the same version', async () => {
      const officer = await app.as('cst_officer');
      const { deployment } = await deployed(app, spoc, 80);
      const results = await Promise.all([
        review(deployment.id, { outcome: 'extend', extendWeeks: 4, notes: 'SPOC says extend', version: deployment.version }),
        review(deployment.id, { outcome: 'extend', extendWeeks: 8, notes: 'Officer says extend more', version: deployment.version }, officer),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(await app.dataSource.getRepository(DeploymentReview).countBy({ deploymentId: deployment.id })).toBe(1);
      const winner = results.find((r) => r.status === 201)!;
      const stored = await app.dataSource.getRepository(CameraDeployment).findOneByOrFail({ id: deployment.id });
      expect(stored.reviewDueOn).toBe(winner.body.newReviewDueOn);
    });

    it('closes a deployment once when two removals race without versions', async () => {
      const { deployment } = await deployed(app, spoc, 80);
      const results = await Promise.all([
        review(deployment.id, { outcome: 'remove', notes: 'Remove' }),
        review(deployment.id, { outcome: 'make_permanent', notes: 'Keep' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)!.body.error).toBe('deployment_closed');
      expect(await app.dataSource.getRepository(DeploymentReview).countBy({ deploymentId: deployment.id })).toBe(1);
    });
  });

  it('puts the camera\'s Kyndi activity during the deployment in the evidence, from committed imports only', async () => {
    // A year no other suite reports on: one committed import counts per month across the whole database.
    const year = 1900 + Math.floor(Math.random() * 99);
    const { camera, deployment } = await deployed(app, spoc, 0, { deployedOn: `${year}-03-15` });
    const importFor = async (month: string, status: 'committed' | 'superseded', counts: Partial<CameraActivity>) => {
      const saved = await app.dataSource.getRepository(KyndiImport).save({
        id: randomUUID(),
        month,
        monthSource: 'parameter',
        status,
        fileName: `kyndi-${month}.csv`,
        fileType: 'csv',
        fileSha256: '0'.repeat(64),
        fileSize: 100,
        importedById: spoc.id,
        importedByOrganisationId: spoc.organisationId,
        importedAt: new Date(),
        rows: 1,
        totals: { incidents: 0, arrests: 0, hits: 0, faults: 0 },
        errors: [],
        warnings: [],
        faults: [],
      } as unknown as KyndiImport);
      await app.dataSource.getRepository(CameraActivity).save({
        importId: saved.id,
        cameraId: camera.id,
        month,
        incidents: 0,
        arrests: 0,
        hits: 0,
        faults: 0,
        sourceRow: 2,
        ...counts,
      });
    };
    await importFor(`${year}-03`, 'committed', { incidents: 4, arrests: 1, hits: 2 });
    await importFor(`${year}-04`, 'committed', { incidents: 6, arrests: 2, hits: 5, faults: 1 });
    await importFor(`${year}-04`, 'superseded', { incidents: 100 });

    const response = await review(deployment.id, { outcome: 'remove', notes: 'Figures reviewed', reviewedOn: `${year}-05-20` });
    expect(response.status).toBe(201);
    const evidence = response.body.evidenceConsidered;
    expect(evidence.activity).toEqual({
      source: 'Kyndi monthly activity reports (committed imports)',
      months: { from: `${year}-03`, to: `${year}-05` },
      totals: { incidents: 10, arrests: 3, hits: 7, faults: 1 },
      byMonth: [
        { month: `${year}-03`, incidents: 4, arrests: 1, hits: 2, faults: 0 },
        { month: `${year}-04`, incidents: 6, arrests: 2, hits: 5, faults: 1 },
      ],
      monthsWithoutFigures: [`${year}-05`],
    });
    expect(evidence.notAvailable).not.toContain('activity');
  });

  it('counts the police evidence requests for the camera whose footage window overlaps the deployment', async () => {
    const police = await app.as('police_officer');
    const { camera, deployment } = await deployed(app, spoc, 30);
    const other = await deployed(app, spoc, 30);
    const request = (cameraIds: string[], daysAgoStart: number, status: EvidenceRequest['status'], offenceType: string) =>
      app.dataSource.getRepository(EvidenceRequest).save({
        crimeReference: `46/${Math.floor(Math.random() * 1e6)}/25`,
        offenceType,
        cameraIds,
        windowStart: new Date(Date.now() - daysAgoStart * 86_400_000),
        windowEnd: new Date(Date.now() - daysAgoStart * 86_400_000 + 3_600_000),
        purpose: 'Investigation',
        lawfulBasis: 'DPA 2018 s.35',
        urgency: 'routine',
        status,
        mayBeOverwritten: false,
        requestedById: police.id,
        organisationId: police.organisationId,
      } as EvidenceRequest);
    await request([camera.id], 10, 'approved', 'robbery');
    await request([other.camera.id, camera.id], 3, 'submitted', 'assault');
    await request([camera.id], 45, 'fulfilled', 'robbery'); // before the deployment
    await request([other.camera.id], 5, 'approved', 'robbery');

    const response = await review(deployment.id, { outcome: 'remove', notes: 'Two requests during deployment' });
    expect(response.status).toBe(201);
    expect(response.body.evidenceConsidered.evidenceRequests).toEqual({
      source: 'Police evidence requests naming the camera, footage window overlapping the period',
      total: 2,
      byStatus: { approved: 1, submitted: 1 },
      byOffenceType: { robbery: 1, assault: 1 },
    });
    expect(response.body.evidenceConsidered.notAvailable).toEqual([]);
    expect(JSON.stringify(response.body.evidenceConsidered)).not.toContain('46/');
  });

  it('snapshots figures from registered evidence sources (the hook for monthly activity and evidence requests)', async () => {
    const { camera, deployment } = await deployed(app, spoc, 30);
    const seen: unknown[] = [];
    app.app.get(CameraEvidenceService).registerSource({
      key: `testFigures_${camera.id.slice(0, 8)}`,
      collect: async (_manager, query) => {
        seen.push(query);
        return query.cameraId === camera.id ? { incidents: 7 } : null;
      },
    });
    const response = await review(deployment.id, { outcome: 'remove', notes: 'With figures' });
    expect(response.status).toBe(201);
    expect(response.body.evidenceConsidered[`testFigures_${camera.id.slice(0, 8)}`]).toEqual({ incidents: 7 });
    expect(seen).toContainEqual({ cameraId: camera.id, assetNumber: camera.assetNumber, from: addDays(today(), -30), to: today() });
    const detail = await app.http().get(`/api/v1/deployments/${deployment.id}`).set('Authorization', spoc.auth);
    expect(detail.body.reviews[0].evidenceConsidered[`testFigures_${camera.id.slice(0, 8)}`]).toEqual({ incidents: 7 });
  });
});
