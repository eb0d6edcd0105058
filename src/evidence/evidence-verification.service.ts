import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { serviceUnavailable } from '../common/errors/domain-exception.js';
import { today } from '../common/time/calendar.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { hashStream, StorageService } from '../storage/storage.service.js';
import {
  type ContentRecord,
  contentDeleted,
  contentProblems,
  contentRecord,
  objectMissing,
  problemCodes,
  rowProblems,
} from './content-record.js';
import { type CustodyActor, CustodyService, systemActor } from './custody.service.js';
import type { VerificationProblem, VerificationResponse } from './dto/custody.dto.js';
import type { CustodyEvent } from './entities/custody-event.entity.js';
import { EvidenceItem } from './entities/evidence-item.entity.js';
import { isMissingObject } from './evidence-downloads.service.js';
import { EvidenceLookup } from './evidence-lookup.service.js';
import { EvidenceQuarantineService, integrityFailure } from './evidence-quarantine.service.js';
import { INTEGRITY_SWEEP_BATCH } from './evidence.constants.js';
import { STORED_CONTENT_STATUSES } from './evidence.enums.js';

export const INTEGRITY_SWEEP_JOB = 'evidence.integrity-sweep';

class StorageDown extends Error {}

/**
 * What the stored object is compared with: the chain's `uploaded` entry (none once the chain records the content's
 * deletion). When that entry is itself altered nothing in it can be trusted: the row stands in, so that the object's
 * state is still reported, and the row is not compared with it.
 */
function expectedContent(item: EvidenceItem, events: CustodyEvent[], chainProblems: VerificationProblem[]) {
  const record = contentRecord(events);
  const altered = record !== null && chainProblems.some((p) => p.chain === 'item' && p.code === 'content_altered' && p.sequence === record.sequence);
  if (!altered) return { expected: record && !contentDeleted(events, record) ? record : null, compareRow: true };
  const rowClaimsContent = STORED_CONTENT_STATUSES.includes(item.status) && item.sha256 !== null && item.sizeBytes !== null;
  const fromRow: ContentRecord | null = rowClaimsContent
    ? { sequence: 0, sha256: item.sha256!, size: item.sizeBytes!, storageKey: item.storageKey, storageVersionId: item.storageVersionId, etag: null }
    : null;
  return { expected: fromRow, compareRow: false };
}

/**
 * Re-establishes that an exhibit is what was uploaded: re-reads the stored object (streaming) and recomputes its
 * SHA-256 and size against the record in the chain of custody (the `uploaded` entry), compares the item row with
 * that record, and re-computes every link of the item's and the request's chains. The outcome is itself recorded
 * (integrity_check_passed / integrity_check_failed); a failure quarantines the item.
 */
@Injectable()
export class EvidenceVerificationService {
  private readonly logger = new Logger(EvidenceVerificationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly custody: CustodyService,
    private readonly storage: StorageService,
    private readonly lookup: EvidenceLookup,
    private readonly notifications: NotificationsService,
    private readonly quarantine: EvidenceQuarantineService,
  ) {}

  async verify(id: string, user: AuthenticatedUser): Promise<VerificationResponse> {
    try {
      return await this.check(id, user, 'api');
    } catch (error) {
      if (error instanceof StorageDown) throw serviceUnavailable('storage_unavailable', 'Object storage is unavailable; try again later');
      throw error;
    }
  }

  /** Scheduled: the least recently verified available items, one at a time. */
  async sweep(): Promise<{ checked: number; passed: number; failed: number; failedItemIds: string[]; storageErrors: number }> {
    const candidates = await this.dataSource
      .getRepository(EvidenceItem)
      .createQueryBuilder('i')
      .select('i.id', 'id')
      .where('i.status = :status', { status: 'available' })
      .orderBy('i.lastVerifiedAt', 'ASC', 'NULLS FIRST')
      .addOrderBy('i.id', 'ASC')
      .limit(INTEGRITY_SWEEP_BATCH)
      .getRawMany<{ id: string }>();
    const summary = { checked: 0, passed: 0, failed: 0, failedItemIds: [] as string[], storageErrors: 0 };
    for (const { id } of candidates) {
      try {
        const result = await this.check(id, null, 'sweep');
        summary.checked += 1;
        if (result.ok) summary.passed += 1;
        else {
          summary.failed += 1;
          summary.failedItemIds.push(id);
        }
      } catch (error) {
        if (!(error instanceof StorageDown)) throw error;
        // Storage being down is not evidence of tampering: stop, and let the next run retry.
        this.logger.warn(`Integrity sweep stopped: object storage unavailable (${error.message})`);
        summary.storageErrors += 1;
        break;
      }
    }
    return summary;
  }

