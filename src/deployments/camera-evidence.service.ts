import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Fault } from '../faults/fault.entity.js';
import { OPEN_FAULT_STATUSES } from '../faults/fault.enums.js';

export interface CameraEvidenceQuery {
  cameraId: string;
  assetNumber: string;
  /** Inclusive calendar dates, YYYY-MM-DD. */
  from: string;
  to: string;
}

/**
 * A feature that holds figures about a camera (monthly activity from the Kyndi imports, evidence requests)
 * registers a source here in its onModuleInit; reviews and proposals snapshot whatever sources exist.
 */
export interface CameraEvidenceSource {
  /** Key in the snapshot: `activity`, `evidenceRequests`, ... */
  key: string;
  /** Runs inside the caller's transaction: use only `manager`. */
  collect(manager: EntityManager, query: CameraEvidenceQuery): Promise<unknown>;
}

/** The figures a review or proposal expects; any without a registered source is listed as not available. */
export const EXPECTED_EVIDENCE = ['activity', 'evidenceRequests'] as const;

export interface CameraEvidenceSnapshot {
  period: { from: string; to: string };
  collectedAt: string;
  notAvailable: string[];
  [key: string]: unknown;
}

@Injectable()
export class CameraEvidenceService {
  private readonly sources = new Map<string, CameraEvidenceSource>();

  registerSource(source: CameraEvidenceSource): void {
    if (this.sources.has(source.key)) throw new Error(`Camera evidence source ${source.key} is registered twice`);
    this.sources.set(source.key, source);
  }

  async collect(manager: EntityManager, query: CameraEvidenceQuery): Promise<CameraEvidenceSnapshot> {
    const snapshot: CameraEvidenceSnapshot = {
      period: { from: query.from, to: query.to },
      collectedAt: new Date().toISOString(),
      notAvailable: [],
      faults: await faultFigures(manager, query),
    };
    for (const source of this.sources.values()) snapshot[source.key] = await source.collect(manager, query);
    for (const key of EXPECTED_EVIDENCE) {
      if (!this.sources.has(key)) {
        snapshot[key] = null;
        snapshot.notAvailable.push(key);
      }
    }
    return snapshot;
  }
}

/** Faults are always known here: raised in the period by category, and open at the time of the snapshot. */
async function faultFigures(manager: EntityManager, query: CameraEvidenceQuery) {
  const raised: { category: string; count: string }[] = await manager
    .getRepository(Fault)
    .createQueryBuilder('f')
    .select('f.category', 'category')
    .addSelect('count(*)', 'count')
    .where('f.cameraId = :cameraId', { cameraId: query.cameraId })
    .andWhere("f.reportedAt >= (:from::date AT TIME ZONE 'Europe/London')", { from: query.from })
    .andWhere("f.reportedAt < ((:to::date + 1) AT TIME ZONE 'Europe/London')", { to: query.to })
    .groupBy('f.category')
    .orderBy('f.category')
    .getRawMany();
  const open = await manager
    .getRepository(Fault)
    .createQueryBuilder('f')
    .where('f.cameraId = :cameraId', { cameraId: query.cameraId })
    .andWhere('f.status IN (:...open)', { open: OPEN_FAULT_STATUSES })
    .orderBy('f.reportedAt', 'ASC')
    .getMany();
  const byCategory = Object.fromEntries(raised.map((r) => [r.category, Number(r.count)]));
  return {
    raisedInPeriod: Object.values(byCategory).reduce((sum, n) => sum + n, 0),
    raisedInPeriodByCategory: byCategory,
    open: open.map((f) => ({ id: f.id, category: f.category, description: f.description, reportedAt: f.reportedAt.toISOString() })),
  };
}
