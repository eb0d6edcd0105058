export const ROLES = ['admin', 'spoc', 'cst_officer', 'kyndi_operator', 'police_officer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Names for use in @Auth(...) so a typo is a compile error. */
export const Role = {
  Admin: 'admin',
  Spoc: 'spoc',
  CstOfficer: 'cst_officer',
  KyndiOperator: 'kyndi_operator',
  PoliceOfficer: 'police_officer',
  Auditor: 'auditor',
} as const satisfies Record<string, Role>;

/** Council staff who run the estate. */
export const ESTATE_EDITORS: Role[] = [Role.Admin, Role.Spoc, Role.CstOfficer];
/** Council staff and auditors: who may see the people behind estate changes and ward members' contact details. */
export const COUNCIL_ROLES: Role[] = [Role.Admin, Role.Spoc, Role.CstOfficer, Role.Auditor];
/** Everyone who may read the estate. */
export const ALL_ROLES: Role[] = [...ROLES];
