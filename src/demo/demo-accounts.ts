import type { OrganisationKind } from '../auth/authenticated-user.js';
import type { Role } from '../auth/role.js';

export const DEMO_PASSWORD = 'Demo-Passw0rd!';

export const DEMO_ORGANISATIONS: { name: string; kind: OrganisationKind }[] = [
  { name: 'Medway Council', kind: 'council' },
  { name: 'Kyndi', kind: 'contractor' },
  { name: 'Kent Police', kind: 'police' },
  { name: 'Essex Police', kind: 'police' },
];

export const DEMO_USERS: { email: string; role: Role; organisation: string; displayName: string }[] = [
  { email: 'spoc@council.example', role: 'spoc', organisation: 'Medway Council', displayName: 'CCTV SPOC' },
  { email: 'cst@council.example', role: 'cst_officer', organisation: 'Medway Council', displayName: 'Community Safety Officer' },
  { email: 'auditor@council.example', role: 'auditor', organisation: 'Medway Council', displayName: 'Auditor' },
  { email: 'operator@kyndi.example', role: 'kyndi_operator', organisation: 'Kyndi', displayName: 'Control Room Operator' },
  { email: 'officer@kent.police.example', role: 'police_officer', organisation: 'Kent Police', displayName: 'PC Kent' },
  { email: 'officer@essex.police.example', role: 'police_officer', organisation: 'Essex Police', displayName: 'PC Essex' },
];
