import { toCsv } from '../../common/csv/csv.js';
import { addMonths, monthLabel } from '../month.js';

/** The council's own headline for a year of Kyndi reports: "2,525 incidents captured and 159 arrests". */
export const DEMO_YEAR_INCIDENTS = 2525;
export const DEMO_YEAR_ARRESTS = 159;

export interface DemoCamera {
  assetNumber: string;
  name: string;
  /** Relative activity; 0 for a camera that sees nothing (a decommissioning candidate). */
  weight: number;
  /** Shown in the Faults column of the latest month. */
  faultText?: string;
}

export interface DemoRow {
  assetNumber: string;
  name: string;
  incidents: number;
  arrests: number;
  hits: number;
  faults: string;
}

/** Busier in December and in summer, as town-centre activity is. */
const SEASON = [1.25, 0.9, 0.85, 0.9, 1.0, 1.05, 1.15, 1.2, 1.0, 0.95, 1.0, 1.15];

/** Splits `total` across `weights` in whole numbers that add up exactly (largest remainder). */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / sum);
  const whole = raw.map(Math.floor);
  let left = total - whole.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    whole[i] += 1;
  }
  return whole;
}

/** Twelve monthly reports ending with `lastMonth`, whose figures add up to the demo year's totals exactly. */
export function demoYear(cameras: DemoCamera[], lastMonth: string): { month: string; rows: DemoRow[] }[] {
  const months = Array.from({ length: 12 }, (_, i) => addMonths(lastMonth, i - 11));
  const cells = months.flatMap((month) =>
    cameras.map((camera) => ({ month, camera, weight: camera.weight * SEASON[Number(month.slice(5)) - 1] })),
  );
  const incidents = apportion(DEMO_YEAR_INCIDENTS, cells.map((c) => c.weight));
  const arrests = apportion(DEMO_YEAR_ARRESTS, incidents);
  return months.map((month) => ({
    month,
    rows: cells.flatMap((cell, i) =>
      cell.month !== month
        ? []
        : [
            {
              assetNumber: cell.camera.assetNumber,
              name: cell.camera.name,
              incidents: incidents[i],
              arrests: Math.min(arrests[i], incidents[i]),
              hits: incidents[i] * 2 + ((i * 7) % 5),
              faults: month === lastMonth ? (cell.camera.faultText ?? '') : '',
            },
          ],
    ),
  }));
}

/** The report as Kyndi sends it: a title row naming the month, the header, a row per camera and a totals row. */
export function demoReportCsv(month: string, rows: DemoRow[]): string {
  const sum = (pick: (r: DemoRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return toCsv([
    [`Kyndi - Medway CCTV activity report ${monthLabel(month)}`],
    [],
    ['Camera No', 'Location', 'Incidents', 'Arrests', 'Faults', 'Hits'],
    ...rows.map((r) => [r.assetNumber, r.name, r.incidents, r.arrests, r.faults, r.hits]),
    ['Total', '', sum((r) => r.incidents), sum((r) => r.arrests), '', sum((r) => r.hits)],
  ]);
}
