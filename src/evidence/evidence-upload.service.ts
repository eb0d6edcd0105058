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
import { isDatabaseUnavailable } from '../common/errors/database-unavailable.js';
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
import { EvidenceItem } from './entities/evidence-item.entity.js';
import type { ItemStatus, UploadFailureReason } from './evidence.enums.js';
import { defaultRetainUntil } from './evidence-retention.service.js';
import { EvidenceUploadLeases } from './evidence-upload-leases.service.js';
import { declaredLength, discardRemainingBody } from './request-body.js';
import { LeaseLostError, type UploadLease } from './upload-lease.js';

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

interface Attempt {
  itemId: string;
  attempt: number;
  storageKey: string;
  contentType: string;
}

const tooLarge = (maxBytes: number) =>
  new DomainException('payload_too_large', 413, `Evidence files are limited to ${maxBytes} bytes`, { maxBytes });

const databaseUnavailable = () =>
  serviceUnavailable('database_unavailable', 'The database is unavailable; nothing was kept. Try again in a minute.');

/**
 * PUT /evidence/:id/content. The body streams straight to S3 while SHA-256 and size are computed in the same pass;
 * nothing is buffered beyond a few multipart parts. The database is written in short transactions before and after
 * the stream — never during it, apart from the attempt's lease renewals (one-row UPDATEs). An attempt that fails for
 * any reason leaves the item `failed` (it may be uploaded again) and no object behind; one that dies without saying
 * so (crash, database lost) is taken over once its lease runs out. Only a complete, hash-checked upload makes the
 * item `available`, after which it is immutable.
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
    private readonly leases: EvidenceUploadLeases,
    private readonly fulfilment: EvidenceFulfilmentService,
  ) {}

  async upload(id: string, user: AuthenticatedUser, raw: IncomingMessage, clientSha256Header?: string): Promise<UploadResultResponse> {
    try {
      return await this.receive(id, user, raw, clientSha256Header);
    } catch (error) {
      if (!(error instanceof DomainException) && isDatabaseUnavailable(error)) throw databaseUnavailable();
      throw error;
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
    const grantedAt = Date.now();
    const attempt = await this.begin(id, user, { declaredSize: declared, clientSha256, mediaType });

    if (declared !== null && declared > maxBytes) {
      await this.fail(attempt, 'too_large', { declaredSize: declared, maxBytes });
      throw tooLarge(maxBytes);
    }
    const stored = await this.stream(attempt, raw, maxBytes, this.leases.hold(attempt.itemId, attempt.attempt, grantedAt));
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

  /** Streams the body to storage under the attempt's lease; any failure is recorded on the item and answered. */
  private async stream(attempt: Attempt, raw: IncomingMessage, maxBytes: number, lease: UploadLease): Promise<StoredObject> {
    try {
      return await this.storage.uploadStream(attempt.storageKey, raw, { contentType: attempt.contentType, maxBytes, signal: lease.signal });
    } catch (error) {
      throw await this.failed(attempt, error);
    } finally {
      lease.stop();
    }
  }

  /**
   * Claims the item for this attempt: awaiting_upload or failed → uploading, with a fresh lease. An `uploading` item
   * whose lease ran out is taken over: the dead attempt is retired first.
   */
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
      if (item.status === 'integrity_failed') throw conflict('evidence_immutable', 'The evidence is quarantined and cannot be replaced');
      if (item.status === 'deleted') throw conflict('evidence_immutable', 'The evidence has been deleted and cannot be replaced');
      const now = await this.leases.databaseNow(manager);
      if (item.status === 'uploading' && !this.leases.isExpired(item, now)) {
        throw conflict('upload_in_progress', 'An upload of this item is in progress', { leaseExpiresAt: this.leases.expiresAt(item).toISOString() });
      }
      if (request.status !== 'approved' && request.status !== 'fulfilled') {
        throw conflict('request_not_open', `The request is ${request.status}; no more evidence can be uploaded to it`);
      }
      if (item.status === 'uploading') {
        try {
          await this.leases.retire(manager, item, 'takeover');
        } catch (error) {
          if (error instanceof DomainException) throw error;
          throw serviceUnavailable('storage_unavailable', 'The leftovers of the previous attempt could not be removed; try again later');
        }
      }
      const before = toEvidenceItemResponse(item);
      Object.assign(item, {
        status: 'uploading',
        uploadAttempts: item.uploadAttempts + 1,
        uploadStartedAt: now,
        uploadLeaseExpiresAt: new Date(now.getTime() + this.leases.leaseSeconds * 1000),
        failureReason: null,
      });
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
    if (error instanceof LeaseLostError) {
      // Superseded: the attempt that took over recorded this one's failure. Unrenewable: the database is out of reach.
      if (error.why === 'superseded') return conflict('upload_superseded', 'This upload attempt was taken over by another; nothing was kept');
      await this.fail(attempt, 'database_unavailable', { cause: error.message }).catch(() => undefined);
      return databaseUnavailable();
    }
    await this.fail(attempt, 'internal_error', { cause: (error as Error)?.message ?? String(error) });
    return error as Error;
  }

  private async fail(
    attempt: Attempt,
    reason: UploadFailureReason,
    details: Record<string, unknown>,
    mismatch?: { expected: string; actual: string },
    /** Runs under the item's lock once the attempt is known to still hold it; its result joins the details. */
    whileHeld?: () => Promise<Record<string, unknown>>,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const { item } = await this.lookup.lockItem(manager, attempt.itemId, null);
      // Superseded (e.g. marked stale by the cleanup job): that path recorded the failure already.
      if (item.status !== 'uploading' || item.uploadAttempts !== attempt.attempt) return false;
      if (whileHeld) details = { ...details, ...(await whileHeld()) };
      const before = toEvidenceItemResponse(item);
      Object.assign(item, { status: 'failed', failureReason: reason, uploadLeaseExpiresAt: null });
      if (mismatch) {
        await this.custody.appendToItem(manager, item, 'hash_mismatch', { ...mismatch, size: details.size, objectDeleted: details.objectDeleted });
      }
      await this.custody.appendToItem(manager, item, 'upload_failed', { attempt: attempt.attempt, reason, ...details });
      const saved = await manager.save(item);
      await this.audit.record(
        { action: 'evidence_item.upload_failed', entityType: 'evidence_item', entityId: item.id, before, after: toEvidenceItemResponse(saved) },
        { manager },
      );
      return true;
    });
  }

  private async complete(attempt: Attempt, stored: StoredObject, clientSha256: string | null): Promise<UploadResultResponse> {
    let committing = false;
    const outcome: EvidenceItem | { supersededBy: ItemStatus } = await this.dataSource.transaction(async (manager) => {
      const { item, request } = await this.lookup.lockRequestAndItem(manager, attempt.itemId, null);
      if (item.status !== 'uploading' || item.uploadAttempts !== attempt.attempt) return { supersededBy: item.status };
      const before = toEvidenceItemResponse(item);
      const uploadedAt = new Date();
      Object.assign(item, {
        status: 'available',
        sizeBytes: stored.size,
        sha256: stored.sha256,
        storageVersionId: stored.versionId,
        uploadedAt,
        uploadLeaseExpiresAt: null,
        failureReason: null,
      });
      if (!item.retainUntil && !item.retainUntilCaseClosed) item.retainUntil = defaultRetainUntil(uploadedAt, this.config.evidence.defaultRetentionDays);
      await this.custody.appendToItem(manager, item, 'uploaded', {
        attempt: attempt.attempt,
        sha256: stored.sha256,
        size: stored.size,
        storageKey: stored.key,
        storageVersionId: stored.versionId,
        etag: stored.etag,
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
      committing = true;
      return saved;
    }).catch(async (error: unknown) => {
      throw await this.completionFailed(attempt, stored, error, committing);
    });
    if ('supersededBy' in outcome) {
      // The key now belongs to the attempt that took over, unless that one is over too.
      if (outcome.supersededBy === 'failed' || outcome.supersededBy === 'awaiting_upload') await this.removeObject(stored);
      throw conflict('upload_superseded', 'This upload attempt was abandoned (marked stale) while it ran; nothing was kept');
    }
    return { id: outcome.id, sha256: stored.sha256, size: stored.size, status: 'available', storageVersionId: stored.versionId };
  }

  /**
   * The completing transaction failed after storage had completed the object (the database went away). Unless the
   * failure came with the commit itself (then the item may have become available), the object is not evidence and
   * goes at once. The attempt is recorded failed if the database answers again; otherwise it is taken over when its
   * lease runs out, and the object, if still there, removed then.
   */
  private async completionFailed(attempt: Attempt, stored: StoredObject, error: unknown, committing: boolean): Promise<Error> {
    const unreachable = isDatabaseUnavailable(error);
    const cause = (error as Error)?.message ?? String(error);
    const objectDeleted = committing ? null : await this.removeObject(stored);
    const removeIfStillOurs = committing ? async () => ({ objectDeleted: await this.removeObject(stored) }) : undefined;
    await this.fail(attempt, unreachable ? 'database_unavailable' : 'internal_error', { cause, objectDeleted }, undefined, removeIfStillOurs).catch(
      (failure: unknown) => this.logger.warn(`Upload of ${attempt.itemId} could not be recorded as failed: ${(failure as Error).message}`),
    );
    return unreachable ? databaseUnavailable() : (error as Error);
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
