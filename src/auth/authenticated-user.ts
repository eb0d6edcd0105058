import type { Role } from './role.js';

export type OrganisationKind = 'council' | 'contractor' | 'police';

export interface AuthenticatedUser {
  id: string;
  email: string;
  role: Role;
  organisationId: string;
  organisationKind: OrganisationKind;
}
