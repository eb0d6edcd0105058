import type { EntityManager } from 'typeorm';
import { coordinateProblem, MEDWAY_BOUNDS } from '../cameras/camera-rules.js';
import { badRequest } from '../common/errors/domain-exception.js';
import { Ward } from '../wards/ward.entity.js';

/** The estate's rule (camera-rules.ts): a location must lie in or near Medway. */
export function assertInMedway(latitude: number, longitude: number): void {
  const problem = coordinateProblem(latitude, longitude);
  if (problem) throw badRequest(problem.code, problem.message, { field: problem.field, bounds: MEDWAY_BOUNDS });
}

/** Finds a ward by its id (slug, e.g. `luton`) or its name (any case); 400 unknown_ward otherwise. */
export async function resolveWard(manager: EntityManager, ward: string): Promise<Ward> {
  const found = await manager
    .getRepository(Ward)
    .createQueryBuilder('w')
    .where('w.id = :ward OR lower(w.name) = lower(:ward)', { ward: ward.trim() })
    .getOne();
  if (!found) throw badRequest('unknown_ward', `There is no Medway ward ${ward}`);
  return found;
}
