import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { conflict, DomainException, forbidden, serviceUnavailable } from '../common/errors/domain-exception.js';
import { RequestContexts } from '../common/http/request-context.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { type ByteRange, type ObjectInfo, StorageService } from '../storage/storage.service.js';
import { parseRange } from './byte-range.js';
import {
  type ContentRecord,
  contentProblems,
  contentRecord,
  type IntegrityProblem,
  type IntegrityTrigger,
  objectMissing,
  problemCodes,
  rowProblems,
  storedObjectProblems,
} from './content-record.js';
import { CustodyService } from './custody.service.js';
import type { DownloadUrlResponse } from './dto/evidence-item.dto.js';
import type { CustodyEvent } from './entities/custody-event.entity.js';
import type { EvidenceItem } from './entities/evidence-item.entity.js';
import { canObtainContent } from './evidence-access.js';
import { EvidenceLookup, type ItemWithRequest } from './evidence-lookup.service.js';
import { EvidenceQuarantineService, integrityFailedError, integrityFailure } from './evidence-quarantine.service.js';
import { verifyingStream } from './verifying-stream.js';
import { pendingDeletionConflict } from './retention-policy.js';

export interface ContentDownload {
  item: EvidenceItem;
  /** The chain's record: the digest and size sent as X-Content-SHA256 and Content-Length (whole object). */
  record: ContentRecord;
  stream: Readable;
  /** Set for a ranged read (206). */
  range: ByteRange | null;
}

