import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { StorageService } from '../storage/storage.service.js';
import { CustodyService, systemActor } from './custody.service.js';
import { toEvidenceItemResponse } from './dto/evidence-item.dto.js';
import { EvidenceItem } from './entities/evidence-item.entity.js';
import { EvidenceLookup } from './evidence-lookup.service.js';
import { EVIDENCE_KEY_PREFIX, STALE_UPLOAD_HOURS } from './evidence.constants.js';

export const ABORT_STALE_UPLOADS_JOB = 'evidence.abort-stale-uploads';

/**
 * Leftovers of uploads that died with their process: multipart uploads never completed or aborted (storage would
 * keep their parts, invisible and billed, for ever) and items stuck in `uploading`.
 */
@Injectable()
export class EvidenceCleanupService {
  private readonly logger = new Logger(EvidenceCleanupService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly custody: CustodyService,
    private readonly storage: StorageService,
    private readonly lookup: EvidenceLookup,
  ) {}

  async abortStaleUploads(now = new Date()): Promise<{ multipartUploadsAborted: number | string; staleItemsFailed: number }> {
    const olderThan = new Date(now.getTime() - STALE_UPLOAD_HOURS * 3600 * 1000);
    let multipartUploadsAborted: number | string;
    try {
      const aborted = await this.storage.abortStaleMultipartUploads(EVIDENCE_KEY_PREFIX, olderThan);
      multipartUploadsAborted = aborted ?? 'not supported by this storage endpoint';
    } catch (error) {
      this.logger.error(`Listing stale multipart uploads failed: ${(error as Error).message}`);
      multipartUploadsAborted = `failed: ${(error as Error).message}`;
    }
    const stale = await this.dataSource.getRepository(EvidenceItem).find({
      select: { id: true },
      where: { status: 'uploading', uploadStartedAt: LessThan(olderThan) },
      order: { uploadStartedAt: 'ASC', id: 'ASC' },
    });
    let staleItemsFailed = 0;
    for (const { id } of stale) {
      const item = await this.dataSource.transaction(async (manager) => {
        const { item: locked } = await this.lookup.lockItem(manager, id, null);
        if (locked.status !== 'uploading' || !locked.uploadStartedAt || locked.uploadStartedAt >= olderThan) return null;
        const before = toEvidenceItemResponse(locked);
        Object.assign(locked, { status: 'failed', failureReason: 'stale_upload' });
        await this.custody.appendToItem(
          manager,
          locked,
          'upload_failed',
          { attempt: locked.uploadAttempts, reason: 'stale_upload', startedAt: locked.uploadStartedAt.toISOString() },
          systemActor(ABORT_STALE_UPLOADS_JOB),
        );
        const saved = await manager.save(locked);
        await this.audit.record(
          { action: 'evidence_item.upload_failed', entityType: 'evidence_item', entityId: id, before, after: toEvidenceItemResponse(saved) },
          { manager, actor: null },
        );
        return saved;
      });
      if (!item) continue;
      staleItemsFailed += 1;
      // Whatever the dead attempt may have completed is not evidence (the item never became available): on a
      // versioned bucket every version under its key goes, not just the newest.
      await this.storage.deleteEveryVersion(item.storageKey).catch((error) =>
        this.logger.warn(`Could not remove the leftover of ${item.storageKey}: ${(error as Error).message}`),
      );
    }
    return { multipartUploadsAborted, staleItemsFailed };
  }
}
