/**
 * Every action the audit log records, `<entity>.<verb>`: one list, so that a service cannot write a name that a
 * filter (`GET /audit?action=`) will not find. Add a new action here, never as a free string.
 */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'user.create',
  'user.update',
  'user.reset_password',
  'organisation.create',
  'ward_member.create',
  'camera.create',
  'camera.update',
  'camera.import_preview',
  'camera.import',
  'camera.status_from_faults',
  'camera.deploy',
  'camera.return_to_pool',
  'camera.make_permanent',
  'camera.decommission',
  'fault.raise',
  'fault.start',
  'fault.fix',
  'fault.close',
  'deployment.create',
  'deployment.review',
  'deployment.close',
  'proposal.create',
  'proposal.review',
  'proposal.decide',
  'kyndi_import.preview',
  'kyndi_import.reject',
  'kyndi_import.commit',
  'kyndi_import.supersede',
  'notification.read',
  'evidence_request.create',
  'evidence_request.approve',
  'evidence_request.reject',
  'evidence_request.share',
  'evidence_request.close',
  'evidence_request.fulfil',
  'evidence_request.complete',
  'evidence_request.custody_report',
  'evidence_item.create',
  'evidence_item.list',
  'evidence_item.upload_start',
  'evidence_item.upload_failed',
  'evidence_item.upload',
  'evidence_item.download_url',
  'evidence_item.download',
  'evidence_item.retention',
  'evidence_item.delete',
  'evidence_item.purge',
  'evidence_item.deletion_scheduled',
  'evidence_item.restore',
  'evidence_item.quarantine',
  'evidence_item.quarantine_release',
] as const;
export type NamedAuditAction = (typeof AUDIT_ACTIONS)[number];

export const HTTP_WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** The row the audit interceptor writes for a state-changing route whose service recorded none: `POST /api/v1/...`. */
export type RouteAuditAction = `${(typeof HTTP_WRITE_METHODS)[number]} /${string}`;

export type AuditAction = NamedAuditAction | RouteAuditAction;

/**
 * Names written before the list existed (the fault routes wrote the status reached). The log is append-only, so
 * those rows keep their names; a filter by the current name also finds them.
 */
export const FORMER_AUDIT_ACTIONS: Record<string, NamedAuditAction> = {
  'fault.in_progress': 'fault.start',
  'fault.fixed': 'fault.fix',
  'fault.closed': 'fault.close',
};

/** The names stored for `action`: itself and any former name of it. */
export function storedNamesOf(action: NamedAuditAction): string[] {
  return [action, ...Object.entries(FORMER_AUDIT_ACTIONS).filter(([, now]) => now === action).map(([former]) => former)];
}

export const isNamedAuditAction = (value: string): value is NamedAuditAction =>
  (AUDIT_ACTIONS as readonly string[]).includes(value);

const PREFIX_FILTER = /^[a-z_]+(\.[a-z_]*)?\*$/;
const ROUTE_ACTION = new RegExp(`^(${HTTP_WRITE_METHODS.join('|')}) /\\S{1,200}$`);

/** What `GET /audit?action=` accepts: a listed action, a former name, a prefix such as `camera.*`, or a route row. */
export function isAuditActionFilter(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  return isNamedAuditAction(value) || Object.hasOwn(FORMER_AUDIT_ACTIONS, value) || PREFIX_FILTER.test(value) || ROUTE_ACTION.test(value);
}