  private async check(id: string, user: AuthenticatedUser | null, trigger: 'api' | 'sweep'): Promise<VerificationResponse> {
    // Item, request and both chains read under the row locks, so that no append slips between head and entries.
    const snapshot = await this.dataSource.transaction(async (manager) => {
      const { item, request } = await this.lookup.lockRequestAndItem(manager, id, user);
      // One query at a time: a transaction is one connection.
      const itemEvents = await this.custody.itemChain(item.id, manager);
      const requestEvents = await this.custody.requestChain(request.id, manager);
      return { item, request, itemEvents, requestEvents };
    });
    const { item, itemEvents } = snapshot;
    const problems: VerificationProblem[] = [
      ...this.custody.verifyItemChain(item, itemEvents),
      ...this.custody.verifyRequestChain(snapshot.request, snapshot.requestEvents),
    ];
    const chainOk = problems.length === 0;
    const { expected, compareRow } = expectedContent(item, itemEvents, problems);
    if (compareRow) problems.push(...rowProblems(item, itemEvents));

    let objectHashOk: boolean | null = null;
    let actual: { sha256: string; size: number; etag: string | null } | null = null;
    if (expected) {
      actual = await this.readObject(expected);
      const objectProblems = actual ? contentProblems(expected, actual) : [objectMissing(expected.storageKey)];
      problems.push(...objectProblems);
      objectHashOk = objectProblems.length === 0;
    }
    const ok = problems.length === 0;
    const checkedAt = new Date();
    const actor: CustodyActor | undefined = trigger === 'sweep' ? systemActor(INTEGRITY_SWEEP_JOB) : undefined;

    const quarantined = await this.dataSource.transaction(async (manager) => {
      const { item: locked, request } = await this.lookup.lockItem(manager, id, null);
      await this.custody.appendToItem(
        manager,
        locked,
        ok ? 'integrity_check_passed' : 'integrity_check_failed',
        {
          trigger,
          objectHashOk,
          chainOk,
          sha256: actual?.sha256 ?? null,
          size: actual?.size ?? null,
          etag: actual?.etag ?? null,
          problems: problemCodes(problems),
        },
        actor,
      );
      if (objectHashOk !== null || !ok) {
        Object.assign(locked, { lastVerifiedAt: checkedAt, lastVerificationOk: ok });
        await manager.save(locked);
      }
      if (ok) return false;
      if (locked.status === 'integrity_failed') return true;
      if (await this.quarantine.quarantine(manager, locked, request, integrityFailure(trigger, problems, checkedAt), actor)) return true;
      await this.notifyDeletedItemFailure(manager, locked, trigger, problems, checkedAt);
      return false;
    });
    return {
      ok,
      objectHashOk,
      chainOk,
      problems,
      recordedSha256: expected?.sha256 ?? null,
      actualSha256: actual?.sha256 ?? null,
      recordedSize: expected?.size ?? null,
      actualSize: actual?.size ?? null,
      checkedAt: checkedAt.toISOString(),
      quarantined,
    };
  }

  /** Null when the object is missing; StorageDown when storage cannot be asked. */
  private async readObject(expected: ContentRecord): Promise<{ sha256: string; size: number; etag: string | null } | null> {
    try {
      const { stream, info } = await this.storage.open(expected.storageKey, { versionId: expected.storageVersionId });
      return { ...(await hashStream(stream)), etag: info.etag };
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw new StorageDown((error as Error).message);
    }
  }

  /** A deleted item cannot be quarantined; its failed check still reaches the SPOC (once a day). */
  private async notifyDeletedItemFailure(
    manager: EntityManager,
    item: EvidenceItem,
    trigger: 'api' | 'sweep',
    problems: VerificationProblem[],
    checkedAt: Date,
  ): Promise<void> {
    await this.notifications.enqueue(
      {
        kind: 'evidence_integrity_failed',
        recipientRole: 'spoc',
        subject: `Evidence integrity check failed: exhibit ${item.exhibitReference}`,
        body:
          `The ${trigger === 'sweep' ? 'scheduled integrity sweep' : 'integrity check'} of evidence item ${item.id} ` +
          `(request ${item.requestId}) found: ${problems.map((p) => p.message).join('; ')}`,
        relatedEntityType: 'evidence_item',
        relatedEntityId: item.id,
        dedupeKey: `evidence-integrity:${item.id}:${today(checkedAt)}`,
      },
      manager,
    );
  }
}