export const isMissingObject = (error: unknown) =>
  ['NoSuchKey', 'NoSuchVersion', 'NotFound'].includes((error as { name?: string })?.name ?? '') ||
  (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;

const rangeNotSatisfiable = (size: number) =>
  new DomainException('range_not_satisfiable', 416, `The range lies outside the content (${size} bytes)`, { size });

const storageUnavailable = () => serviceUnavailable('storage_unavailable', 'Object storage is unavailable; try again later');

/** A download may go ahead with this record, or is refused and the item quarantined for these problems. */
type Checked = { record: ContentRecord; events: CustodyEvent[] } | { problems: IntegrityProblem[] };

/**
 * Obtaining evidence content: only entitled users, only available items whose record checks out, every time recorded
 * with its reason. Before any byte goes out, the item's chain is verified, the row is compared with the chain's
 * `uploaded` entry and the stored object's size and ETag with that entry; the object is read from the key and version
 * the chain names. A failed check quarantines the item (409 integrity_failed); storage being down is a 503.
 */
@Injectable()
export class EvidenceDownloadsService {
  private readonly logger = new Logger(EvidenceDownloadsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly custody: CustodyService,
    private readonly storage: StorageService,
    private readonly lookup: EvidenceLookup,
    private readonly quarantine: EvidenceQuarantineService,
  ) {}

  async issueUrl(id: string, reason: string, user: AuthenticatedUser): Promise<DownloadUrlResponse> {
    const ttlSeconds = this.config.evidence.downloadUrlTtlSeconds;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const found = await this.entitled(manager, id, user);
      const checked = await this.checkRecord(manager, found, 'download_url', (record) => this.head(record));
      if ('problems' in checked) return checked;
      const { record } = checked;
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      const url = await this.storage.presignDownload(record.storageKey, {
        expiresInSeconds: ttlSeconds,
        fileName: found.item.originalFileName,
        versionId: record.storageVersionId,
      });
      await this.custody.appendToItem(manager, found.item, 'download_url_issued', {
        reason: reason.trim(),
        expiresAt: expiresAt.toISOString(),
        ttlSeconds,
        sha256: record.sha256,
        etag: record.etag,
      });
      await this.audit.record(
        { action: 'evidence_item.download_url', entityType: 'evidence_item', entityId: id, after: { reason: reason.trim(), expiresAt } },
        { manager },
      );
      return { url, expiresAt: expiresAt.toISOString(), sha256: record.sha256, size: record.size };
    });
    if ('problems' in outcome) throw integrityFailedError(integrityFailure('download_url', outcome.problems));
    return outcome;
  }

  /**
   * What a HEAD of the content tells (size, digest), after the same checks as a download; recorded as an access of
   * the content's description, not as a download: no byte of the content is sent.
   */
  async describe(id: string, reason: string, user: AuthenticatedUser): Promise<{ item: EvidenceItem; record: ContentRecord }> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const found = await this.entitled(manager, id, user);
      const checked = await this.checkRecord(manager, found, 'download', (record) => this.head(record));
      if ('problems' in checked) return checked;
      await this.custody.appendToItem(manager, found.item, 'accessed', { what: 'content_head', reason: reason.trim() });
      return { item: found.item, record: checked.record };
    });
    if ('problems' in outcome) throw integrityFailedError(integrityFailure('download', outcome.problems));
    return outcome;
  }

  /**
   * Opens the stored object (a byte range of it for `rangeHeader`) inside the transaction that records the download,
   * once its identity has been checked, so that the log never shows a download that storage could not serve. No
   * transaction is open while the content streams. A whole download (or a range of all of it) is hashed as it is
   * sent: if it differs from the record the transfer is broken off and the item quarantined. Ranged reads of one
   * session are recorded once.
   */
  async open(id: string, reason: string, user: AuthenticatedUser, rangeHeader?: string): Promise<ContentDownload> {
    const read: { opened?: { stream: Readable; info: ObjectInfo }; range: ByteRange | null } = { range: null };
    const context = RequestContexts.current();
    try {
      const outcome = await this.dataSource.transaction(async (manager) => {
        const found = await this.entitled(manager, id, user);
        const checked = await this.checkRecord(manager, found, 'download', async (record) => {
          const requested = parseRange(rangeHeader, record.size);
          if (requested.kind === 'unsatisfiable') throw rangeNotSatisfiable(record.size);
          read.range = requested.kind === 'range' ? requested.range : null;
          read.opened = await this.storage
            .open(record.storageKey, { versionId: record.storageVersionId, range: read.range ?? undefined })
            .catch((error: unknown) => {
              if (isMissingObject(error)) return undefined;
              throw storageUnavailable();
            });
          return read.opened?.info ?? null;
        });
        if ('problems' in checked) return checked;
        await this.recordDownload(manager, found.item, checked, reason.trim(), read.range, user);
        return { item: found.item, record: checked.record, source: read.opened! };
      });
      if ('problems' in outcome) throw integrityFailedError(integrityFailure('download', outcome.problems));
      const { item, record, source } = outcome;
      // A range covering everything (players often ask for bytes=0-) is checked end to end like a whole download.
      const whole = !read.range || (read.range.start === 0 && read.range.end === record.size - 1);
      const stream = whole
        ? verifyingStream(source.stream, record, (actual) => this.quarantineAfterStream(id, record, actual, context))
        : source.stream;
      return { item, record, stream, range: read.range };
    } catch (error) {
      read.opened?.stream.destroy();
      throw error;
    }
  }

  /**
   * The checks before anything is served: the item's chain, the row against it, and (through `observe`, which asks
   * storage about the object the record names; null when it is missing) the object. Problems quarantine the item in
   * the caller's transaction.
   */
  private async checkRecord(
    manager: EntityManager,
    { item, request }: ItemWithRequest,
    trigger: IntegrityTrigger,
    observe: (record: ContentRecord) => Promise<ObjectInfo | null>,
  ): Promise<Checked> {
    const events = await this.custody.itemChain(item.id, manager);
    const problems: IntegrityProblem[] = [...this.custody.verifyItemChain(item, events), ...rowProblems(item, events)];
    const record = contentRecord(events);
    if (problems.length === 0 && record) {
      const observed = await observe(record);
      problems.push(...(observed ? storedObjectProblems(record, observed) : [objectMissing(record.storageKey)]));
    }
    if (problems.length === 0 && record) return { record, events };
    await this.custody.appendToItem(manager, item, 'integrity_check_failed', {
      trigger,
      objectHashOk: problems.some((p) => p.chain === 'object') ? false : null,
      chainOk: !problems.some((p) => p.chain === 'item'),
      problems: problemCodes(problems),
    });
    await this.quarantine.quarantine(manager, item, request, integrityFailure(trigger, problems));
    return { problems };
  }

  private async head(record: ContentRecord): Promise<ObjectInfo | null> {
    try {
      return await this.storage.head(record.storageKey, record.storageVersionId);
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw storageUnavailable();
    }
  }

  /**
   * A whole download is always recorded. A ranged read joins the download session of the same user, item and reason
   * that a `downloaded` entry opened within EVIDENCE_DOWNLOAD_SESSION_SECONDS; otherwise it opens one.
   */
  private async recordDownload(
    manager: EntityManager,
    item: EvidenceItem,
    { record, events }: { record: ContentRecord; events: CustodyEvent[] },
    reason: string,
    range: ByteRange | null,
    user: AuthenticatedUser,
  ): Promise<void> {
    if (range) {
      const since = Date.now() - this.config.evidence.downloadSessionSeconds * 1000;
      const inSession = events.some(
        (e) => e.action === 'downloaded' && e.actorId === user.id && e.details.reason === reason && e.occurredAt.getTime() >= since,
      );
      if (inSession) return;
    }
    await this.custody.appendToItem(manager, item, 'downloaded', {
      reason,
      channel: 'api',
      sha256: record.sha256,
      ...(range ? { range: `bytes=${range.start}-${range.end}`, session: 'ranged', sessionSeconds: this.config.evidence.downloadSessionSeconds } : {}),
    });
    await this.audit.record(
      { action: 'evidence_item.download', entityType: 'evidence_item', entityId: item.id, after: { reason, range: range ?? undefined } },
      { manager },
    );
  }

  /** The streamed bytes did not hash to the record: the transfer is being broken off; quarantine the item. */
  private async quarantineAfterStream(
    id: string,
    record: ContentRecord,
    actual: { sha256: string; size: number },
    context: ReturnType<typeof RequestContexts.current>,
  ): Promise<void> {
    const problems = contentProblems(record, { ...actual, etag: record.etag });
    const run = () =>
      this.dataSource.transaction(async (manager) => {
        const { item, request } = await this.lookup.lockItem(manager, id, null);
        await this.custody.appendToItem(manager, item, 'integrity_check_failed', {
          trigger: 'download',
          objectHashOk: false,
          chainOk: true,
          sha256: actual.sha256,
          size: actual.size,
          problems: problemCodes(problems),
        });
        await this.quarantine.quarantine(manager, item, request, integrityFailure('download', problems));
      });
    try {
      await (context ? RequestContexts.run(context, run) : run());
    } catch (error) {
      this.logger.error(`Evidence item ${id}: streamed content did not match its record, and quarantining failed: ${(error as Error).message}`);
    }
  }

  /** `id` locked; the caller may obtain content of it. */
  private async entitled(manager: EntityManager, id: string, user: AuthenticatedUser): Promise<ItemWithRequest> {
    const found = await this.lookup.lockItem(manager, id, user);
    const sharedWith = await this.lookup.sharedWith(found.request.id, manager);
    if (!canObtainContent(user, found.request, sharedWith)) {
      throw forbidden(
        'Evidence content is available to the requesting officer, officers it was shared with, the SPOC and admins',
        'not_entitled',
      );
    }
    if (found.item.status === 'deleted') throw new DomainException('evidence_deleted', 410, 'The evidence has been deleted');
    if (found.item.status === 'integrity_failed') throw integrityFailedError(found.item.integrityFailure);
    if (found.item.status === 'pending_deletion') throw pendingDeletionConflict(found.item);
    if (found.item.status !== 'available') {
      throw conflict('evidence_not_available', `The evidence is ${found.item.status.replace('_', ' ')}; there is no content yet`);
    }
    return found;
  }
}
