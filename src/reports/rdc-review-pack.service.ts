import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Camera } from '../cameras/camera.entity.js';
import { notFound } from '../common/errors/domain-exception.js';
import { Clock } from '../common/time/clock.js';
import { CameraDeployment } from '../deployments/camera-deployment.entity.js';
import { addMonths, londonToday, monthCount, monthOfDate, monthsBetween } from '../imports/month.js';
import { Ward } from '../wards/ward.entity.js';
import { COUNTED_ACTIVITY, figures, wardFigures } from '../imports/camera-monthly-activity.js';
import type { ActivityFigures } from './reports.dto.js';

export interface PeriodActivity {
  from: string;
  to: string;
  months: string[];
  monthsWithoutReport: string[];
  camera: ActivityFigures;
  /** The other cameras that were in the deployment's ward in those months, for context (displacement, a wider trend). */
  wardOtherCameras: ActivityFigures & { cameras: number };
}

export interface EvidenceRequestSummary {
  id: string;
  offenceType: string;
  status: string;
  urgency: string;
  windowStart: string;
  windowEnd: string;
  createdAt: string;
}

export interface RdcReviewPack {
  deployment: {
    id: string;
    cameraId: string;
    assetNumber: string;
    address: string;
    wardId: string;
    wardName: string | null;
    deployedOn: string;
    closedOn: string | null;
    status: string;
    reviewDueOn: string;
    reason: string;
    crimeTypes: string[];
  };
  /** Kyndi reports are monthly: the deployment covers every month it touches, the month it began included. */
  during: PeriodActivity;
  /** The same number of months immediately before the deployment's first month. */
  before: PeriodActivity;
  change: ActivityFigures;
  evidenceRequests: { count: number; items: EvidenceRequestSummary[] };
  faultsRaised: { total: number; byCategory: Record<string, number> };
}

/** What a reviewer of a rapid deployment camera needs: activity during vs before, and the evidence it produced. */
@Injectable()
export class RdcReviewPackService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async pack(deploymentId: string, now: Date = this.clock.now()): Promise<RdcReviewPack> {
    const deployment = await this.dataSource.getRepository(CameraDeployment).findOneBy({ id: deploymentId });
    if (!deployment) throw notFound('Deployment', deploymentId);
    const camera = await this.dataSource.getRepository(Camera).findOneByOrFail({ id: deployment.cameraId });
    const ward = await this.dataSource.getRepository(Ward).findOneBy({ id: deployment.wardId });
    const endDate = deployment.closedOn ?? londonToday(now).date;
    const firstMonth = monthOfDate(deployment.deployedOn);
    const lastMonth = monthOfDate(endDate);
    const length = monthCount(firstMonth, lastMonth);
    const during = await this.period(deployment, firstMonth, lastMonth);
    const before = await this.period(deployment, addMonths(firstMonth, -length), addMonths(firstMonth, -1));
    return {
      deployment: {
        id: deployment.id,
        cameraId: deployment.cameraId,
        assetNumber: camera.assetNumber,
        address: deployment.address,
        wardId: deployment.wardId,
        wardName: ward?.name ?? null,
        deployedOn: deployment.deployedOn,
        closedOn: deployment.closedOn,
        status: deployment.status,
        reviewDueOn: deployment.reviewDueOn,
        reason: deployment.reason,
        crimeTypes: deployment.crimeTypes,
      },
      during,
      before,
      change: {
        incidents: during.camera.incidents - before.camera.incidents,
        arrests: during.camera.arrests - before.camera.arrests,
        hits: during.camera.hits - before.camera.hits,
        faults: during.camera.faults - before.camera.faults,
      },
      evidenceRequests: await this.evidenceRequests(deployment.cameraId, deployment.deployedOn, endDate),
      faultsRaised: await this.faults(deployment.cameraId, deployment.deployedOn, endDate),
    };
  }

  private async period(deployment: CameraDeployment, from: string, to: string): Promise<PeriodActivity> {
    const [camera] = await this.dataSource.query(
      `SELECT sum(a.incidents) AS incidents, sum(a.arrests) AS arrests, sum(a.hits) AS hits, sum(a.faults) AS faults
       FROM ${COUNTED_ACTIVITY} WHERE a.camera_id = $1 AND a.month BETWEEN $2 AND $3`,
      [deployment.cameraId, from, to],
    );
    const { cameras, incidents, arrests, hits, faults } = await wardFigures(
      this.dataSource.manager,
      deployment.wardId,
      from,
      to,
      deployment.cameraId,
    );
    const reported: { month: string }[] = await this.dataSource.query(
      `SELECT month FROM kyndi_import WHERE status = 'committed' AND month BETWEEN $1 AND $2`,
      [from, to],
    );
    const months = monthsBetween(from, to);
    const have = new Set(reported.map((row) => row.month));
    return {
      from,
      to,
      months,
      monthsWithoutReport: months.filter((month) => !have.has(month)),
      camera: figures(camera),
      wardOtherCameras: { cameras, incidents, arrests, hits, faults },
    };
  }

  /** Requests naming the camera whose footage window overlaps the deployment. */
  private async evidenceRequests(cameraId: string, from: string, to: string): Promise<RdcReviewPack['evidenceRequests']> {
    const rows: Record<string, string | Date>[] = await this.dataSource.query(
      `SELECT id, offence_type AS "offenceType", status, urgency, window_start AS "windowStart", window_end AS "windowEnd",
         created_at AS "createdAt"
       FROM evidence_request
       WHERE $1 = ANY(camera_ids)
         AND window_end >= ($2::date AT TIME ZONE 'Europe/London')
         AND window_start < (($3::date + 1) AT TIME ZONE 'Europe/London')
       ORDER BY window_start`,
      [cameraId, from, to],
    );
    const iso = (value: string | Date) => new Date(value).toISOString();
    const items: EvidenceRequestSummary[] = rows.map((row) => ({
      id: String(row.id),
      offenceType: String(row.offenceType),
      status: String(row.status),
      urgency: String(row.urgency),
      windowStart: iso(row.windowStart),
      windowEnd: iso(row.windowEnd),
      createdAt: iso(row.createdAt),
    }));
    return { count: items.length, items };
  }

  private async faults(cameraId: string, from: string, to: string): Promise<RdcReviewPack['faultsRaised']> {
    const rows: { category: string; count: string }[] = await this.dataSource.query(
      `SELECT category, count(*) AS count FROM fault
       WHERE camera_id = $1
         AND reported_at >= ($2::date AT TIME ZONE 'Europe/London')
         AND reported_at < (($3::date + 1) AT TIME ZONE 'Europe/London')
       GROUP BY category ORDER BY category`,
      [cameraId, from, to],
    );
    const byCategory = Object.fromEntries(rows.map((row) => [row.category, Number(row.count)]));
    return { total: rows.reduce((total, row) => total + Number(row.count), 0), byCategory };
  }
}
