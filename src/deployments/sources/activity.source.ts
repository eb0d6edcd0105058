import type { EntityManager } from 'typeorm';
import { CameraActivity } from '../../imports/camera-activity.entity.js';
import { cameraFiguresBetween } from '../../imports/camera-monthly-activity.js';
import { monthsBetween } from '../../imports/month.js';
import type { CameraEvidenceQuery, CameraEvidenceSource } from '../camera-evidence.service.js';

/** Every YYYY-MM month touched by the dates from..to. */
export const monthsFrom = (from: string, to: string): string[] => monthsBetween(from.slice(0, 7), to.slice(0, 7));

/**
 * The camera's figures from committed Kyndi monthly reports for every month the period touches (reports are
 * monthly, so a part month counts whole). Months with no committed report are listed, not taken as zero.
 */
export const activityEvidenceSource: CameraEvidenceSource = {
  key: 'activity',
  async collect(manager: EntityManager, query: CameraEvidenceQuery) {
    const from = query.from.slice(0, 7);
    const to = query.to.slice(0, 7);
    return {
      source: 'Kyndi monthly activity reports (committed imports)',
      months: { from, to },
      ...(await cameraFiguresBetween(manager, query.cameraId, from, to)),
    };
  },
};

/** Totals over the cameras now in a ward, from committed Kyndi imports for the months from..to (dates). */
export async function wardActivity(manager: EntityManager, wardId: string, from: string, to: string) {
  const months = monthsFrom(from, to);
  const row: { cameras: string; incidents: string | null; arrests: string | null; hits: string | null; reported: string } =
    await manager
      .getRepository(CameraActivity)
      .createQueryBuilder('a')
      .innerJoin('a.import', 'i')
      .innerJoin('a.camera', 'c')
      .select('count(DISTINCT a.cameraId)', 'cameras')
      .addSelect('sum(a.incidents)', 'incidents')
      .addSelect('sum(a.arrests)', 'arrests')
      .addSelect('sum(a.hits)', 'hits')
      .addSelect('count(DISTINCT a.month)', 'reported')
      .where('c.wardId = :wardId', { wardId })
      .andWhere("i.status = 'committed'")
      .andWhere('a.month IN (:...months)', { months })
      .getRawOne()
      .then((r) => r ?? { cameras: '0', incidents: null, arrests: null, hits: null, reported: '0' });
  return {
    source: 'Kyndi monthly activity reports (committed imports), cameras now in the ward',
    months: { from: months[0], to: months[months.length - 1] },
    camerasReporting: Number(row.cameras),
    monthsWithFigures: Number(row.reported),
    totals: { incidents: Number(row.incidents ?? 0), arrests: Number(row.arrests ?? 0), hits: Number(row.hits ?? 0) },
  };
}
