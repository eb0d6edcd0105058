import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Camera } from '../cameras/camera.entity.js';
import { cameraMonths, groupedActivity, sumFigures } from '../imports/camera-monthly-activity.js';
import { badRequest, notFound } from '../common/errors/domain-exception.js';
import { monthCount, monthsBetween } from '../imports/month.js';
import { type CsvValue, toCsv } from '../common/csv/csv.js';
import type {
  ActivityFigures,
  ActivityGrouping,
  ActivityReportQueryDto,
  ActivityReportResponse,
  ActivityReportRow,
  CameraActivityQueryDto,
  CameraActivityResponse,
} from './reports.dto.js';

export const MAX_REPORT_MONTHS = 120;

const CSV_COLUMNS: Record<ActivityGrouping, [string, keyof ActivityReportRow][]> = {
  camera: [['Camera', 'assetNumber'], ['Name', 'name'], ['Ward', 'wardName'], ['Months reported', 'monthsReported']],
  ward: [['Ward', 'wardName'], ['Cameras', 'cameras'], ['Months reported', 'monthsReported']],
  month: [['Month', 'month'], ['Cameras', 'cameras']],
};
const FIGURE_COLUMNS: [string, keyof ActivityFigures][] = [
  ['Incidents', 'incidents'],
  ['Arrests', 'arrests'],
  ['Hits', 'hits'],
  ['Faults', 'faults'],
];

/**
 * Estate activity from the Kyndi monthly reports, over any span of months, by camera, ward or month; each month counts
 * in the ward recorded with it. Only committed imports count; a superseded or rejected import's rows never do.
 */
@Injectable()
export class ActivityReportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async report(query: ActivityReportQueryDto): Promise<ActivityReportResponse> {
    checkRange(query.from, query.to);
    const groupBy = query.groupBy ?? 'camera';
    const rows = (await groupedActivity(this.dataSource.manager, groupBy, query.from, query.to)) as ActivityReportRow[];
    const reported = await this.reportedMonths(query.from, query.to);
    return {
      from: query.from,
      to: query.to,
      groupBy,
      monthsReported: reported,
      monthsWithoutReport: monthsBetween(query.from, query.to).filter((month) => !reported.includes(month)),
      rows,
      totals: sumFigures(rows),
    };
  }

  async csv(query: ActivityReportQueryDto): Promise<{ fileName: string; body: string }> {
    const report = await this.report(query);
    const columns = [...CSV_COLUMNS[report.groupBy], ...FIGURE_COLUMNS];
    const lines: CsvValue[][] = [
      columns.map(([header]) => header),
      ...report.rows.map((row) => columns.map(([, key]) => row[key] as CsvValue)),
      columns.map(([, key], index) => (index === 0 ? 'Total' : (report.totals[key as keyof ActivityFigures] ?? null))),
    ];
    return {
      fileName: `activity-${report.from}-to-${report.to}-by-${report.groupBy}.csv`,
      // A BOM so that spreadsheet programs read the file as UTF-8.
      body: `\uFEFF${toCsv(lines)}`,
    };
  }

  async camera(cameraId: string, query: CameraActivityQueryDto): Promise<CameraActivityResponse> {
    const camera = await this.dataSource.getRepository(Camera).findOneBy({ id: cameraId });
    if (!camera) throw notFound('Camera', cameraId);
    if (query.from && query.to) checkRange(query.from, query.to, Number.MAX_SAFE_INTEGER);
    const months = await cameraMonths(this.dataSource.manager, cameraId, query.from ?? null, query.to ?? null);
    return { cameraId, assetNumber: camera.assetNumber, name: camera.name, months, totals: sumFigures(months) };
  }

  private async reportedMonths(from: string, to: string): Promise<string[]> {
    const rows: { month: string }[] = await this.dataSource.query(
      `SELECT month FROM kyndi_import WHERE status = 'committed' AND month BETWEEN $1 AND $2 ORDER BY month`,
      [from, to],
    );
    return rows.map((row) => row.month);
  }
}

export function checkRange(from: string, to: string, maxMonths = MAX_REPORT_MONTHS): void {
  if (from > to) throw badRequest('invalid_range', `from (${from}) is after to (${to})`);
  if (monthCount(from, to) > maxMonths) {
    throw badRequest('invalid_range', `A report covers at most ${maxMonths} months`);
  }
}
