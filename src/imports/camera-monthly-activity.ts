import type { EntityManager } from 'typeorm';
import type { ActivityFigures } from './activity-figures.dto.js';
import { addMonths, londonToday, monthsBetween } from './month.js';

/** The activity rows that count: those of committed Kyndi imports (not previews, rejected or superseded ones). */
export const COUNTED_ACTIVITY = `camera_activity a JOIN kyndi_import i ON i.id = a.import_id AND i.status = 'committed'`;

export interface MonthFigures extends ActivityFigures {
  month: string;
}

export interface CameraMonth extends MonthFigures {
  faultText: string | null;
  importId: string;
}

/** The four figures of a raw SQL row (sums arrive as strings, missing ones as null). */
export function figures(row: Record<string, unknown>): ActivityFigures {
  return {
    incidents: Number(row.incidents ?? 0),
    arrests: Number(row.arrests ?? 0),
    hits: Number(row.hits ?? 0),
    faults: Number(row.faults ?? 0),
  };
}

export function sumFigures(rows: ActivityFigures[]): ActivityFigures {
  const totals: ActivityFigures = { incidents: 0, arrests: 0, hits: 0, faults: 0 };
  for (const row of rows) {
    totals.incidents += row.incidents;
    totals.arrests += row.arrests;
    totals.hits += row.hits;
    totals.faults += row.faults;
  }
  return totals;
}

/**
 * One camera's rows from committed Kyndi monthly reports, oldest first, within from..to (YYYY-MM) when given. One
 * committed import per month (a unique index), so one row per month.
 */
export async function cameraMonths(manager: EntityManager, cameraId: string, from: string | null, to: string | null): Promise<CameraMonth[]> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT a.month, a.incidents, a.arrests, a.hits, a.faults, a.fault_text AS "faultText", a.import_id AS "importId"
       FROM ${COUNTED_ACTIVITY}
      WHERE a.camera_id = $1 AND ($2::text IS NULL OR a.month >= $2) AND ($3::text IS NULL OR a.month <= $3)
      ORDER BY a.month`,
    [cameraId, from, to],
  );
  return rows.map((row) => ({
    month: row.month as string,
    ...figures(row),
    faultText: row.faultText as string | null,
    importId: row.importId as string,
  }));
}

/** A camera's figures for every month from..to (YYYY-MM): the months it has, their totals and the months it lacks. */
export async function cameraFiguresBetween(manager: EntityManager, cameraId: string, from: string, to: string) {
  const byMonth: MonthFigures[] = (await cameraMonths(manager, cameraId, from, to)).map(
    ({ month, incidents, arrests, hits, faults }) => ({ month, incidents, arrests, hits, faults }),
  );
  const reported = new Set(byMonth.map((m) => m.month));
  return {
    byMonth,
    totals: sumFigures(byMonth),
    monthsWithoutFigures: monthsBetween(from, to).filter((m) => !reported.has(m)),
  };
}

export interface RecentCameraActivity {
  from: string;
  to: string;
  months: MonthFigures[];
  totals: ActivityFigures;
  /** Months of the window with no figures for this camera in a committed Kyndi report. */
  monthsWithoutFigures: string[];
}

/** The camera's figures for the `count` months up to this one (London), as camera detail shows them. */
export async function recentCameraActivity(
  manager: EntityManager,
  cameraId: string,
  count: number,
  now: Date,
): Promise<RecentCameraActivity> {
  const to = londonToday(now).month;
  const from = addMonths(to, 1 - count);
  const { byMonth, totals, monthsWithoutFigures } = await cameraFiguresBetween(manager, cameraId, from, to);
  return { from, to, months: byMonth, totals, monthsWithoutFigures };
}
