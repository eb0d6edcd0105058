import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, LessThan, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { badRequest, conflict, serviceUnavailable } from '../common/errors/domain-exception.js';
import { StorageService } from '../storage/storage.service.js';
import { type CustodyActor, CustodyService, systemActor } from './custody.service.js';
import { type EvidenceItemResponse, type EvidenceReasonDto, type EvidenceRetentionDto, toEvidenceItemResponse } from './dto/evidence-item.dto.js';
import { EvidenceItem } from './entities/evidence-item.entity.js';
import type { EvidenceRequest } from './entities/evidence-request.entity.js';
import { EvidenceLookup } from './evidence-lookup.service.js';
import { DAY_MS, RETENTION_PURGE_BATCH } from './evidence.constants.js';

export const RETENTION_PURGE_JOB = 'evidence.retention-purge';

const retentionOf = (item: EvidenceItem) => ({
  retainUntil: item.retainUntil?.toISOString() ?? null,
  retainUntilCaseClosed: item.retainUntilCaseClosed,
});

/** The retention given at upload (EVIDENCE_RETENTION_DAYS) unless a SPOC already set one. */
export function defaultRetainUntil(uploadedAt: Date, retentionDays: number): Date {
  return new Date(uploadedAt.getTime() + retentionDays * DAY_MS);
}

/**
 * Retention dates, legal holds and deletion. Deletion removes the stored object and marks the item deleted; the
 * item's metadata and chain of custody stay. A legal hold blocks every deletion. The storage delete runs while the
 * item row is locked, so a hold set concurrently either wins (nothing deleted) or waits and sees the item deleted.
 */
