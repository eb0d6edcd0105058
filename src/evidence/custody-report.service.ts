import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { Camera } from '../cameras/camera.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../users/user.entity.js';
import { contentRecord, integrityFailureNotices, problemCodes, rowProblems } from './content-record.js';
import { CUSTODY_HASH_FORMAT } from './custody-chain.js';
import type { CustodyReport, CustodyReportExhibit } from './custody-report.types.js';
import { CustodyService } from './custody.service.js';
import { type CustodyChainResponse, toCustodyEventResponse } from './dto/custody.dto.js';
import { itemIntegrity, toEvidenceItemResponse } from './dto/evidence-item.dto.js';
import { toEvidenceRequestResponse } from './dto/evidence-request.dto.js';
import { EvidenceItem } from './entities/evidence-item.entity.js';
import type { EvidenceRequest } from './entities/evidence-request.entity.js';
import { scopeItems } from './evidence-access.js';
import { EvidenceLookup } from './evidence-lookup.service.js';
import { EvidenceQuarantineService, integrityFailure } from './evidence-quarantine.service.js';
import { formatLondon } from './london-time.js';

/** Reading the chain of custody (itself recorded in the chain) and the custody report for an item or a request. */
@Injectable()
export class CustodyReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly custody: CustodyService,
    private readonly lookup: EvidenceLookup,
    private readonly quarantine: EvidenceQuarantineService,
  ) {}

  async chain(id: string, user: AuthenticatedUser): Promise<CustodyChainResponse> {
    return this.dataSource.transaction(async (manager) => {
      const { item, request } = await this.lookup.lockItem(manager, id, user);
      await this.custody.appendToItem(manager, item, 'custody_viewed', { what: 'custody' });
      // One query at a time: a transaction is one connection.
      const events = await this.custody.itemChain(item.id, manager);
      const requestEvents = await this.custody.requestChain(request.id, manager);
      return {
        itemId: item.id,
        requestId: request.id,
        headSequence: item.custodySequence,
        headHash: item.custodyHeadHash,
        events: events.map(toCustodyEventResponse),
        requestEvents: requestEvents.map(toCustodyEventResponse),
      };
    });
  }

  async itemReport(id: string, user: AuthenticatedUser, format: 'json' | 'html'): Promise<CustodyReport> {
    return this.dataSource.transaction(async (manager) => {
      const { item, request } = await this.lookup.lockItem(manager, id, user);
      return this.build(manager, 'item', request, [item], user, format);
    });
  }

  async requestReport(id: string, user: AuthenticatedUser, format: 'json' | 'html'): Promise<CustodyReport> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.lookup.request(id, user, manager, true);
      const qb = manager
        .getRepository(EvidenceItem)
        .createQueryBuilder('i')
        .innerJoin('i.request', 'r')
        .where('i.requestId = :id', { id })
        .orderBy('i.exhibitReference', 'ASC')
        .addOrderBy('i.partNumber', 'ASC')
        .addOrderBy('i.id', 'ASC')
        .setLock('pessimistic_write', undefined, ['i']);
      const items = await scopeItems(qb, user).getMany();
      await this.audit.record(
        { action: 'evidence_request.custody_report', entityType: 'evidence_request', entityId: id, after: { format, itemIds: items.map((i) => i.id) } },
        { manager },
      );
      return this.build(manager, 'request', request, items, user, format);
    });
  }

  private async build(
    manager: EntityManager,
    scope: 'item' | 'request',
    request: EvidenceRequest,
    items: EvidenceItem[],
    user: AuthenticatedUser,
    format: string,
  ): Promise<CustodyReport> {
    for (const item of items) {
      await this.custody.appendToItem(manager, item, 'custody_viewed', { what: 'custody_report', scope, format });
    }
    const requestEvents = await this.custody.requestChain(request.id, manager);
    const requestProblems = this.custody.verifyRequestChain(request, requestEvents);
    const cameraIds = [...new Set([...request.cameraIds, ...items.map((i) => i.cameraId).filter((c): c is string => c !== null)])];
    const cameras = cameraIds.length > 0 ? await manager.find(Camera, { where: { id: In(cameraIds) } }) : [];
    const exhibits: CustodyReportExhibit[] = [];
    const organisationIds = new Set<string>([request.organisationId]);
    for (const event of requestEvents) if (event.organisationId) organisationIds.add(event.organisationId);
    for (const item of items) {
      let events = await this.custody.itemChain(item.id, manager);
      const problems = this.custody.verifyItemChain(item, events);
      if (await this.quarantineOnFailure(manager, item, request, events, problems)) events = await this.custody.itemChain(item.id, manager);
      for (const event of events) if (event.organisationId) organisationIds.add(event.organisationId);
      const camera = cameras.find((c) => c.id === item.cameraId);
      const record = contentRecord(events);
      exhibits.push({
        item: toEvidenceItemResponse(item),
        recorded: record && { sha256: record.sha256, size: record.size, storageKey: record.storageKey, storageVersionId: record.storageVersionId, etag: record.etag },
        integrity: itemIntegrity(item),
        camera: camera ? { id: camera.id, assetNumber: camera.assetNumber, name: camera.name } : null,
        chainOk: problems.length === 0,
        problems,
        events: events.map(toCustodyEventResponse),
      });
    }
    const organisations = Object.fromEntries(
      (await manager.find(Organisation, { where: { id: In([...organisationIds]) } })).map((o) => [o.id, o.name]),
    );
    const requester = await manager.findOneBy(User, { id: request.requestedById });
    const generatedAt = new Date();
    const failures = integrityFailureNotices(items);
    return {
      integrity: { ok: failures.length === 0, failures },
      scope,
      generatedAt: generatedAt.toISOString(),
      generatedAtLondon: formatLondon(generatedAt),
      generatedBy: { id: user.id, email: user.email, role: user.role },
      request: toEvidenceRequestResponse(request, await this.lookup.sharedWith(request.id, manager)),
      requestingForce: { id: request.organisationId, name: organisations[request.organisationId] ?? null },
      requestedBy: { id: request.requestedById, email: requester?.email ?? null, name: requester?.displayName ?? null },
      requestCameras: cameras
        .filter((c) => request.cameraIds.includes(c.id))
        .map((c) => ({ id: c.id, assetNumber: c.assetNumber, name: c.name })),
      organisations,
      requestChainOk: requestProblems.length === 0,
      requestProblems,
      requestEvents: requestEvents.map(toCustodyEventResponse),
      exhibits,
      chainsOk: requestProblems.length === 0 && exhibits.every((e) => e.chainOk),
      hashAlgorithm: 'SHA-256',
      custodyHashFormat: CUSTODY_HASH_FORMAT,
    };
  }

  /**
   * The report re-computes the item's chain and compares the row with it (under the item's lock): a failure there
   * quarantines the item like any other check. Returns whether entries were added.
   */
  private async quarantineOnFailure(
    manager: EntityManager,
    item: EvidenceItem,
    request: EvidenceRequest,
    events: Awaited<ReturnType<CustodyService['itemChain']>>,
    chainProblems: ReturnType<CustodyService['verifyItemChain']>,
  ): Promise<boolean> {
    const problems = [...chainProblems, ...rowProblems(item, events)];
    if (problems.length === 0 || item.status === 'integrity_failed' || item.status === 'deleted') return false;
    await this.custody.appendToItem(manager, item, 'integrity_check_failed', {
      trigger: 'custody_report',
      objectHashOk: null,
      chainOk: chainProblems.length === 0,
      problems: problemCodes(problems),
    });
    await this.quarantine.quarantine(manager, item, request, integrityFailure('custody_report', problems));
    return true;
  }
}
