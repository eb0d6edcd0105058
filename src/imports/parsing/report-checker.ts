import type { CameraStatus, RagRating } from '../../cameras/camera.enums.js';
import type { FaultCategory } from '../../faults/fault.enums.js';
import { monthLabel } from '../month.js';
import { faultCategoryFor, faultPriorityFor } from './fault-category.js';
import { FIGURE_FIELDS } from './header.js';
import type { ParsedReport, RowIssue } from './report-parser.js';

export interface EstateCamera {
  id: string;
  assetNumber: string;
  status: CameraStatus;
}

export interface ActivityTotals {
  incidents: number;
  arrests: number;
  hits: number;
  faults: number;
}

export interface CheckedRow {
  row: number;
  cameraId: string;
  assetNumber: string;
  incidents: number;
  arrests: number;
  hits: number;
  faults: number;
  faultText: string | null;
}

export interface FaultToOpen {
  row: number;
  cameraId: string;
  assetNumber: string;
  category: FaultCategory;
  priority: RagRating;
  description: string;
  /** The camera already has an open fault of this category: nothing new is opened. */
  alreadyOpen: boolean;
  /** Set once committed. */
  faultId?: string | null;
}

export interface CheckResult {
  rows: CheckedRow[];
  errors: RowIssue[];
  warnings: RowIssue[];
  totals: ActivityTotals;
  faultsToOpen: FaultToOpen[];
}

/** Cameras Kyndi should report on every month. */
export const REPORTED_STATUSES: CameraStatus[] = ['operational', 'faulty', 'offline'];

export const normaliseAssetNumber = (value: string) => value.trim().toUpperCase();

/**
 * Reconciles a parsed report with the estate: every row must name a known camera once; decommissioned cameras and
 * estate cameras absent from the report are warnings; a totals row must match the rows. Pure: the caller loads the estate.
 */
export function checkReport(report: ParsedReport, month: string, estate: EstateCamera[]): CheckResult {
  const errors = [...report.errors];
  const warnings = [...report.warnings];
  const cameraColumn = report.columns.camera!.header;
  const byAsset = new Map(estate.map((camera) => [normaliseAssetNumber(camera.assetNumber), camera]));
  const firstRowOf = new Map<string, number>();
  const reported = new Set<string>();
  const rows: CheckedRow[] = [];
  const faultsToOpen: FaultToOpen[] = [];

  for (const row of report.rows) {
    if (!row.assetNumber) continue;
    const key = normaliseAssetNumber(row.assetNumber);
    const camera = byAsset.get(key);
    const issue = (list: RowIssue[], code: string, message: string) =>
      list.push({ row: row.row, column: cameraColumn, code, message, assetNumber: row.assetNumber });
    const earlier = firstRowOf.get(key);
    if (earlier !== undefined) {
      issue(errors, 'duplicate_camera', `Camera ${row.assetNumber} is also on row ${earlier}; each camera appears once`);
      continue;
    }
    firstRowOf.set(key, row.row);
    if (!camera) {
      issue(errors, 'unknown_camera', `Camera ${row.assetNumber} is not in the camera estate`);
      continue;
    }
    reported.add(camera.id);
    if (camera.status === 'decommissioned') {
      issue(
        warnings,
        'decommissioned_camera',
        `Camera ${camera.assetNumber} is decommissioned; its figures are kept but no fault is opened`,
      );
    }
    rows.push({
      row: row.row,
      cameraId: camera.id,
      assetNumber: camera.assetNumber,
      incidents: row.incidents,
      arrests: row.arrests,
      hits: row.hits,
      faults: row.faults,
      faultText: row.faultText,
    });
    if (row.faults > 0 && camera.status !== 'decommissioned') {
      const category = faultCategoryFor(row.faultText);
      faultsToOpen.push({
        row: row.row,
        cameraId: camera.id,
        assetNumber: camera.assetNumber,
        category,
        priority: faultPriorityFor(category),
        description: row.faultText
          ? `Reported by Kyndi for ${monthLabel(month)}: ${row.faultText}`
          : `${row.faults} ${row.faults === 1 ? 'fault' : 'faults'} reported by Kyndi for ${monthLabel(month)}`,
        alreadyOpen: false,
      });
    }
  }

  for (const camera of estate) {
    if (!REPORTED_STATUSES.includes(camera.status) || reported.has(camera.id)) continue;
    warnings.push({
      row: null,
      column: null,
      code: 'camera_missing_from_report',
      message: `Camera ${camera.assetNumber} (${camera.status}) is in the estate but not in the report`,
      assetNumber: camera.assetNumber,
    });
  }

  const totals = sumRows(report);
  if (report.totalsRow) {
    for (const field of FIGURE_FIELDS) {
      const stated = report.totalsRow.figures[field];
      if (stated === undefined || stated === totals[field]) continue;
      warnings.push({
        row: report.totalsRow.row,
        column: report.columns[field]!.header,
        code: 'totals_mismatch',
        message: `The totals row gives ${stated} ${field} but the camera rows add up to ${totals[field]}`,
      });
    }
  }
  return { rows, errors: sortIssues(errors), warnings: sortIssues(warnings), totals, faultsToOpen };
}

/** Totals over every camera row in the file, as the file's own totals row would count them. */
function sumRows(report: ParsedReport): ActivityTotals {
  const totals: ActivityTotals = { incidents: 0, arrests: 0, hits: 0, faults: 0 };
  for (const row of report.rows) for (const field of FIGURE_FIELDS) totals[field] += row[field];
  return totals;
}

function sortIssues(issues: RowIssue[]): RowIssue[] {
  return issues.sort((a, b) => (a.row ?? Number.MAX_SAFE_INTEGER) - (b.row ?? Number.MAX_SAFE_INTEGER));
}
