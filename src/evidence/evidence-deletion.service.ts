import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, LessThan, LessThanOrEqual } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { badRequest, conflict, serviceUnavailable } from '../common/errors/domain-exception.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { StorageService } from '../storage/storage.service.js';
import { type CustodyActor, CustodyService, systemActor } from './custody.service.js';
import {
  type EvidenceItemResponse,
  type EvidenceReasonDto,
  type RestoreEvidenceDto,
  toEvidenceItemResponse,
} from './dto/evidence-item.dto.js';
import { EvidenceItem } from './entities/evidence-item.entity.js';
import { EvidenceLookup, type ItemWithRequest } from './evidence-lookup.service.js';
import { DAY_MS, RETENTION_PURGE_BATCH } from './evidence.constants.js';
import { type DeletionTrigger, STORED_CONTENT_STATUSES } from './evidence.enums.js';
import { formatLondon } from './london-time.js';
import { futureRetainUntil, isExpired, pendingDeletionConflict, retentionOf } from './retention-policy.js';

export const RETENTION_PURGE_JOB = 'evidence.retention-purge';

export interface PurgeSummary {
  /** Expired items moved to the recycle bin. */
  scheduled: number;
  /** Items whose grace period had passed, now deleted. */
  deleted: number;
  /** Left as they were, retried next run. */
  failed: { itemId: string; step: 'schedule' | 'delete'; error: string }[];
}

interface DeletionDetails {
  trigger: DeletionTrigger;
  reason: string;
  [detail: string]: unknown;
}

/** Who sent the item to the recycle bin: the purge job, or the user (for the SPOC's notification). */
interface Scheduler {
  actor?: CustodyActor;
  label: string;
}

type RestoreTrigger = 'restore' | 'legal_hold';

/**
 * The recycle bin. Deleting an exhibit — because its retention ran out or because an SPOC/admin deleted it — first
 * moves it to `pending_deletion` for EVIDENCE_DELETION_GRACE_DAYS: the content stays in storage but is not served,
 * the SPOC is notified, and an SPOC or admin may restore it. Only the purge, once that period has passed, deletes
 * the object; the item's metadata and chain of custody stay. A legal hold blocks every step. The storage delete
 * runs while the item row is locked, so a concurrent hold or restore either wins or finds the item deleted, and a
 * storage failure rolls back, leaving the item in the recycle bin for the next run.
 */
