import { badRequest, conflict } from '../common/errors/domain-exception.js';
import type { EvidenceItem } from './entities/evidence-item.entity.js';
import { formatLondon } from './london-time.js';

/** The parts of an item that decide how long it is kept. */
export type Retention = Pick<EvidenceItem, 'retainUntil' | 'retainUntilCaseClosed' | 'legalHold'>;

/**
 * Ways a change lets evidence go sooner; each needs a reason. The first two are refused while a legal hold is on:
 * - earlier_date: retainUntil moves earlier;
 * - case_closure_ended: "until case closed" (open-ended while the case is open) gives way to a date;
 * - hold_cleared_after_expiry: the hold comes off an item whose retention date has passed, which the next purge
 *   would send to the recycle bin.
 */
export const SHORTENINGS = ['earlier_date', 'case_closure_ended', 'hold_cleared_after_expiry'] as const;
export type Shortening = (typeof SHORTENINGS)[number];

export const HOLD_BLOCKED_SHORTENINGS: readonly Shortening[] = ['earlier_date', 'case_closure_ended'];

export function shorteningsOf(current: Retention, next: Retention, now: Date): Shortening[] {
  const found: Shortening[] = [];
  const datesOnly = !current.retainUntilCaseClosed && !next.retainUntilCaseClosed;
  if (datesOnly && current.retainUntil && next.retainUntil && next.retainUntil < current.retainUntil) found.push('earlier_date');
  if (current.retainUntilCaseClosed && !next.retainUntilCaseClosed) found.push('case_closure_ended');
  if (current.legalHold && !next.legalHold && isExpired(next, now)) found.push('hold_cleared_after_expiry');
  return found;
}

/** Past its retention and not protected: the purge sends it to the recycle bin. */
export function isExpired(retention: Retention, now: Date): boolean {
  return !retention.legalHold && !retention.retainUntilCaseClosed && retention.retainUntil !== null && retention.retainUntil <= now;
}

/** For custody entries and audit: the retention in JSON. */
export const retentionOf = (item: Pick<EvidenceItem, 'retainUntil' | 'retainUntilCaseClosed'>) => ({
  retainUntil: item.retainUntil?.toISOString() ?? null,
  retainUntilCaseClosed: item.retainUntilCaseClosed,
});

/** A requested retention date: strictly in the future, or 400 retain_until_in_past. */
export function futureRetainUntil(iso: string, now: Date): Date {
  const retainUntil = new Date(iso);
  if (!(retainUntil > now)) {
    throw badRequest('retain_until_in_past', 'retainUntil must be in the future; to delete evidence, use DELETE with a reason', {
      retainUntil: iso,
      now: now.toISOString(),
    });
  }
  return retainUntil;
}

/** What refuses to serve, change or delete again an item in the recycle bin. */
export const pendingDeletionConflict = (item: Pick<EvidenceItem, 'deletionDueAt'>) =>
  conflict(
    'evidence_pending_deletion',
    `The evidence is in the recycle bin and will be deleted on ${formatLondon(item.deletionDueAt)}; an SPOC or admin can restore it`,
    { deletionDueAt: item.deletionDueAt?.toISOString() ?? null },
  );
