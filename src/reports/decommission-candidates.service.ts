import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/time/clock.js';
import { addMonths, firstDay, londonToday, monthsBetween } from '../imports/month.js';
import { COUNTED_ACTIVITY, figures } from '../imports/camera-monthly-activity.js';
import type { DecommissionCandidate, DecommissionCandidatesResponse } from './reports.dto.js';

/**
 * Cameras "serving no specific purpose": over the last N complete months, no incident in any committed Kyndi report,
 * and no evidence request naming them made since that period began (this month's requests count too). Only cameras
 * in service throughout the period are considered: not decommissioned, not in stock (a spare in the store has no
 * location to serve), installed before the period began.
 */
@Injectable()
export class DecommissionCandidatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async candidates(months = 12, now: Date = this.clock.now()): Promise<DecommissionCandidatesResponse> {
    const current = londonToday(now).month;
    const from = addMonths(current, -months);
    const to = addMonths(current, -1);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT c.id AS "cameraId", c.asset_number AS "assetNumber", c.name, c.kind, c.status, c.ward_id AS "wardId",
         w.name AS "wardName", c.installed_on::text AS "installedOn",
         count(a.month)::int AS "monthsReported", coalesce(sum(a.arrests), 0)::bigint AS arrests,
         coalesce(sum(a.hits), 0)::bigint AS hits, coalesce(sum(a.faults), 0)::bigint AS faults
       FROM camera c
       LEFT JOIN ward w ON w.id = c.ward_id
       LEFT JOIN (SELECT a.camera_id, a.month, a.arrests, a.hits, a.faults, a.incidents
                  FROM ${COUNTED_ACTIVITY} WHERE a.month BETWEEN $1 AND $2) a ON a.camera_id = c.id
       WHERE c.status NOT IN ('decommissioned', 'in_stock')
         AND (c.installed_on IS NULL OR c.installed_on <= $3::date)
         AND NOT EXISTS (
           SELECT 1 FROM evidence_request r
           WHERE c.id = ANY(r.camera_ids)
             AND r.created_at >= ($3::date AT TIME ZONE 'Europe/London'))
       GROUP BY c.id, w.name
       HAVING coalesce(sum(a.incidents), 0) = 0
       ORDER BY c.asset_number`,
      [from, to, firstDay(from)],
    );
    const reported: { month: string }[] = await this.dataSource.query(
      `SELECT month FROM kyndi_import WHERE status = 'committed' AND month BETWEEN $1 AND $2`,
      [from, to],
    );
    const reportedMonths = new Set(reported.map((row) => row.month));
    return {
      months,
      from,
      to,
      monthsWithoutReport: monthsBetween(from, to).filter((month) => !reportedMonths.has(month)),
      candidates: rows.map((row) => {
        const { arrests, hits, faults } = figures(row);
        return { ...(row as unknown as DecommissionCandidate), arrests, hits, faults };
      }),
    };
  }
}
