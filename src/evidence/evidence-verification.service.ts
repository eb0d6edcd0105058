import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { serviceUnavailable } from '../common/errors/domain-exception.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { StorageService } from '../storage/storage.service.js';
import { type CustodyActor, CustodyService, systemActor } from './custody.service.js';
import type { VerificationProblem, VerificationResponse } from './dto/custody.dto.js';
import { EvidenceItem } from './entities/evidence-item.entity.js';
import { isMissingObject } from './evidence-downloads.service.js';
import { EvidenceLookup } from './evidence-lookup.service.js';
import { INTEGRITY_SWEEP_BATCH } from './evidence.constants.js';
import { STORED_CONTENT_STATUSES } from './evidence.enums.js';

export const INTEGRITY_SWEEP_JOB = 'evidence.integrity-sweep';

class StorageDown extends Error {}

/**
 * Re-establishes that an exhibit is what was uploaded: re-reads the stored object (streaming) and recomputes its
 * SHA-256 and size, and re-computes every link of the item's and the request's custody chains. The outcome is
 * itself recorded in the chain (integrity_check_passed / integrity_check_failed).
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
    const { item } = snapshot;
    const problems: VerificationProblem[] = [
      ...this.custody.verifyItemChain(item, snapshot.itemEvents),
      ...this.custody.verifyRequestChain(snapshot.request, snapshot.requestEvents),
    ];
    const chainOk = problems.length === 0;

    let objectHashOk: boolean | null = null;
    let actual: { sha256: string; size: number } | null = null;
    if (STORED_CONTENT_STATUSES.includes(item.status)) {
      try {
        actual = await this.storage.hashObject(item.storageKey, item.storageVersionId);
      } catch (error) {
        if (!isMissingObject(error)) throw new StorageDown((error as Error).message);
      }
      if (!actual) {
        problems.push({ chain: 'object', code: 'object_missing', message: `The stored object ${item.storageKey} is missing` });
      } else {
        if (actual.sha256 !== item.sha256) {
          problems.push({
            chain: 'object',
            code: 'object_hash_mismatch',
            message: 'The stored content no longer matches the SHA-256 recorded at upload',
            expected: item.sha256!,
            actual: actual.sha256,
          });
        }
        if (actual.size !== item.sizeBytes) {
          problems.push({
            chain: 'object',
            code: 'object_size_mismatch',
            message: 'The stored content no longer has the size recorded at upload',
            expected: item.sizeBytes!,
            actual: actual.size,
          });
        }
      }
      objectHashOk = actual !== null && actual.sha256 === item.sha256 && actual.size === item.sizeBytes;
    }
    const ok = chainOk && objectHashOk !== false;
    const checkedAt = new Date();
    const actor: CustodyActor | undefined = trigger === 'sweep' ? systemActor(INTEGRITY_SWEEP_JOB) : undefined;

    await this.dataSource.transaction(async (manager) => {
      const { item: locked } = await this.lookup.lockItem(manager, id, null);
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
          problems: problems.map(({ chain, code, sequence }) => ({ chain, code, sequence: sequence ?? null })),
        },
        actor,
      );
      if (objectHashOk !== null || !chainOk) {
        Object.assign(locked, { lastVerifiedAt: checkedAt, lastVerificationOk: ok });
        await manager.save(locked);
      }
      if (!ok) {
        await this.notifications.enqueue(
          {
            kind: 'evidence_integrity_failed',
            recipientRole: 'spoc',
            subject: `Evidence integrity check failed: exhibit ${locked.exhibitReference}`,
            body:
              `The ${trigger === 'sweep' ? 'scheduled integrity sweep' : 'integrity check'} of evidence item ${locked.id} ` +
              `(request ${locked.requestId}) found: ${problems.map((p) => p.message).join('; ')}`,
            relatedEntityType: 'evidence_item',
            relatedEntityId: locked.id,
            dedupeKey: `evidence-integrity:${locked.id}:${checkedAt.toISOString().slice(0, 10)}`,
          },
          manager,
        );
      }
    });
    return {
      ok,
      objectHashOk,
      chainOk,
      problems,
      recordedSha256: item.sha256,
      actualSha256: actual?.sha256 ?? null,
      recordedSize: item.sizeBytes,
      actualSize: actual?.size ?? null,
      checkedAt: checkedAt.toISOString(),
    };
  }
}
