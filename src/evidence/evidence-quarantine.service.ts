import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { conflict, DomainException, serviceUnavailable } from '../common/errors/domain-exception.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { StorageService } from '../storage/storage.service.js';
import { User } from '../users/user.entity.js';
import { contentRecord, type IntegrityFailure, type IntegrityProblem, type IntegrityTrigger, problemCodes } from './content-record.js';
import { type CustodyActor, CustodyService } from './custody.service.js';
import { toEvidenceItemResponse } from './dto/evidence-item.dto.js';
import type { EvidenceItem } from './entities/evidence-item.entity.js';
import type { EvidenceRequest } from './entities/evidence-request.entity.js';
import { EvidenceLookup } from './evidence-lookup.service.js';

const TRIGGER_LABELS: Record<IntegrityTrigger, string> = {
  api: 'An integrity check',
  sweep: 'The scheduled integrity sweep',
  download: 'A download',
  download_url: 'A download link request',
  custody_report: 'A custody report',
};

/** 409 integrity_failed: what every download path answers for a quarantined item. */
export function integrityFailedError(failure: IntegrityFailure | null) {
  return conflict(
    'integrity_failed',
    'The evidence failed its integrity check and is quarantined: it is not served. An admin may release a labelled copy.',
    failure ? { detectedAt: failure.detectedAt, trigger: failure.trigger, problems: problemCodes(failure.problems) } : undefined,
  );
}

export const integrityFailure = (trigger: IntegrityTrigger, problems: IntegrityProblem[], at = new Date()): IntegrityFailure => ({
  detectedAt: at.toISOString(),
  trigger,
  problems,
});

/**
 * Quarantine: an item whose stored content or record failed a check becomes `integrity_failed`: no download path
 * serves it again, its metadata and custody report show why, and the SPOC and the requesting officer (and those it
 * was shared with) are told, in the transaction that records it.
 */
export interface ReleasedCopy {
  item: EvidenceItem;
  stream: Readable;
  size: number;
  /** What the upload recorded (the chain's uploaded entry), which this content fails to match. */
  recordedSha256: string | null;
}

@Injectable()
export class EvidenceQuarantineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
    private readonly custody: CustodyService,
    private readonly lookup: EvidenceLookup,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * `item` must be locked through `manager`. Returns false when there is nothing (more) to quarantine: already
   * quarantined, or deleted (its record of the failure is the integrity_check_failed entry the caller writes).
   */
  async quarantine(
    manager: EntityManager,
    item: EvidenceItem,
    request: EvidenceRequest,
    failure: IntegrityFailure,
    actor?: CustodyActor,
  ): Promise<boolean> {
    if (item.status === 'integrity_failed' || item.status === 'deleted') return false;
    const before = toEvidenceItemResponse(item);
    const previousStatus = item.status;
    Object.assign(item, {
      status: 'integrity_failed',
      integrityFailure: failure,
      lastVerifiedAt: new Date(failure.detectedAt),
      lastVerificationOk: false,
    });
    await this.custody.appendToItem(
      manager,
      item,
      'quarantined',
      { trigger: failure.trigger, previousStatus, problems: problemCodes(failure.problems) },
      actor,
    );
    const saved = await manager.save(item);
    await this.audit.record(
      { action: 'evidence_item.quarantine', entityType: 'evidence_item', entityId: item.id, before, after: toEvidenceItemResponse(saved) },
      { manager, ...(actor?.role === 'system' ? { actor: null } : {}) },
    );
    await this.notify(manager, item, request, failure);
    return true;
  }

  /**
   * An admin's copy of a quarantined item's stored content, for investigation or for a court that asks for it
   * knowing it failed: recorded with the reason before a byte goes out. Read from where the chain says the
   * content is (the row may be what was altered).
   */
  async release(id: string, reason: string, user: AuthenticatedUser): Promise<ReleasedCopy> {
    let opened: { stream: Readable; size: number } | null = null;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const { item } = await this.lookup.lockItem(manager, id, user);
        if (item.status !== 'integrity_failed') {
          throw conflict('not_quarantined', `The evidence is ${item.status.replace('_', ' ')}, not quarantined; download it the usual way`);
        }
        const record = contentRecord(await this.custody.itemChain(item.id, manager));
        const key = record?.storageKey ?? item.storageKey;
        const versionId = record ? record.storageVersionId : item.storageVersionId;
        opened = await this.storage.open(key, { versionId }).then(
          ({ stream, info }) => ({ stream, size: info.size, etag: info.etag }),
          (error: unknown) => {
            if ((error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404) {
              throw new DomainException('evidence_content_missing', 410, 'The stored content is missing; there is nothing to release');
            }
            throw serviceUnavailable('storage_unavailable', 'Object storage is unavailable; try again later');
          },
        );
        await this.custody.appendToItem(manager, item, 'quarantine_released', {
          reason: reason.trim(),
          recordedSha256: record?.sha256 ?? null,
          storageKey: key,
          storageVersionId: versionId,
          size: opened.size,
          problems: problemCodes(item.integrityFailure?.problems ?? []),
        });
        await this.audit.record(
          { action: 'evidence_item.quarantine_release', entityType: 'evidence_item', entityId: id, after: { reason: reason.trim() } },
          { manager },
        );
        return { item, stream: opened.stream, size: opened.size, recordedSha256: record?.sha256 ?? null };
      });
    } catch (error) {
      (opened as { stream: Readable } | null)?.stream.destroy();
      throw error;
    }
  }

  private async notify(manager: EntityManager, item: EvidenceItem, request: EvidenceRequest, failure: IntegrityFailure): Promise<void> {
    const findings = failure.problems.map((p) => p.message).join('; ');
    const subject = `Evidence quarantined: exhibit ${item.exhibitReference} (${request.crimeReference}) failed its integrity check`;
    const body =
      `${TRIGGER_LABELS[failure.trigger]} of evidence item ${item.id} (exhibit ${item.exhibitReference}, request ` +
      `${request.crimeReference}) found: ${findings}. The item is quarantined: it is no longer served, and copies ` +
      'already obtained should not be relied on until the SPOC has investigated.';
    await this.notifications.enqueue(
      {
        kind: 'evidence_integrity_failed',
        recipientRole: 'spoc',
        subject,
        body,
        relatedEntityType: 'evidence_item',
        relatedEntityId: item.id,
        dedupeKey: `evidence-quarantined:${item.id}`,
      },
      manager,
    );
    const officerIds = [request.requestedById, ...(await this.lookup.sharedWith(request.id, manager))];
    for (const userId of new Set(officerIds)) {
      const officer = await manager.findOneBy(User, { id: userId });
      if (!officer) continue;
      await this.notifications.enqueue(
        {
          kind: 'evidence_quarantined',
          recipientEmail: officer.email,
          recipientName: officer.displayName ?? null,
          subject,
          body,
          relatedEntityType: 'evidence_item',
          relatedEntityId: item.id,
          dedupeKey: `evidence-quarantined:${item.id}:${userId}`,
        },
        manager,
      );
    }
  }
}