@Injectable()
export class EvidenceRetentionService {
  private readonly logger = new Logger(EvidenceRetentionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly custody: CustodyService,
    private readonly storage: StorageService,
    private readonly lookup: EvidenceLookup,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async change(id: string, dto: EvidenceRetentionDto, user: AuthenticatedUser): Promise<EvidenceItemResponse> {
    if (dto.retainUntil === undefined && dto.retainUntilCaseClosed === undefined && dto.legalHold === undefined) {
      throw badRequest('nothing_to_change', 'Give retainUntil, retainUntilCaseClosed or legalHold');
    }
    if (dto.retainUntil !== undefined && dto.retainUntilCaseClosed === true) {
      throw badRequest('conflicting_retention', 'Give either a retainUntil date or retainUntilCaseClosed, not both');
    }
    if (dto.retainUntilCaseClosed === false && dto.retainUntil === undefined) {
      throw badRequest('retain_until_required', 'Ending "until case closed" needs a retainUntil date');
    }
    const reason = dto.reason?.trim() || null;
    return this.dataSource.transaction(async (manager) => {
      const { item, request } = await this.lookup.lockItem(manager, id, user);
      if (item.status === 'deleted') throw conflict('evidence_deleted', 'The evidence has been deleted');
      const before = toEvidenceItemResponse(item);
      const previous = retentionOf(item);
      if (dto.retainUntilCaseClosed === true) {
        if (request.status === 'closed') throw conflict('case_already_closed', 'The request is already closed');
        Object.assign(item, { retainUntil: null, retainUntilCaseClosed: true });
      } else if (dto.retainUntil !== undefined) {
        Object.assign(item, { retainUntil: new Date(dto.retainUntil), retainUntilCaseClosed: false });
      }
      const current = retentionOf(item);
      if (current.retainUntil !== previous.retainUntil || current.retainUntilCaseClosed !== previous.retainUntilCaseClosed) {
        await this.custody.appendToItem(manager, item, 'retention_changed', { from: previous, to: current, reason });
      }
      if (dto.legalHold !== undefined && dto.legalHold !== item.legalHold) {
        item.legalHold = dto.legalHold;
        item.legalHoldReason = dto.legalHold ? reason : null;
        await this.custody.appendToItem(manager, item, dto.legalHold ? 'legal_hold_set' : 'legal_hold_cleared', { reason });
      }
      const saved = await manager.save(item);
      const after = toEvidenceItemResponse(saved);
      await this.audit.record(
        { action: 'evidence_item.retention', entityType: 'evidence_item', entityId: id, before, after: { ...after, reason } },
        { manager },
      );
      return after;
    });
  }

  /** Deletes an item's content now (SPOC, admin). */
  async delete(id: string, dto: EvidenceReasonDto, user: AuthenticatedUser): Promise<EvidenceItemResponse> {
    return this.dataSource.transaction(async (manager) => {
      const { item } = await this.lookup.lockItem(manager, id, user);
      if (item.legalHold) throw conflict('legal_hold', 'The evidence is under a legal hold and cannot be deleted');
      if (item.status === 'deleted') throw conflict('evidence_deleted', 'The evidence has already been deleted');
      if (item.status === 'uploading') throw conflict('upload_in_progress', 'The evidence is being uploaded');
      const before = toEvidenceItemResponse(item);
      await this.deleteLocked(manager, item, { trigger: 'manual', reason: dto.reason.trim() });
      const after = toEvidenceItemResponse(item);
      await this.audit.record({ action: 'evidence_item.delete', entityType: 'evidence_item', entityId: id, before, after }, { manager });
      return after;
    });
  }

  /** Items kept "until case closed" get the post-closure period when their request closes. */
  async applyCaseClosure(manager: EntityManager, request: EvidenceRequest): Promise<number> {
    const items = await manager.find(EvidenceItem, {
      where: { requestId: request.id, retainUntilCaseClosed: true, status: Not('deleted') },
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

  /** The scheduled purge: deletes expired content not under a legal hold, one item per transaction. */
  async purge(now = new Date()): Promise<{ expired: number; deleted: number; failed: { itemId: string; error: string }[] }> {
    const candidates = await this.dataSource.getRepository(EvidenceItem).find({
      select: { id: true },
      where: { status: 'available', legalHold: false, retainUntilCaseClosed: false, retainUntil: LessThan(now) },
      order: { retainUntil: 'ASC', id: 'ASC' },
      take: RETENTION_PURGE_BATCH,
    });
    const actor = systemActor(RETENTION_PURGE_JOB);
    let deleted = 0;
    const failed: { itemId: string; error: string }[] = [];
    for (const { id } of candidates) {
      try {
        const done = await this.dataSource.transaction(async (manager) => {
          const { item } = await this.lookup.lockItem(manager, id, null);
          const expired = item.retainUntil !== null && item.retainUntil < now;
          if (item.status !== 'available' || item.legalHold || item.retainUntilCaseClosed || !expired) return false;
          const before = toEvidenceItemResponse(item);
          await this.deleteLocked(
            manager,
            item,
            { trigger: 'retention', reason: 'Retention period expired', retainUntil: item.retainUntil!.toISOString() },
            actor,
          );
          await this.audit.record(
            { action: 'evidence_item.purge', entityType: 'evidence_item', entityId: id, before, after: toEvidenceItemResponse(item) },
            { manager, actor: null },
          );
          return true;
        });
        if (done) deleted += 1;
      } catch (error) {
        this.logger.error(`Retention purge of evidence item ${id} failed: ${(error as Error).message}`);
        failed.push({ itemId: id, error: (error as Error).message });
      }
    }
    return { expired: candidates.length, deleted, failed };
  }

  private async deleteLocked(
    manager: EntityManager,
    item: EvidenceItem,
    details: Record<string, unknown>,
    actor?: CustodyActor,
  ): Promise<void> {
    const hadContent = item.status === 'available' || item.status === 'failed' || item.status === 'integrity_failed';
    if (hadContent) {
      try {
        await this.storage.delete(item.storageKey, item.storageVersionId);
      } catch (error) {
        throw serviceUnavailable('storage_unavailable', 'Object storage is unavailable; nothing was deleted', {
          cause: (error as Error).message,
        });
      }
    }
    Object.assign(item, { status: 'deleted', deletedAt: new Date(), deletionReason: String(details.reason ?? '') });
    await this.custody.appendToItem(manager, item, 'deleted', {
      ...details,
      storageKey: item.storageKey,
      storageVersionId: item.storageVersionId,
      sha256: item.sha256,
      contentDeleted: hadContent,
    }, actor);
    await manager.save(item);
  }
}
