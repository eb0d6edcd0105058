import type { EntityManager } from 'typeorm';
import { addMonths, londonToday, monthsBetween } from './month.js';

export interface MonthFigures {
  month: string;
  incidents: number;
  arrests: number;
  hits: number;
  faults: number;
}

export interface CameraMonth extends MonthFigures {
  faultText: string | null;
  importId: string;
}

export interface RecentCameraActivity {
  from: string;
  to: string;
  months: MonthFigures[];
  totals: Omit<MonthFigures, 'month'>;
  /** Months of the window with no figures for this camera in a committed Kyndi report. */
  monthsWithoutFigures: string[];
}

/** One camera's rows from committed Kyndi monthly reports, oldest first, within from..to (YYYY-MM) when given. */
export async function cameraMonths(manager: EntityManager, cameraId: string, from: string | null, to: string | null): Promise<CameraMonth[]> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT a.month, a.incidents, a.arrests, a.hits, a.faults, a.fault_text AS "faultText", a.import_id AS "importId"
       FROM camera_activity a JOIN kyndi_import i ON i.id = a.import_id AND i.status = 'committed'
      WHERE a.camera_id = $1 AND ($2::text IS NULL OR a.month >= $2) AND ($3::text IS NULL OR a.month <= $3)
      ORDER BY a.month`,
    [cameraId, from, to],
  );
  return rows.map((row) => ({
    month: row.month as string,
    incidents: Number(row.incidents),
    arrests: Number(row.arrests),
    hits: Number(row.hits),
    faults: Number(row.faults),
    faultText: row.faultText as string | null,
    importId: row.importId as string,
  }));
}

/** The camera's figures for the `count` months up to this one (London), as camera detail shows them. */
export async function recentCameraActivity(
  manager: EntityManager,
  cameraId: string,
  count = 12,
  now = new Date(),
): Promise<RecentCameraActivity> {
  const to = londonToday(now).month;
  const from = addMonths(to, 1 - count);
  const months = (await cameraMonths(manager, cameraId, from, to)).map(({ month, incidents, arrests, hits, faults }) => ({
    month,
    incidents,
    arrests,
    hits,
    faults,
  }));
  const sum = (key: keyof Omit<MonthFigures, 'month'>) => months.reduce((total, m) => total + m[key], 0);
  const reported = new Set(months.map((m) => m.month));
  return {
    from,
    to,
    months,
    totals: { incidents: sum('incidents'), arrests: sum('arrests'), hits: sum('hits'), faults: sum('faults') },
    monthsWithoutFigures: monthsBetween(from, to).filter((m) => !reported.has(m)),
  };
}