@Injectable()
export class EvidenceDeletionService {
  private readonly logger = new Logger(EvidenceDeletionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly custody: CustodyService,
    private readonly storage: StorageService,
    private readonly lookup: EvidenceLookup,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * DELETE /evidence/:id (SPOC, admin). Uploaded content goes to the recycle bin; a record that never got content
   * (awaiting upload, failed) has nothing to recover and is marked deleted at once.
   */
  async delete(id: string, dto: EvidenceReasonDto, user: AuthenticatedUser): Promise<EvidenceItemResponse> {
    return this.dataSource.transaction(async (manager) => {
      const { item, request } = await this.lookup.lockItem(manager, id, user);
      if (item.legalHold) throw conflict('legal_hold', 'The evidence is under a legal hold and cannot be deleted');
      if (item.status === 'deleted') throw conflict('evidence_deleted', 'The evidence has already been deleted');
      if (item.status === 'pending_deletion') throw pendingDeletionConflict(item);
      if (item.status === 'uploading') throw conflict('upload_in_progress', 'The evidence is being uploaded');
      // Altered evidence is itself evidence (of the tampering): it is kept for the investigation, not deleted.
      if (item.status === 'integrity_failed') {
        throw conflict('integrity_failed', 'The evidence is quarantined after a failed integrity check and is kept for the investigation');
      }
      const before = toEvidenceItemResponse(item);
      const details: DeletionDetails = { trigger: 'manual', reason: dto.reason };
      if (item.status === 'available') await this.scheduleLocked(manager, { item, request }, details, new Date(), { label: `${user.email} (${user.role})` });
      else await this.deleteLocked(manager, item, details);
      const after = toEvidenceItemResponse(item);
      await this.audit.record({ action: 'evidence_item.delete', entityType: 'evidence_item', entityId: id, before, after }, { manager });
      return after;
    });
  }

  /** POST /evidence/:id/restore (SPOC, admin): out of the recycle bin with a reason and a new, future retention. */
  async restore(id: string, dto: RestoreEvidenceDto, user: AuthenticatedUser): Promise<EvidenceItemResponse> {
    const now = new Date();
    if (dto.retainUntil !== undefined && dto.retainUntilCaseClosed === true) {
      throw badRequest('conflicting_retention', 'Give either a retainUntil date or retainUntilCaseClosed, not both');
    }
    const retainUntil = dto.retainUntil !== undefined ? futureRetainUntil(dto.retainUntil, now) : null;
    return this.dataSource.transaction(async (manager) => {
      const { item, request } = await this.lookup.lockItem(manager, id, user);
      if (item.status === 'deleted') throw conflict('evidence_deleted', 'The evidence has been deleted; it cannot be restored');
      if (item.status !== 'pending_deletion') {
        throw conflict('not_pending_deletion', `The evidence is ${item.status.replace('_', ' ')}, not in the recycle bin`, { status: item.status });
      }
      const caseClosed = dto.retainUntilCaseClosed === true;
      if (caseClosed && request.status === 'closed') throw conflict('case_already_closed', 'The request is already closed');
      const before = toEvidenceItemResponse(item);
      Object.assign(item, {
        retainUntil: caseClosed ? null : (retainUntil ?? new Date(now.getTime() + this.config.evidence.defaultRetentionDays * DAY_MS)),
        retainUntilCaseClosed: caseClosed,
      });
      await this.restoreLocked(manager, item, 'restore', dto.reason);
      const after = toEvidenceItemResponse(await manager.save(item));
      await this.audit.record({ action: 'evidence_item.restore', entityType: 'evidence_item', entityId: id, before, after }, { manager });
      return after;
    });
  }

  /** `item` is pending deletion and locked through `manager`; its retention is already what it will keep. */
  async restoreLocked(manager: EntityManager, item: EvidenceItem, trigger: RestoreTrigger, reason: string | null): Promise<void> {
    const from = {
      deletionDueAt: item.deletionDueAt?.toISOString() ?? null,
      deletionTrigger: item.deletionTrigger,
      deletionReason: item.deletionReason,
    };
    Object.assign(item, { status: 'available', deletionDueAt: null, deletionTrigger: null, deletionReason: null });
    await this.custody.appendToItem(manager, item, 'restored', { trigger, reason, from, to: retentionOf(item) });
  }

  /**
   * The daily purge, one item per transaction: deletes the content of items whose grace period has passed, then
   * moves newly expired items (not held, not kept until case closed) to the recycle bin.
   */
  async purge(now = new Date()): Promise<PurgeSummary> {
    const failed: PurgeSummary['failed'] = [];
    const actor = systemActor(RETENTION_PURGE_JOB);
    const due = await this.candidates({ status: 'pending_deletion', legalHold: false, deletionDueAt: LessThanOrEqual(now) }, 'deletionDueAt');
    const deleted = await this.eachLocked(due, 'delete', failed, async (manager, { item }) => {
      if (item.status !== 'pending_deletion' || item.legalHold || !item.deletionDueAt || item.deletionDueAt > now) return false;
      const before = toEvidenceItemResponse(item);
      await this.deleteLocked(
        manager,
        item,
        {
          trigger: item.deletionTrigger ?? 'retention',
          reason: item.deletionReason ?? '',
          retainUntil: item.retainUntil?.toISOString() ?? null,
          gracePeriodEnded: item.deletionDueAt.toISOString(),
        },
        actor,
      );
      await this.audit.record(
        { action: 'evidence_item.purge', entityType: 'evidence_item', entityId: item.id, before, after: toEvidenceItemResponse(item) },
        { manager, actor: null },
      );
      return true;
    });
    const expired = await this.candidates(
      { status: 'available', legalHold: false, retainUntilCaseClosed: false, retainUntil: LessThan(now) },
      'retainUntil',
    );
    const scheduled = await this.eachLocked(expired, 'schedule', failed, async (manager, found) => {
      if (found.item.status !== 'available' || !isExpired(found.item, now)) return false;
      const before = toEvidenceItemResponse(found.item);
      const retainUntil = found.item.retainUntil!.toISOString();
      await this.scheduleLocked(manager, found, { trigger: 'retention', reason: 'Retention period expired', retainUntil }, now, { actor, label: 'the retention purge' });
      await this.audit.record(
        {
          action: 'evidence_item.deletion_scheduled',
          entityType: 'evidence_item',
          entityId: found.item.id,
          before,
          after: toEvidenceItemResponse(found.item),
        },
        { manager, actor: null },
      );
      return true;
    });
    return { scheduled, deleted, failed };
  }

  private async candidates(where: Record<string, unknown>, order: 'deletionDueAt' | 'retainUntil'): Promise<string[]> {
    const rows = await this.dataSource.getRepository(EvidenceItem).find({
      select: { id: true },
      where,
      order: { [order]: 'ASC', id: 'ASC' },
      take: RETENTION_PURGE_BATCH,
    });
    return rows.map((row) => row.id);
  }

  /** Runs `work` on each item in its own transaction with the item locked; a failure leaves that item as it was. */
  private async eachLocked(
    ids: string[],
    step: 'schedule' | 'delete',
    failed: PurgeSummary['failed'],
    work: (manager: EntityManager, found: ItemWithRequest) => Promise<boolean>,
  ): Promise<number> {
    let done = 0;
    for (const id of ids) {
      try {
        const changed = await this.dataSource.transaction(async (manager) => work(manager, await this.lookup.lockItem(manager, id, null)));
        if (changed) done += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error(`Retention purge (${step}) of evidence item ${id} failed: ${message}`);
        failed.push({ itemId: id, step, error: message });
      }
    }
    return done;
  }

  /** Into the recycle bin: content kept, no longer served, deleted by the purge after the grace period. */
  private async scheduleLocked(
    manager: EntityManager,
    { item, request }: ItemWithRequest,
    details: DeletionDetails,
    now: Date,
    by: Scheduler,
  ): Promise<void> {
    const graceDays = this.config.evidence.deletionGraceDays;
    const deletionDueAt = new Date(now.getTime() + graceDays * DAY_MS);
    Object.assign(item, { status: 'pending_deletion', deletionDueAt, deletionTrigger: details.trigger, deletionReason: details.reason });
    await this.custody.appendToItem(manager, item, 'deletion_scheduled', { ...details, deletionDueAt: deletionDueAt.toISOString(), graceDays }, by.actor);
    await manager.save(item);
    await this.notifySpoc(manager, { item, request }, details, by.label);
  }

  private async notifySpoc(manager: EntityManager, { item, request }: ItemWithRequest, details: DeletionDetails, by: string): Promise<void> {
    const why =
      details.trigger === 'retention'
        ? `reached the end of its retention (${formatLondon(item.retainUntil)})`
        : `was deleted by ${by}: ${details.reason}`;
    await this.notifications.enqueue(
      {
        kind: 'evidence_deletion_scheduled',
        recipientRole: 'spoc',
        subject: `Evidence to be deleted on ${formatLondon(item.deletionDueAt)}: exhibit ${item.exhibitReference}`,
        body:
          `Exhibit ${item.exhibitReference} part ${item.partNumber} (evidence item ${item.id}) of request ${request.crimeReference} ${why}. ` +
          `It is in the recycle bin: not downloadable, and its content will be deleted on ${formatLondon(item.deletionDueAt)}. ` +
          `Until then an SPOC or admin can restore it (POST /api/v1/evidence/${item.id}/restore) or set a legal hold.`,
        relatedEntityType: 'evidence_item',
        relatedEntityId: item.id,
        dedupeKey: `evidence-deletion:${item.id}:${item.deletionDueAt!.toISOString()}`,
      },
      manager,
    );
  }

  /** Removes the stored object (if any) and marks the item deleted; metadata and custody stay. */
  private async deleteLocked(manager: EntityManager, item: EvidenceItem, details: DeletionDetails, actor?: CustodyActor): Promise<void> {
    // A failed upload may have left an object behind when its clean-up could not reach storage.
    const hadContent = STORED_CONTENT_STATUSES.includes(item.status) || item.status === 'failed';
    if (hadContent) {
      try {
        await this.storage.delete(item.storageKey, item.storageVersionId);
      } catch (error) {
        throw serviceUnavailable('storage_unavailable', 'Object storage is unavailable; nothing was deleted', {
          cause: (error as Error).message,
        });
      }
    }
    Object.assign(item, {
      status: 'deleted',
      deletedAt: new Date(),
      deletionDueAt: null,
      deletionTrigger: details.trigger,
      deletionReason: details.reason,
    });
    await this.custody.appendToItem(
      manager,
      item,
      'deleted',
      { ...details, storageKey: item.storageKey, storageVersionId: item.storageVersionId, sha256: item.sha256, contentDeleted: hadContent },
      actor,
    );
    await manager.save(item);
  }
}
