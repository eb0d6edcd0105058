import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { badRequest, conflict } from '../common/errors/domain-exception.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CustodyService } from './custody.service.js';
import { type EvidenceItemResponse, type EvidenceRetentionDto, toEvidenceItemResponse } from './dto/evidence-item.dto.js';
import { EvidenceItem } from './entities/evidence-item.entity.js';
import type { EvidenceRequest } from './entities/evidence-request.entity.js';
import { EvidenceDeletionService } from './evidence-deletion.service.js';
import { EvidenceLookup } from './evidence-lookup.service.js';
import { DAY_MS } from './evidence.constants.js';
import {
  futureRetainUntil,
  HOLD_BLOCKED_SHORTENINGS,
  pendingDeletionConflict,
  type Retention,
  retentionOf,
  type Shortening,
  shorteningsOf,
} from './retention-policy.js';

/** The retention given at upload (EVIDENCE_RETENTION_DAYS) unless a SPOC already set one. */
export function defaultRetainUntil(uploadedAt: Date, retentionDays: number): Date {
  return new Date(uploadedAt.getTime() + retentionDays * DAY_MS);
}

/** What a retention body asks for, once checked on its own (before the item is read). */
interface RetentionRequest {
  retainUntil?: Date;
  caseClosed?: boolean;
  legalHold?: boolean;
  reason: string | null;
}

/**
 * Retention dates, "until case closed" and legal holds (PATCH /evidence/:id/retention). Extending retention or
 * setting a hold needs no reason (recorded when given); a change that lets evidence go sooner needs one and is
 * refused while a legal hold is on (see retention-policy.ts). Deletion itself is EvidenceDeletionService's.
 */
@Injectable()
export class EvidenceRetentionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly custody: CustodyService,
    private readonly lookup: EvidenceLookup,
    private readonly deletion: EvidenceDeletionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async change(id: string, dto: EvidenceRetentionDto, user: AuthenticatedUser): Promise<EvidenceItemResponse> {
    const now = new Date();
    const asked = this.read(dto, now);
    return this.dataSource.transaction(async (manager) => {
      const { item, request } = await this.lookup.lockItem(manager, id, user);
      if (item.status === 'deleted') throw conflict('evidence_deleted', 'The evidence has been deleted');
      const before = toEvidenceItemResponse(item);
      if (item.status === 'pending_deletion') {
        // A hold is the one change that reaches into the recycle bin: it stops the deletion.
        if (asked.legalHold !== true) throw pendingDeletionConflict(item);
        await this.deletion.restoreLocked(manager, item, 'legal_hold', asked.reason);
      }
      if (asked.caseClosed === true && request.status === 'closed') throw conflict('case_already_closed', 'The request is already closed');
      const current: Retention = { retainUntil: item.retainUntil, retainUntilCaseClosed: item.retainUntilCaseClosed, legalHold: item.legalHold };
      const next = nextRetention(current, asked);
      const shortenings = this.checkShortening(current, next, asked.reason, now);
      await this.applyDates(manager, item, next, asked.reason, shortenings);
      await this.applyHold(manager, item, next.legalHold, asked.reason, shortenings);
      const after = toEvidenceItemResponse(await manager.save(item));
      await this.audit.record(
        { action: 'evidence_item.retention', entityType: 'evidence_item', entityId: id, before, after: { ...after, reason: asked.reason } },
        { manager },
      );
      return after;
    });
  }

  /** Items kept "until case closed" get the post-closure period when their request closes. */
  async applyCaseClosure(manager: EntityManager, request: EvidenceRequest): Promise<number> {
    const items = await manager.find(EvidenceItem, {
      where: { requestId: request.id, retainUntilCaseClosed: true, status: Not(In(['deleted', 'pending_deletion'])) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const retainUntil = new Date((request.closedAt ?? new Date()).getTime() + this.config.evidence.postClosureRetentionDays * DAY_MS);
    for (const item of items) {
      const from = retentionOf(item);
      Object.assign(item, { retainUntil, retainUntilCaseClosed: false });
      await this.custody.appendToItem(manager, item, 'retention_changed', {
        from,
        to: retentionOf(item),
        reason: `Case closed: ${request.closeReason ?? ''}`.trim(),
      });
      await manager.save(item);
    }
    return items.length;
  }

  private read(dto: EvidenceRetentionDto, now: Date): RetentionRequest {
    if (dto.retainUntil === undefined && dto.retainUntilCaseClosed === undefined && dto.legalHold === undefined) {
      throw badRequest('nothing_to_change', 'Give retainUntil, retainUntilCaseClosed or legalHold');
    }
    if (dto.retainUntil !== undefined && dto.retainUntilCaseClosed === true) {
      throw badRequest('conflicting_retention', 'Give either a retainUntil date or retainUntilCaseClosed, not both');
    }
    if (dto.retainUntilCaseClosed === false && dto.retainUntil === undefined) {
      throw badRequest('retain_until_required', 'Ending "until case closed" needs a retainUntil date');
    }
    return {
      retainUntil: dto.retainUntil === undefined ? undefined : futureRetainUntil(dto.retainUntil, now),
      caseClosed: dto.retainUntilCaseClosed,
      legalHold: dto.legalHold,
      reason: dto.reason ?? null,
    };
  }

  private checkShortening(current: Retention, next: Retention, reason: string | null, now: Date): Shortening[] {
    const shortenings = shorteningsOf(current, next, now);
    if (current.legalHold && shortenings.some((s) => HOLD_BLOCKED_SHORTENINGS.includes(s))) {
      throw conflict('legal_hold', 'The evidence is under a legal hold: its retention cannot be shortened until the hold is cleared', {
        shortenings,
      });
    }
    if (shortenings.length > 0 && !reason) {
      throw badRequest('reason_required', 'This change lets the evidence be deleted sooner: give a reason', {
        shortenings,
        from: retentionOf(current).retainUntil,
        to: retentionOf(next).retainUntil,
      });
    }
    return shortenings;
  }

  private async applyDates(manager: EntityManager, item: EvidenceItem, next: Retention, reason: string | null, shortenings: Shortening[]) {
    const from = retentionOf(item);
    const to = retentionOf(next);
    if (from.retainUntil === to.retainUntil && from.retainUntilCaseClosed === to.retainUntilCaseClosed) return;
    Object.assign(item, { retainUntil: next.retainUntil, retainUntilCaseClosed: next.retainUntilCaseClosed });
    const shortened = shortenings.some((s) => HOLD_BLOCKED_SHORTENINGS.includes(s));
    await this.custody.appendToItem(manager, item, 'retention_changed', { from, to, reason, shortened });
  }

  private async applyHold(manager: EntityManager, item: EvidenceItem, legalHold: boolean, reason: string | null, shortenings: Shortening[]) {
    if (legalHold === item.legalHold) return;
    Object.assign(item, { legalHold, legalHoldReason: legalHold ? reason : null });
    const details = legalHold ? { reason } : { reason, retentionExpired: shortenings.includes('hold_cleared_after_expiry') };
    await this.custody.appendToItem(manager, item, legalHold ? 'legal_hold_set' : 'legal_hold_cleared', details);
  }
}

function nextRetention(current: Retention, asked: RetentionRequest): Retention {
  const legalHold = asked.legalHold ?? current.legalHold;
  if (asked.caseClosed === true) return { retainUntil: null, retainUntilCaseClosed: true, legalHold };
  if (asked.retainUntil) return { retainUntil: asked.retainUntil, retainUntilCaseClosed: false, legalHold };
  return { ...current, legalHold };
}
