import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Camera } from '../cameras/camera.entity.js';
import { today } from '../common/time/calendar.js';
import { Clock } from '../common/time/clock.js';
import { Fault } from './fault.entity.js';
import { FAULT_CATEGORIES, type FaultCategory, OPEN_FAULT_STATUSES } from './fault.enums.js';
import type { NetworkHealthResponse, QuarterRepairTime } from './fault.dto.js';

const DAY_MS = 24 * 3_600_000;

/** Calendar quarters in Europe/London, the `count` most recent ending with the current one, oldest first. */
export function recentQuarters(now: Date, count: number): { quarter: string; startsOn: string; endsBefore: string }[] {
  const [year, month] = today(now).split('-').map(Number);
  const current = year * 4 + Math.floor((month - 1) / 3);
  const firstDayOf = (index: number) => `${Math.floor(index / 4)}-${String((index % 4) * 3 + 1).padStart(2, '0')}-01`;
  const quarters = [];
  for (let index = current - count + 1; index <= current; index += 1) {
    quarters.push({ quarter: `${Math.floor(index / 4)}-Q${(index % 4) + 1}`, startsOn: firstDayOf(index), endsBefore: firstDayOf(index + 1) });
  }
  return quarters;
}

/**
 * The network health view. Faults on decommissioned cameras are left out of the outstanding counts: the camera is
 * gone, so the fault no longer needs a repair.
 */
@Injectable()
export class NetworkHealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async health(now = this.clock.now()): Promise<NetworkHealthResponse> {
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
      .select(`to_char(f.fixedAt AT TIME ZONE 'Europe/London', 'YYYY-"Q"Q')`, 'quarter')
      .addSelect('count(*)', 'n')
      .addSelect('avg(extract(epoch from (f.fixedAt - f.reportedAt))) / 3600', 'hours')
      .where("f.status = 'fixed'")
      .andWhere("f.fixedAt >= (:from::date AT TIME ZONE 'Europe/London')", { from: quarters[0].startsOn })
      .andWhere("f.fixedAt < (:to::date AT TIME ZONE 'Europe/London')", { to: quarters[quarters.length - 1].endsBefore })
      .groupBy('1')
      .getRawMany();
    const byQuarter = new Map(rows.map((r) => [r.quarter, r]));
    return quarters.map(({ quarter, startsOn }) => {
      const row = byQuarter.get(quarter);
      return {
        quarter,
        startsOn,
        fixed: row ? Number(row.n) : 0,
        meanHours: row?.hours != null ? Math.round(Number(row.hours) * 10) / 10 : null,
      };
    });
  }
}
