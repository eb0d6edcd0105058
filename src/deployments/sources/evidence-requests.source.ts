import type { EntityManager } from 'typeorm';
import { EvidenceRequest } from '../../evidence/entities/evidence-request.entity.js';
import type { CameraEvidenceQuery, CameraEvidenceSource } from '../camera-evidence.service.js';

/**
 * Police requests for footage naming the camera whose window overlaps the period. Counts only: reviews and
 * proposals are read more widely than the requests themselves (a force sees only its own), so no references.
 */
export const evidenceRequestsSource: CameraEvidenceSource = {
  key: 'evidenceRequests',
  async collect(manager: EntityManager, query: CameraEvidenceQuery) {
    const rows: { status: string; offenceType: string; count: string }[] = await manager
      .getRepository(EvidenceRequest)
      .createQueryBuilder('r')
      .select('r.status', 'status')
      .addSelect('r.offenceType', 'offenceType')
      .addSelect('count(*)', 'count')
      .where(':cameraId = ANY(r.cameraIds)', { cameraId: query.cameraId })
      .andWhere("r.windowEnd >= (:from::date AT TIME ZONE 'Europe/London')", { from: query.from })
      .andWhere("r.windowStart < ((:to::date + 1) AT TIME ZONE 'Europe/London')", { to: query.to })
      .groupBy('r.status')
      .addGroupBy('r.offenceType')
      .getRawMany();
    const byStatus: Record<string, number> = {};
    const byOffenceType: Record<string, number> = {};
    for (const row of rows) {
      const count = Number(row.count);
      byStatus[row.status] = (byStatus[row.status] ?? 0) + count;
      byOffenceType[row.offenceType] = (byOffenceType[row.offenceType] ?? 0) + count;
    }
    return {
      source: 'Police evidence requests naming the camera, footage window overlapping the period',
      total: Object.values(byStatus).reduce((sum, n) => sum + n, 0),
      byStatus,
      byOffenceType,
    };
  },
};
