import type { EntityManager } from 'typeorm';
import type { ActivityFigures } from './activity-figures.dto.js';
import { addMonths, londonToday, monthsBetween } from './month.js';

/**
 * The activity rows that count: those of committed Kyndi imports (not previews, rejected or superseded ones). Each
 * row carries the ward it belongs to (`a.ward_id`, recorded at import): reports by ward use that, never the camera's
 * current ward, so that moving a camera does not move its past.
 */
export const COUNTED_ACTIVITY = `camera_activity a JOIN kyndi_import i ON i.id = a.import_id AND i.status = 'committed'`;

const INSERT_BATCH = 5000;

/** One camera's figures as a checked report row gives them. */
export interface ActivityRowInput {
  row: number;
  cameraId: string;
  incidents: number;
  arrests: number;
  hits: number;
  faults: number;
  faultText: string | null;
}

/**
 * Stores an import's rows (inside its transaction), each with where the camera stood for the month: for an RDC out
 * on a deployment during the month, that deployment's ward and address (the latest, if it had several); otherwise
 * the camera's own at the time of the import. Set-based: columns are sent as arrays and unnested server-side.
 */
export async function insertActivityRows(manager: EntityManager, importId: string, month: string, rows: ActivityRowInput[]): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    const batch = rows.slice(start, start + INSERT_BATCH);
    await manager.query(
      `INSERT INTO camera_activity
         (import_id, camera_id, month, ward_id, address, incidents, arrests, hits, faults, fault_text, source_row)
       SELECT $1, t.camera_id, $2, coalesce(d.ward_id, c.ward_id), coalesce(d.address, c.address),
         t.incidents, t.arrests, t.hits, t.faults, t.fault_text, t.source_row
       FROM unnest($3::uuid[], $4::int[], $5::int[], $6::int[], $7::int[], $8::text[], $9::int[])
         AS t(camera_id, incidents, arrests, hits, faults, fault_text, source_row)
       JOIN camera c ON c.id = t.camera_id
       LEFT JOIN LATERAL (
         SELECT d.ward_id, d.address FROM camera_deployment d
         WHERE d.camera_id = t.camera_id
           AND d.deployed_on < ($2 || '-01')::date + interval '1 month'
           AND (d.closed_on IS NULL OR d.closed_on >= ($2 || '-01')::date)
         ORDER BY d.deployed_on DESC, d.created_at DESC
         LIMIT 1) d ON true`,
      [
        importId,
        month,
        batch.map((r) => r.cameraId),
        batch.map((r) => r.incidents),
        batch.map((r) => r.arrests),
        batch.map((r) => r.hits),
        batch.map((r) => r.faults),
        batch.map((r) => r.faultText),
        batch.map((r) => r.row),
      ],
    );
  }
}

export interface MonthFigures extends ActivityFigures {
  month: string;
}

export interface CameraMonth extends MonthFigures {
  /** Where the camera stood that month (recorded at import). */
  wardId: string | null;
  address: string | null;
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
    `SELECT a.month, a.ward_id AS "wardId", a.address, a.incidents, a.arrests, a.hits, a.faults,
       a.fault_text AS "faultText", a.import_id AS "importId"
       FROM ${COUNTED_ACTIVITY}
      WHERE a.camera_id = $1 AND ($2::text IS NULL OR a.month >= $2) AND ($3::text IS NULL OR a.month <= $3)
      ORDER BY a.month`,
    [cameraId, from, to],
  );
  return rows.map((row) => ({
    month: row.month as string,
    wardId: row.wardId as string | null,
    address: row.address as string | null,
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

export interface WardFigures extends ActivityFigures {
  /** Cameras with figures in the ward in those months. */
  cameras: number;
  /** Months from..to with figures for the ward. */
  monthsReported: number;
}

/**
 * The figures recorded in a ward over the months from..to (YYYY-MM), from every camera that was in the ward in those
 * months (where it is now does not matter), leaving out `exceptCameraId` when given.
 */
export async function wardFigures(
  manager: EntityManager,
  wardId: string,
  from: string,
  to: string,
  exceptCameraId: string | null = null,
): Promise<WardFigures> {
  const [row]: Record<string, unknown>[] = await manager.query(
    `SELECT count(DISTINCT a.camera_id)::int AS cameras, count(DISTINCT a.month)::int AS "monthsReported",
       sum(a.incidents) AS incidents, sum(a.arrests) AS arrests, sum(a.hits) AS hits, sum(a.faults) AS faults
     FROM ${COUNTED_ACTIVITY}
     WHERE a.ward_id = $1 AND a.month BETWEEN $2 AND $3 AND ($4::uuid IS NULL OR a.camera_id <> $4::uuid)`,
    [wardId, from, to, exceptCameraId],
  );
  return { cameras: Number(row.cameras), monthsReported: Number(row.monthsReported), ...figures(row) };
}

export const ACTIVITY_GROUPINGS = ['camera', 'ward', 'month'] as const;
export type ActivityGrouping = (typeof ACTIVITY_GROUPINGS)[number];

const SUMS = `sum(a.incidents)::bigint AS incidents, sum(a.arrests)::bigint AS arrests,
  sum(a.hits)::bigint AS hits, sum(a.faults)::bigint AS faults`;

/**
 * Estate activity over from..to (YYYY-MM) by camera, ward or month. By camera, a camera that moved appears once per
 * ward it reported from, so that the camera rows of a ward add up to the ward's row.
 */
const GROUPED_ACTIVITY: Record<ActivityGrouping, string> = {
  camera: `SELECT c.id AS "cameraId", c.asset_number AS "assetNumber", c.name, a.ward_id AS "wardId", w.name AS "wardName",
      count(DISTINCT a.month)::int AS "monthsReported", ${SUMS}
    FROM ${COUNTED_ACTIVITY} JOIN camera c ON c.id = a.camera_id LEFT JOIN ward w ON w.id = a.ward_id
    WHERE a.month BETWEEN $1 AND $2
    GROUP BY c.id, a.ward_id, w.name ORDER BY c.asset_number, w.name NULLS LAST`,
  ward: `SELECT a.ward_id AS "wardId", coalesce(w.name, 'No ward') AS "wardName", count(DISTINCT a.camera_id)::int AS cameras,
      count(DISTINCT a.month)::int AS "monthsReported", ${SUMS}
    FROM ${COUNTED_ACTIVITY} LEFT JOIN ward w ON w.id = a.ward_id
    WHERE a.month BETWEEN $1 AND $2
    GROUP BY a.ward_id, w.name ORDER BY w.name NULLS LAST`,
  month: `SELECT a.month, count(DISTINCT a.camera_id)::int AS cameras, ${SUMS}
    FROM ${COUNTED_ACTIVITY}
    WHERE a.month BETWEEN $1 AND $2
    GROUP BY a.month ORDER BY a.month`,
};

/** The rows of the activity report, figures as numbers and the grouping's own columns as they are. */
export async function groupedActivity(
  manager: EntityManager,
  groupBy: ActivityGrouping,
  from: string,
  to: string,
): Promise<(Record<string, unknown> & ActivityFigures)[]> {
  const rows: Record<string, unknown>[] = await manager.query(GROUPED_ACTIVITY[groupBy], [from, to]);
  return rows.map((row) => ({ ...row, ...figures(row) }));
}
