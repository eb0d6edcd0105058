/** Every kind of notification the service sends: one list, so that a filter by kind finds what a service wrote. */
export const NOTIFICATION_KINDS = [
  'rdc_review_due',
  'rdc_review_overdue',
  'kyndi_report_missing',
  'camera_decommission_decision',
  'proposal_decision',
  'evidence_request_submitted',
  'evidence_request_decided',
  'evidence_request_approved',
  'evidence_request_shared',
  'evidence_available',
  'evidence_integrity_failed',
  'evidence_quarantined',
  'evidence_deletion_scheduled',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
