import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Camera } from '../cameras/camera.entity.js';
import { Fault } from './fault.entity.js';
import { FAULT_CATEGORIES, type FaultCategory, OPEN_FAULT_STATUSES } from './fault.enums.js';
import type { NetworkHealthResponse, QuarterRepairTime } from './fault.dto.js';

const DAY_MS = 24 * 3_600_000;

/** Calendar quarters (UTC), the `count` most recent ending with the current one, oldest first. */
export function recentQuarters(now: Date, count: number): { quarter: string; start: Date; end: Date }[] {
  const quarters = [];
  const current = Math.floor(now.getUTCMonth() / 3);
  for (let back = count - 1; back >= 0; back -= 1) {
    const index = now.getUTCFullYear() * 4 + current - back;
    const year = Math.floor(index / 4);
    const q = index % 4;
    quarters.push({
      quarter: `${year}-Q${q + 1}`,
      start: new Date(Date.UTC(year, q * 3, 1)),
      end: new Date(Date.UTC(year, q * 3 + 3, 1)),
    });
  }
  return quarters;
}

/**
 * The network health view. Faults on decommissioned cameras are left out of the outstanding counts: the camera is
 * gone, so the fault no longer needs a repair.
 */
@Injectable()
export class NetworkHealthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async health(now = new Date()): Promise<NetworkHealthResponse> {
    const outstanding = () =>
      this.dataSource
        .getRepository(Fault)
        .createQueryBuilder('f')
        .innerJoin('f.camera', 'c')
        .where('f.status IN (:...open)', { open: OPEN_FAULT_STATUSES })
        .andWhere("c.status <> 'decommissioned'");

    const counts: { status: string; category: FaultCategory; n: string }[] = await outstanding()
      .select('f.status', 'status')
      .addSelect('f.category', 'category')
      .addSelect('count(*)', 'n')
      .groupBy('f.status')
      .addGroupBy('f.category')
      .getRawMany();
    const byCategory = Object.fromEntries(FAULT_CATEGORIES.map((c) => [c, 0])) as Record<FaultCategory, number>;
    let open = 0;
    let inProgress = 0;
    for (const row of counts) {
      const n = Number(row.n);
      byCategory[row.category] = (byCategory[row.category] ?? 0) + n;
      if (row.status === 'open') open += n;
      else inProgress += n;
    }

    const oldest = await outstanding()
      .addSelect(['c.id', 'c.assetNumber', 'c.name'])
      .orderBy('f.reportedAt', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .getOne();

    const faultyCameras = await this.dataSource.getRepository(Camera).countBy({ status: 'faulty' });
    const total = open + inProgress;
    return {
      summary: `${total} ${total === 1 ? 'fault' : 'faults'} open`,
      open,
      inProgress,
      outstanding: total,
      faultyCameras,
      oldestOpen: oldest
        ? {
            faultId: oldest.id,
            cameraId: oldest.cameraId,
            assetNumber: oldest.camera!.assetNumber,
            cameraName: oldest.camera!.name,
            category: oldest.category,
            status: oldest.status,
            reportedAt: oldest.reportedAt.toISOString(),
            ageDays: Math.floor((now.getTime() - oldest.reportedAt.getTime()) / DAY_MS),
          }
        : null,
      meanTimeToRepair: await this.meanTimeToRepair(now),
      byCategory,
    };
  }

  private async meanTimeToRepair(now: Date): Promise<QuarterRepairTime[]> {
    const quarters = recentQuarters(now, 4);
    const rows: { quarter: string; n: string; hours: string | null }[] = await this.dataSource
      .getRepository(Fault)
      .createQueryBuilder('f')
      .select(`to_char(f.fixedAt AT TIME ZONE 'UTC', 'YYYY-"Q"Q')`, 'quarter')
      .addSelect('count(*)', 'n')
      .addSelect('avg(extract(epoch from (f.fixedAt - f.reportedAt))) / 3600', 'hours')
      .where("f.status = 'fixed'")
      .andWhere('f.fixedAt >= :from AND f.fixedAt < :to', { from: quarters[0].start, to: quarters[3].end })
      .groupBy('1')
      .getRawMany();
    const byQuarter = new Map(rows.map((r) => [r.quarter, r]));
    return quarters.map(({ quarter, start }) => {
      const row = byQuarter.get(quarter);
      return {
        quarter,
        startsOn: start.toISOString().slice(0, 10),
        fixed: row ? Number(row.n) : 0,
        meanHours: row?.hours != null ? Math.round(Number(row.hours) * 10) / 10 : null,
      };
    });
  }
}
