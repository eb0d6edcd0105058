import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { conflict, DomainException, forbidden, serviceUnavailable } from '../common/errors/domain-exception.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { StorageService } from '../storage/storage.service.js';
import { CustodyService } from './custody.service.js';
import type { DownloadUrlResponse } from './dto/evidence-item.dto.js';
import type { EvidenceItem } from './entities/evidence-item.entity.js';
import { canObtainContent } from './evidence-access.js';
import { EvidenceLookup, type ItemWithRequest } from './evidence-lookup.service.js';
import { pendingDeletionConflict } from './retention-policy.js';

export interface ContentDownload {
  item: EvidenceItem;
  stream: Readable;
}

export const isMissingObject = (error: unknown) =>
  (error as { name?: string })?.name === 'NoSuchKey' ||
  (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;

/** Obtaining evidence content: only entitled users, only available items, every time recorded with its reason. */
@Injectable()
export class EvidenceDownloadsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly custody: CustodyService,
    private readonly storage: StorageService,
    private readonly lookup: EvidenceLookup,
  ) {}

  async issueUrl(id: string, reason: string, user: AuthenticatedUser): Promise<DownloadUrlResponse> {
    const ttlSeconds = this.config.evidence.downloadUrlTtlSeconds;
    return this.dataSource.transaction(async (manager) => {
      const { item } = await this.entitled(manager, id, user, true);
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      const url = await this.storage.presignDownload(item.storageKey, {
        expiresInSeconds: ttlSeconds,
        fileName: item.originalFileName,
        versionId: item.storageVersionId,
      });
      await this.custody.appendToItem(manager, item, 'download_url_issued', {
        reason: reason.trim(),
        expiresAt: expiresAt.toISOString(),
        ttlSeconds,
        sha256: item.sha256,
      });
      await this.audit.record(
        { action: 'evidence_item.download_url', entityType: 'evidence_item', entityId: id, after: { reason: reason.trim(), expiresAt } },
        { manager },
      );
      return { url, expiresAt: expiresAt.toISOString(), sha256: item.sha256!, size: item.sizeBytes! };
    });
  }

  /**
   * Opens the stored object first and records the download once the content is about to flow, so that the log
   * never shows a download that storage could not serve. No transaction is open while the content streams.
   */
  async open(id: string, reason: string, user: AuthenticatedUser): Promise<ContentDownload> {
    const { item } = await this.entitled(this.dataSource.manager, id, user, false);
    let stream: Readable;
    try {
      stream = await this.storage.getStream(item.storageKey, item.storageVersionId);
    } catch (error) {
      if (isMissingObject(error)) {
        throw new DomainException('evidence_content_missing', 500, 'The stored content is missing; the integrity check will flag it');
      }
      throw serviceUnavailable('storage_unavailable', 'Object storage is unavailable; try again later');
    }
    try {
      const locked = await this.dataSource.transaction(async (manager) => {
        const { item: current } = await this.entitled(manager, id, user, true);
        await this.custody.appendToItem(manager, current, 'downloaded', { reason: reason.trim(), channel: 'api', sha256: current.sha256 });
        await this.audit.record(
          { action: 'evidence_item.download', entityType: 'evidence_item', entityId: id, after: { reason: reason.trim() } },
          { manager },
        );
        return current;
      });
      return { item: locked, stream };
    } catch (error) {
      stream.destroy();
      throw error;
    }
  }

  private async entitled(manager: EntityManager, id: string, user: AuthenticatedUser, lock: boolean): Promise<ItemWithRequest> {
    const found = lock ? await this.lookup.lockItem(manager, id, user) : await this.lookup.item(id, user, manager);
    const sharedWith = await this.lookup.sharedWith(found.request.id, manager);
    if (!canObtainContent(user, found.request, sharedWith)) {
      throw forbidden(
        'Evidence content is available to the requesting officer, officers it was shared with, the SPOC and admins',
        'not_entitled',
      );
    }
    if (found.item.status === 'deleted') throw new DomainException('evidence_deleted', 410, 'The evidence has been deleted');
    if (found.item.status === 'pending_deletion') throw pendingDeletionConflict(found.item);
    if (found.item.status !== 'available') {
      throw conflict('evidence_not_available', `The evidence is ${found.item.status.replace('_', ' ')}; there is no content yet`);
    }
    return found;
  }
}
