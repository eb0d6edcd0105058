import type { SelectQueryBuilder } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { Role } from '../auth/role.js';
import type { EvidenceItem } from './entities/evidence-item.entity.js';
import type { EvidenceRequest } from './entities/evidence-request.entity.js';
import type { RequestStatus } from './evidence.enums.js';

/**
 * Who sees and gets what. Anything a user may not see is reported as not found (404), never as forbidden, so that
 * the existence of another force's request or exhibit does not leak.
 */
const COUNCIL_READERS: Role[] = ['admin', 'spoc', 'cst_officer', 'auditor'];
/** Council roles that may obtain evidence content (the auditor reads metadata and custody only). */
const COUNCIL_DOWNLOADERS: Role[] = ['admin', 'spoc'];
/** Requests Kyndi operators work on. */
export const OPERATOR_REQUEST_STATUSES: RequestStatus[] = ['approved', 'fulfilled'];

export function canSeeRequest(user: AuthenticatedUser, request: EvidenceRequest): boolean {
  if (COUNCIL_READERS.includes(user.role)) return true;
  if (user.role === 'police_officer') return request.organisationId === user.organisationId;
  if (user.role === 'kyndi_operator') return OPERATOR_REQUEST_STATUSES.includes(request.status);
  return false;
}

/** Operators see the items they created (and uploaded), whatever became of the request since. */
export function canSeeItem(user: AuthenticatedUser, item: EvidenceItem, request: EvidenceRequest): boolean {
  if (COUNCIL_READERS.includes(user.role)) return true;
  if (user.role === 'police_officer') return request.organisationId === user.organisationId;
  if (user.role === 'kyndi_operator') return item.createdById === user.id;
  return false;
}

/** The requesting officer, officers of the same force it was shared with, the SPOC and admins. */
export function canObtainContent(
  user: AuthenticatedUser,
  request: EvidenceRequest,
  sharedWithUserIds: readonly string[],
): boolean {
  if (COUNCIL_DOWNLOADERS.includes(user.role)) return true;
  if (user.role !== 'police_officer' || request.organisationId !== user.organisationId) return false;
  return request.requestedById === user.id || sharedWithUserIds.includes(user.id);
}

/** Restricts a request query (alias `r`) to what the user may see. */
export function scopeRequests<T extends object>(qb: SelectQueryBuilder<T>, user: AuthenticatedUser): SelectQueryBuilder<T> {
  if (COUNCIL_READERS.includes(user.role)) return qb;
  if (user.role === 'police_officer') return qb.andWhere('r.organisationId = :scopeOrg', { scopeOrg: user.organisationId });
  if (user.role === 'kyndi_operator') return qb.andWhere('r.status IN (:...scopeStatuses)', { scopeStatuses: OPERATOR_REQUEST_STATUSES });
  return qb.andWhere('1 = 0');
}

/** Restricts an item query (alias `i`, joined request `r`) to what the user may see. */
export function scopeItems<T extends object>(qb: SelectQueryBuilder<T>, user: AuthenticatedUser): SelectQueryBuilder<T> {
  if (COUNCIL_READERS.includes(user.role)) return qb;
  if (user.role === 'police_officer') return qb.andWhere('r.organisationId = :scopeOrg', { scopeOrg: user.organisationId });
  if (user.role === 'kyndi_operator') return qb.andWhere('i.createdById = :scopeUser', { scopeUser: user.id });
  return qb.andWhere('1 = 0');
}
