import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StorageService } from '../storage/storage.service.js';
import { systemActor } from './custody.service.js';
import { EvidenceItem } from './entities/evidence-item.entity.js';
import { EvidenceLookup } from './evidence-lookup.service.js';
import { EVIDENCE_KEY_PREFIX } from './evidence.constants.js';
import { EvidenceUploadLeases } from './evidence-upload-leases.service.js';

export const ABORT_STALE_UPLOADS_JOB = 'evidence.abort-stale-uploads';
/** Every few minutes: a dead upload is found within a lease and a run. */
export const ABORT_STALE_UPLOADS_CRON = '*/5 * * * *';

/**
 * Leftovers of uploads that died with their process or lost their database: items stuck in `uploading` after their
 * lease ran out (retired like a takeover does: leftovers removed, attempt recorded failed), and multipart uploads
 * never completed or aborted (storage would keep their parts, invisible and billed, for ever) that no live attempt
 * holds.
 */
@Injectable()
export class EvidenceCleanupService {
  private readonly logger = new Logger(EvidenceCleanupService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly lookup: EvidenceLookup,
    private readonly leases: EvidenceUploadLeases,
  ) {}

  async abortStaleUploads(): Promise<{ multipartUploadsAborted: number | string; staleItemsFailed: number; storageErrors: number }> {
    const leaseSeconds = this.leases.leaseSeconds;
    const stale = await this.dataSource
      .getRepository(EvidenceItem)
      .createQueryBuilder('i')
      .select('i.id', 'id')
      .where('i.status = :status', { status: 'uploading' })
      .andWhere(`COALESCE(i.uploadLeaseExpiresAt, i.uploadStartedAt + ${leaseSeconds} * interval '1 second') <= now()`)
      .orderBy('i.uploadStartedAt', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .getRawMany<{ id: string }>();
    let staleItemsFailed = 0;
    let storageErrors = 0;
    const actor = systemActor(ABORT_STALE_UPLOADS_JOB);
    for (const { id } of stale) {
      try {
        const retired = await this.dataSource.transaction(async (manager) => {
          const { item } = await this.lookup.lockItem(manager, id, null);
          if (!this.leases.isExpired(item, await this.leases.databaseNow(manager))) return false;
          await this.leases.retire(manager, item, 'cleanup', actor);
          return true;
        });
        if (retired) staleItemsFailed += 1;
      } catch (error) {
        // Storage refusing to remove the leftovers: the item stays as it is until the next run.
        this.logger.warn(`Could not retire the stale upload of evidence item ${id}: ${(error as Error).message}`);
        storageErrors += 1;
      }
    }
    return { multipartUploadsAborted: await this.abortUnheldMultipartUploads(), staleItemsFailed, storageErrors };
  }

  /** Multipart uploads under the evidence prefix older than a lease whose item no live attempt holds. */
  private async abortUnheldMultipartUploads(): Promise<number | string> {
    try {
      const pending = await this.storage.listMultipartUploads(EVIDENCE_KEY_PREFIX);
      if (pending === null) return 'not supported by this storage endpoint';
      const olderThan = Date.now() - this.leases.leaseSeconds * 1000;
      let aborted = 0;
      for (const upload of pending) {
        if (upload.initiated && upload.initiated.getTime() > olderThan) continue;
        const item = await this.dataSource.getRepository(EvidenceItem).findOneBy({ storageKey: upload.key });
        const held = item?.status === 'uploading' && !this.leases.isExpired(item, new Date());
        if (held) continue;
        await this.storage.abortMultipartUploadById(upload.key, upload.uploadId);
        aborted += 1;
      }
      return aborted;
    } catch (error) {
      this.logger.error(`Aborting stale multipart uploads failed: ${(error as Error).message}`);
      return `failed: ${(error as Error).message}`;
    }
  }
}
