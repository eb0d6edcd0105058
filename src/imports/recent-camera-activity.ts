import type { EntityManager } from 'typeorm';
import { addMonths, londonToday, monthsBetween } from './month.js';

export interface MonthFigures {
  month: string;
  incidents: number;
  arrests: number;
  hits: number;
  faults: number;
}

export interface RecentCameraActivity {
  from: string;
  to: string;
  months: MonthFigures[];
  totals: Omit<MonthFigures, 'month'>;
  /** Months of the window with no figures for this camera in a committed Kyndi report. */
  monthsWithoutFigures: string[];
}

/** One camera's figures from committed Kyndi monthly reports for the `count` months up to this one (London). */
export async function recentCameraActivity(
  manager: EntityManager,
  cameraId: string,
  count = 12,
  now = new Date(),
): Promise<RecentCameraActivity> {
  const to = londonToday(now).month;
  const from = addMonths(to, 1 - count);
  const rows: MonthFigures[] = await manager.query(
    `SELECT a.month, a.incidents, a.arrests, a.hits, a.faults
       FROM camera_activity a JOIN kyndi_import i ON i.id = a.import_id AND i.status = 'committed'
      WHERE a.camera_id = $1 AND a.month BETWEEN $2 AND $3
      ORDER BY a.month`,
    [cameraId, from, to],
  );
  const months = rows.map((r) => ({
    month: r.month,
    incidents: Number(r.incidents),
    arrests: Number(r.arrests),
    hits: Number(r.hits),
    faults: Number(r.faults),
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
