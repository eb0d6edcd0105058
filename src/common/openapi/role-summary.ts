import type { Role } from '../../auth/role.js';

/**
 * The README's short "who may do what" table: capabilities, each a group of routes. The cells are not written here
 * but computed from the routes' @Auth declarations (npm run docs:tables), so they cannot disagree with the code; a
 * row whose routes allow different roles, or a route in no row, is an error. `notes` qualify an allowed cell (the
 * scoping a service applies, e.g. police see their own force's requests only).
 */
export interface CapabilityRow {
  capability: string;
  /** `METHOD /path` as in the OpenAPI document. */
  routes: string[];
  notes?: Partial<Record<Role, string>>;
}

export const ROLE_SUMMARY: CapabilityRow[] = [
  {
    capability: 'health, sign in, own account, organisations (read)',
    routes: ['GET /health/live', 'GET /health/ready', 'POST /api/v1/auth/login', 'GET /api/v1/auth/me', 'GET /api/v1/organisations'],
  },
  {
    capability: 'users (read, write), organisations (write)',
    routes: [
      'GET /api/v1/users',
      'POST /api/v1/users',
      'GET /api/v1/users/{id}',
      'PATCH /api/v1/users/{id}',
      'POST /api/v1/users/{id}/reset-password',
      'POST /api/v1/organisations',
    ],
  },
  { capability: 'audit log, jobs and their runs', routes: ['GET /api/v1/audit', 'GET /api/v1/jobs', 'GET /api/v1/jobs/runs'] },
  { capability: 'run a job now', routes: ['POST /api/v1/jobs/{name}/run'] },
  {
    capability: 'estate: read (cameras, history, faults, network health, wards and members, deployments)',
    routes: [
      'GET /api/v1/cameras',
      'GET /api/v1/cameras/summary',
      'GET /api/v1/cameras/export.csv',
      'GET /api/v1/cameras/{id}',
      'GET /api/v1/cameras/{id}/history',
      'GET /api/v1/faults',
      'GET /api/v1/faults/{id}',
      'GET /api/v1/faults/health',
      'GET /api/v1/wards',
      'GET /api/v1/wards/{id}/members',
      'GET /api/v1/deployments',
      'GET /api/v1/deployments/{id}',
    ],
    notes: {
      kyndi_operator: 'not who changed a camera, nor ward members\' emails',
      police_officer: 'not who changed a camera, nor ward members\' emails',
    },
  },
  {
    capability: 'estate: edit, import, deploy, review, propose, move faults on, add ward members',
    routes: [
      'POST /api/v1/wards/{id}/members',
      'POST /api/v1/cameras',
      'PATCH /api/v1/cameras/{id}',
      'POST /api/v1/cameras/import',
      'GET /api/v1/cameras/import/template.csv',
      'POST /api/v1/deployments',
      'POST /api/v1/deployments/{id}/reviews',
      'POST /api/v1/proposals',
      'POST /api/v1/proposals/{id}/review',
      'PATCH /api/v1/faults/{id}',
    ],
  },
  { capability: 'proposals: read', routes: ['GET /api/v1/proposals', 'GET /api/v1/proposals/{id}'] },
  { capability: 'proposal decisions', routes: ['POST /api/v1/proposals/{id}/decision'] },
  { capability: 'report a fault', routes: ['POST /api/v1/cameras/{id}/faults'] },
  {
    capability: 'Kyndi import (upload, template)',
    routes: ['POST /api/v1/imports/kyndi-monthly', 'GET /api/v1/imports/kyndi-monthly/template.csv'],
    notes: { kyndi_operator: 'no replace' },
  },
  { capability: 'Kyndi imports: read', routes: ['GET /api/v1/imports', 'GET /api/v1/imports/{id}'], notes: { kyndi_operator: 'own' } },
  {
    capability: 'activity reports',
    routes: [
      'GET /api/v1/reports/activity',
      'GET /api/v1/reports/activity.csv',
      'GET /api/v1/cameras/{id}/activity',
      'GET /api/v1/reports/decommission-candidates',
      'GET /api/v1/reports/rdc-review-pack/{deploymentId}',
    ],
  },
  {
    capability: 'notifications: your own (list, mark read); council staff and auditors also the whole outbox (scope=all)',
    routes: ['GET /api/v1/notifications', 'GET /api/v1/notifications/{id}', 'POST /api/v1/notifications/{id}/read'],
    notes: { kyndi_operator: 'own only', police_officer: 'own only' },
  },
  { capability: 'raise an evidence request', routes: ['POST /api/v1/evidence-requests'], notes: { police_officer: 'own force' } },
  {
    capability: 'evidence requests and items: read',
    routes: [
      'GET /api/v1/evidence-requests',
      'GET /api/v1/evidence-requests/{id}',
      'GET /api/v1/evidence-requests/{id}/items',
      'GET /api/v1/evidence/{id}',
    ],
    notes: { police_officer: 'own force', kyndi_operator: 'approved requests, own items' },
  },
  { capability: 'approve/reject a request', routes: ['POST /api/v1/evidence-requests/{id}/decision'] },
  { capability: 'share with officers of the force', routes: ['POST /api/v1/evidence-requests/{id}/shares'] },
  { capability: 'close a case', routes: ['POST /api/v1/evidence-requests/{id}/close'], notes: { police_officer: 'own force' } },
  {
    capability: 'upload exhibits, complete a request',
    routes: ['POST /api/v1/evidence-requests/{id}/items', 'PUT /api/v1/evidence/{id}/content', 'POST /api/v1/evidence-requests/{id}/complete'],
  },
  {
    capability: 'download evidence',
    routes: ['GET /api/v1/evidence/{id}/content', 'POST /api/v1/evidence/{id}/download'],
    notes: { police_officer: 'requester, shared' },
  },
  { capability: 'copy of quarantined evidence, labelled as failed', routes: ['POST /api/v1/evidence/{id}/quarantine-release'] },
  {
    capability: 'custody chain',
    routes: ['GET /api/v1/evidence/{id}/custody'],
    notes: { police_officer: 'own force', kyndi_operator: 'own items' },
  },
  {
    capability: 'verify, custody reports',
    routes: [
      'GET /api/v1/evidence/{id}/verify',
      'GET /api/v1/evidence/{id}/custody-report',
      'GET /api/v1/evidence-requests/{id}/custody-report',
    ],
    notes: { police_officer: 'own force' },
  },
  {
    capability: 'retention, legal hold, delete (to the recycle bin), restore',
    routes: ['PATCH /api/v1/evidence/{id}/retention', 'DELETE /api/v1/evidence/{id}', 'POST /api/v1/evidence/{id}/restore'],
  },
];
