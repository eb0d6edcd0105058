import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { IncomingMessage } from 'node:http';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import {
  badRequest,
  conflict,
  DomainException,
  serviceUnavailable,
  unprocessable,
} from '../common/errors/domain-exception.js';
import { RAW_BODY_CONTENT_TYPES } from '../common/http/raw-body.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import {
  ObjectTooLargeError,
  StorageService,
  StorageUnavailableError,
  type StoredObject,
  UploadAbortedError,
} from '../storage/storage.service.js';
import { CustodyService } from './custody.service.js';
import { toEvidenceItemResponse, type UploadResultResponse } from './dto/evidence-item.dto.js';
import { EvidenceFulfilmentService } from './evidence-fulfilment.service.js';
import { EvidenceLookup } from './evidence-lookup.service.js';
import type { UploadFailureReason } from './evidence.enums.js';
import { defaultRetainUntil } from './evidence-retention.service.js';
import { declaredLength, discardRemainingBody } from './request-body.js';

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

interface Attempt {
  itemId: string;
  attempt: number;
  storageKey: string;
  contentType: string;
}

const tooLarge = (maxBytes: number) =>
  new DomainException('payload_too_large', 413, `Evidence files are limited to ${maxBytes} bytes`, { maxBytes });

/**
 * PUT /evidence/:id/content. The body streams straight to S3 while SHA-256 and size are computed in the same pass;
 * nothing is buffered beyond a few multipart parts. The database is written in short transactions before and after
 * the stream — never during it. An attempt that fails for any reason leaves the item `failed` (it may be uploaded
 * again) and no object behind; only a complete, hash-checked upload makes it `available`, after which it is immutable.
 */
@Injectable()
export class EvidenceUploadService {
  private readonly logger = new Logger(EvidenceUploadService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly custody: CustodyService,
    private readonly storage: StorageService,
    private readonly lookup: EvidenceLookup,
    private readonly fulfilment: EvidenceFulfilmentService,
  ) {}

  async upload(id: string, user: AuthenticatedUser, raw: IncomingMessage, clientSha256Header?: string): Promise<UploadResultResponse> {
    try {
      return await this.receive(id, user, raw, clientSha256Header);
    } finally {
      discardRemainingBody(raw);
    }
  }

  private async receive(id: string, user: AuthenticatedUser, raw: IncomingMessage, clientSha256Header?: string) {
    if (clientSha256Header !== undefined && !SHA256_HEX.test(clientSha256Header.trim())) {
      throw badRequest('invalid_content_sha256', 'X-Content-SHA256 must be 64 hexadecimal characters');
    }
    const clientSha256 = clientSha256Header?.trim().toLowerCase() ?? null;
    const mediaType = raw.headers['content-type'] ?? '';
    if (!RAW_BODY_CONTENT_TYPES.test(mediaType)) {
      throw new DomainException(
        'unsupported_media_type',
        415,
        'Send the file as the raw request body with Content-Type application/octet-stream, video/* or application/zip',
      );
    }
    const maxBytes = this.config.evidence.maxBytes;
    const declared = declaredLength(raw);
    const attempt = await this.begin(id, user, { declaredSize: declared, clientSha256, mediaType });

    if (declared !== null && declared > maxBytes) {
      await this.fail(attempt, 'too_large', { declaredSize: declared, maxBytes });
      throw tooLarge(maxBytes);
    }
    let stored: StoredObject;
    try {
      stored = await this.storage.uploadStream(attempt.storageKey, raw, { contentType: attempt.contentType, maxBytes });
    } catch (error) {
      throw await this.failed(attempt, error);
    }
    if (stored.size === 0) {
      await this.fail(attempt, 'empty', { objectDeleted: await this.removeObject(stored) });
      throw badRequest('empty_content', 'The uploaded content is empty');
    }
    if (clientSha256 && clientSha256 !== stored.sha256) {
      const objectDeleted = await this.removeObject(stored);
      await this.fail(attempt, 'hash_mismatch', { size: stored.size, objectDeleted }, { expected: clientSha256, actual: stored.sha256 });
      throw unprocessable('hash_mismatch', 'The content does not match X-Content-SHA256; nothing was kept', {
        expected: clientSha256,
        actual: stored.sha256,
      });
    }
    return this.complete(attempt, stored, clientSha256);
  }

