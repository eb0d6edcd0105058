import type { EntityManager } from 'typeorm';
import { Fault } from '../faults/fault.entity.js';
import { OPEN_FAULT_STATUSES } from '../faults/fault.enums.js';

/** Open (or in-progress) faults per camera, for the cameras given; cameras without any are absent. */
export async function openFaultCounts(manager: EntityManager, cameraIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < cameraIds.length; i += 1000) {
    const rows: { cameraId: string; n: string }[] = await manager
      .getRepository(Fault)
      .createQueryBuilder('f')
      .select('f.cameraId', 'cameraId')
      .addSelect('count(*)', 'n')
      .where('f.cameraId IN (:...ids)', { ids: cameraIds.slice(i, i + 1000) })
      .andWhere('f.status IN (:...open)', { open: OPEN_FAULT_STATUSES })
      .groupBy('f.cameraId')
      .getRawMany();
    for (const row of rows) counts.set(row.cameraId, Number(row.n));
  }
  return counts;
}
