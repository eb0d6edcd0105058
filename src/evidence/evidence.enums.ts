export const REQUEST_STATUSES = ['submitted', 'approved', 'rejected', 'fulfilled', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const URGENCIES = ['routine', 'urgent', 'immediate'] as const;
export type Urgency = (typeof URGENCIES)[number];

/**
 * awaiting_upload → uploading → available | failed; a failed item may be uploaded again; available is final
 * (immutable). Expiry or a SPOC's deletion puts an available item in the recycle bin (pending_deletion: content
 * kept, not served) until its grace period ends and the purge deletes it; an SPOC or admin may restore it before.
 * integrity_failed: a check found the stored content or its record altered; the item is quarantined (never served;
 * an admin may release a labelled copy).
 */
export const ITEM_STATUSES = [
  'awaiting_upload',
  'uploading',
  'available',
  'failed',
  'pending_deletion',
  'deleted',
  'integrity_failed',
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Statuses in which the item claims to hold uploaded content in storage (verifiable, compared with its chain). */
export const STORED_CONTENT_STATUSES: readonly ItemStatus[] = ['available', 'pending_deletion', 'integrity_failed'];

/** Why an item went to the recycle bin: its retention ran out, or a SPOC/admin deleted it. */
export const DELETION_TRIGGERS = ['retention', 'manual'] as const;
export type DeletionTrigger = (typeof DELETION_TRIGGERS)[number];

/** How a request became fulfilled: every requested camera got footage, or a Kyndi operator completed it. */
export const FULFILMENT_TRIGGERS = ['all_cameras_covered', 'operator'] as const;
export type FulfilmentTrigger = (typeof FULFILMENT_TRIGGERS)[number];

/** What a file of an exhibit is: the native export itself, the proprietary player needed to view it, or other. */
export const ITEM_KINDS = ['footage', 'player', 'other'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const CUSTODY_ACTIONS = [
  // request chain
  'request_created',
  'approved',
  'rejected',
  'shared',
  'fulfilled',
  'closed',
  // item chain
  'created',
  'upload_started',
  'uploaded',
  'upload_failed',
  'hash_verified',
  'hash_mismatch',
  'accessed',
  'custody_viewed',
  'download_url_issued',
  'downloaded',
  'retention_changed',
  'legal_hold_set',
  'legal_hold_cleared',
  'deletion_scheduled',
  'restored',
  'deleted',
  'integrity_check_passed',
  'integrity_check_failed',
  'quarantined',
  'quarantine_released',
] as const;
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];

/** Why an upload attempt failed (item.failureReason and the upload_failed custody entry). */
export type UploadFailureReason =
  | 'too_large'
  | 'empty'
  | 'client_aborted'
  | 'storage_unavailable'
  | 'hash_mismatch'
  | 'stale_upload'
  | 'database_unavailable'
  | 'internal_error';
