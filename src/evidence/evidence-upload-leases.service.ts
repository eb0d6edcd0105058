import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { StorageService } from '../storage/storage.service.js';
import { type CustodyActor, CustodyService } from './custody.service.js';
import { toEvidenceItemResponse } from './dto/evidence-item.dto.js';
import { EvidenceItem } from './entities/evidence-item.entity.js';
import { UploadLease } from './upload-lease.js';

/**
 * Upload attempts hold their item by a lease on its row (EVIDENCE_UPLOAD_LEASE_SECONDS, database clock), renewed while
 * the content streams. An `uploading` item whose lease ran out belongs to a dead attempt (crashed instance, lost
 * database): a new PUT or the cleanup job retires it — recorded as upload_failed (stale_upload), with whatever it
 * left in storage removed — and the item may be uploaded again.
 */
@Injectable()
export class EvidenceUploadLeases {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly custody: CustodyService,
    private readonly storage: StorageService,
  ) {}

  get leaseSeconds(): number {
    return this.config.evidence.uploadLeaseSeconds;
  }

  async databaseNow(manager: EntityManager): Promise<Date> {
    const [{ now }] = (await manager.query('SELECT now() AS now')) as { now: Date }[];
    return now;
  }

  /** When the item's attempt lease runs (ran) out; rows from before leases fall back to the start plus one lease. */
  expiresAt(item: EvidenceItem): Date {
    if (item.uploadLeaseExpiresAt) return item.uploadLeaseExpiresAt;
    return new Date((item.uploadStartedAt?.getTime() ?? 0) + this.leaseSeconds * 1000);
  }

  isExpired(item: EvidenceItem, now: Date): boolean {
    return item.status === 'uploading' && this.expiresAt(item) <= now;
  }

  /** The lease of attempt `attempt`, renewed in its own tiny UPDATE (never inside a transaction). */
  hold(itemId: string, attempt: number, grantedAt: number): UploadLease {
    const renew = async () => {
      const result = await this.dataSource
        .createQueryBuilder()
        .update(EvidenceItem)
        .set({ uploadLeaseExpiresAt: () => `now() + ${this.leaseSeconds} * interval '1 second'` })
        .where('id = :itemId AND status = :status AND upload_attempts = :attempt', { itemId, status: 'uploading', attempt })
        .execute();
      return (result.affected ?? 0) > 0;
    };
    return new UploadLease(renew, this.leaseSeconds * 1000, grantedAt).start();
  }

  /**
   * Retires the dead attempt on `item` (locked through `manager`, lease expired): removes every version of its object
   * and its unfinished multipart uploads first — storage failing leaves the item as it was, for the next try — then
   * records the attempt as failed.
   */
  async retire(manager: EntityManager, item: EvidenceItem, detectedBy: 'takeover' | 'cleanup', actor?: CustodyActor): Promise<void> {
    const leaseExpiredAt = this.expiresAt(item).toISOString();
    const leftovers = await this.storage.removeEverythingAt(item.storageKey);
    const before = toEvidenceItemResponse(item);
    Object.assign(item, { status: 'failed', failureReason: 'stale_upload', uploadLeaseExpiresAt: null });
    await this.custody.appendToItem(
      manager,
      item,
      'upload_failed',
      {
        attempt: item.uploadAttempts,
        reason: 'stale_upload',
        startedAt: item.uploadStartedAt?.toISOString() ?? null,
        leaseExpiredAt,
        detectedBy,
        leftoverVersionsDeleted: leftovers.versionsDeleted,
        multipartUploadsAborted: leftovers.multipartUploadsAborted,
      },
      actor,
    );
    const saved = await manager.save(item);
    await this.audit.record(
      { action: 'evidence_item.upload_failed', entityType: 'evidence_item', entityId: item.id, before, after: toEvidenceItemResponse(saved) },
      { manager, ...(actor?.role === 'system' ? { actor: null } : {}) },
    );
  }
}
