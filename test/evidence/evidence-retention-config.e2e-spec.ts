import { EvidenceItem } from '../../src/evidence/entities/evidence-item.entity.js';
import { TestApp } from '../support/test-app.js';
import { addItem, cast, content, createCamera, putContent, raiseApprovedRequest } from './evidence-fixtures.js';

const DAY = 24 * 3600 * 1000;

describe('evidence retention configuration', () => {
  it('gives uploaded evidence EVIDENCE_RETENTION_DAYS when set', async () => {
    const app = await TestApp.start({ EVIDENCE_RETENTION_DAYS: '365' });
    try {
      const who = await cast(app, 'retention-config');
      const camera = await createCamera(app);
      const request = await raiseApprovedRequest(app, who, camera.id);
      const item = await addItem(app, who.operator, request.id, camera.id);
      expect((await putContent(app, who.operator, item.id, content(10_000, 7))).status).toBe(200);
      const stored = await app.dataSource.getRepository(EvidenceItem).findOneByOrFail({ id: item.id });
      expect(stored.retainUntil!.getTime() - stored.uploadedAt!.getTime()).toBe(365 * DAY);
    } finally {
      await app.close();
    }
  });

  it('keeps deleted evidence in the recycle bin for EVIDENCE_DELETION_GRACE_DAYS', async () => {
    const app = await TestApp.start({ EVIDENCE_DELETION_GRACE_DAYS: '3' });
    try {
      const who = await cast(app, 'retention-grace');
      const camera = await createCamera(app);
      const request = await raiseApprovedRequest(app, who, camera.id);
      const item = await addItem(app, who.operator, request.id, camera.id);
      expect((await putContent(app, who.operator, item.id, content(10_000, 8))).status).toBe(200);
      const deleted = await app.http().delete(`/api/v1/evidence/${item.id}`).set('Authorization', who.spoc.auth).send({ reason: 'Duplicate export' });
      expect(deleted.status).toBe(200);
      const graceMs = new Date(deleted.body.deletionDueAt).getTime() - Date.now();
      expect(graceMs).toBeGreaterThan(3 * DAY - 60_000);
      expect(graceMs).toBeLessThanOrEqual(3 * DAY);
    } finally {
      await app.close();
    }
  });
});
