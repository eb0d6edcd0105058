import type { EntityManager } from 'typeorm';
import { cameraFiguresBetween, wardFigures } from '../../imports/camera-monthly-activity.js';
import type { CameraEvidenceQuery, CameraEvidenceSource } from '../camera-evidence.service.js';

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

/** Totals recorded in a ward (by the cameras in it at the time), from committed Kyndi imports for the months from..to (dates). */
export async function wardActivity(manager: EntityManager, wardId: string, from: string, to: string) {
  const months = { from: from.slice(0, 7), to: to.slice(0, 7) };
  const ward = await wardFigures(manager, wardId, months.from, months.to);
  return {
    source: 'Kyndi monthly activity reports (committed imports), cameras in the ward in those months',
    months,
    camerasReporting: ward.cameras,
    monthsWithFigures: ward.monthsReported,
    totals: { incidents: ward.incidents, arrests: ward.arrests, hits: ward.hits },
  };
}