  /** Claims the item for this attempt: awaiting_upload or failed → uploading. */
  private begin(
    id: string,
    user: AuthenticatedUser,
    meta: { declaredSize: number | null; clientSha256: string | null; mediaType: string },
  ): Promise<Attempt> {
    return this.dataSource.transaction(async (manager) => {
      const { item, request } = await this.lookup.lockItem(manager, id, user);
      if (item.status === 'available' || item.status === 'pending_deletion') {
        throw conflict('evidence_immutable', 'The evidence has been uploaded and cannot be replaced');
      }
      if (item.status === 'deleted') throw conflict('evidence_immutable', 'The evidence has been deleted and cannot be replaced');
      if (item.status === 'uploading') throw conflict('upload_in_progress', 'An upload of this item is in progress');
      if (request.status !== 'approved' && request.status !== 'fulfilled') {
        throw conflict('request_not_open', `The request is ${request.status}; no more evidence can be uploaded to it`);
      }
      const before = toEvidenceItemResponse(item);
      Object.assign(item, { status: 'uploading', uploadAttempts: item.uploadAttempts + 1, uploadStartedAt: new Date(), failureReason: null });
      await this.custody.appendToItem(manager, item, 'upload_started', {
        attempt: item.uploadAttempts,
        declaredSize: meta.declaredSize,
        clientSha256: meta.clientSha256,
        requestContentType: meta.mediaType,
      });
      const saved = await manager.save(item);
      await this.audit.record(
        { action: 'evidence_item.upload_start', entityType: 'evidence_item', entityId: id, before, after: toEvidenceItemResponse(saved) },
        { manager },
      );
      return { itemId: id, attempt: saved.uploadAttempts, storageKey: saved.storageKey, contentType: saved.contentType };
    });
  }

  /** Records why the stream failed and returns the error for the client. */
  private async failed(attempt: Attempt, error: unknown): Promise<Error> {
    if (error instanceof ObjectTooLargeError) {
      await this.fail(attempt, 'too_large', { maxBytes: error.maxBytes });
      return tooLarge(error.maxBytes);
    }
    if (error instanceof UploadAbortedError) {
      await this.fail(attempt, 'client_aborted', {});
      return badRequest('upload_interrupted', 'The upload was interrupted before the content was complete; nothing was kept');
    }
    if (error instanceof StorageUnavailableError) {
      await this.fail(attempt, 'storage_unavailable', { cause: error.message });
      return serviceUnavailable('storage_unavailable', 'Object storage failed during the upload; nothing was kept. Try again later.');
    }
    await this.fail(attempt, 'internal_error', { cause: (error as Error)?.message ?? String(error) });
    return error as Error;
  }

  private async fail(
    attempt: Attempt,
    reason: UploadFailureReason,
    details: Record<string, unknown>,
    mismatch?: { expected: string; actual: string },
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { item } = await this.lookup.lockItem(manager, attempt.itemId, null);
      // Superseded (e.g. marked stale by the cleanup job): that path recorded the failure already.
      if (item.status !== 'uploading' || item.uploadAttempts !== attempt.attempt) return;
      const before = toEvidenceItemResponse(item);
      Object.assign(item, { status: 'failed', failureReason: reason });
      if (mismatch) {
        await this.custody.appendToItem(manager, item, 'hash_mismatch', { ...mismatch, size: details.size, objectDeleted: details.objectDeleted });
      }
      await this.custody.appendToItem(manager, item, 'upload_failed', { attempt: attempt.attempt, reason, ...details });
      const saved = await manager.save(item);
      await this.audit.record(
        { action: 'evidence_item.upload_failed', entityType: 'evidence_item', entityId: item.id, before, after: toEvidenceItemResponse(saved) },
        { manager },
      );
    });
  }

  private async complete(attempt: Attempt, stored: StoredObject, clientSha256: string | null): Promise<UploadResultResponse> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const { item, request } = await this.lookup.lockRequestAndItem(manager, attempt.itemId, null);
      if (item.status !== 'uploading' || item.uploadAttempts !== attempt.attempt) return null;
      const before = toEvidenceItemResponse(item);
      const uploadedAt = new Date();
      Object.assign(item, {
        status: 'available',
        sizeBytes: stored.size,
        sha256: stored.sha256,
        storageVersionId: stored.versionId,
        uploadedAt,
        failureReason: null,
      });
      if (!item.retainUntil && !item.retainUntilCaseClosed) item.retainUntil = defaultRetainUntil(uploadedAt, this.config.evidence.defaultRetentionDays);
      await this.custody.appendToItem(manager, item, 'uploaded', {
        attempt: attempt.attempt,
        sha256: stored.sha256,
        size: stored.size,
        storageKey: stored.key,
        storageVersionId: stored.versionId,
        contentType: item.contentType,
        retainUntil: item.retainUntil?.toISOString() ?? null,
        retainUntilCaseClosed: item.retainUntilCaseClosed,
      });
      if (clientSha256) {
        await this.custody.appendToItem(manager, item, 'hash_verified', { clientSha256, sha256: stored.sha256, source: 'X-Content-SHA256' });
      }
      const saved = await manager.save(item);
      await this.fulfilment.afterUpload(manager, request);
      await this.audit.record(
        { action: 'evidence_item.upload', entityType: 'evidence_item', entityId: item.id, before, after: toEvidenceItemResponse(saved) },
        { manager },
      );
      return saved;
    });
    if (!outcome) {
      await this.removeObject(stored);
      throw conflict('upload_superseded', 'This upload attempt was abandoned (marked stale) while it ran; nothing was kept');
    }
    return { id: outcome.id, sha256: stored.sha256, size: stored.size, status: 'available', storageVersionId: stored.versionId };
  }

  private async removeObject(stored: StoredObject): Promise<boolean> {
    try {
      await this.storage.delete(stored.key, stored.versionId);
      return true;
    } catch (error) {
      this.logger.error(`Could not delete rejected upload ${stored.key}: ${(error as Error).message}`);
      return false;
    }
  }
}
