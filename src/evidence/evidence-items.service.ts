import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { Camera } from '../cameras/camera.entity.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-exception.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { CustodyService } from './custody.service.js';
import {
  type CreateEvidenceItemDto,
  type EvidenceItemQueryDto,
  type EvidenceItemResponse,
  toEvidenceItemResponse,
} from './dto/evidence-item.dto.js';
import { EvidenceItem } from './entities/evidence-item.entity.js';
import { EvidenceRequest } from './entities/evidence-request.entity.js';
import { canSeeRequest, scopeItems } from './evidence-access.js';
import { EvidenceLookup } from './evidence-lookup.service.js';
import { evidenceKey } from './evidence.constants.js';
import { sanitiseFileName } from './file-name.js';

@Injectable()
export class EvidenceItemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly custody: CustodyService,
    private readonly lookup: EvidenceLookup,
  ) {}

  /** A Kyndi operator describes one file of an exhibit; the content follows with PUT /evidence/:id/content. */
  async create(requestId: string, dto: CreateEvidenceItemDto, user: AuthenticatedUser): Promise<EvidenceItemResponse> {
    const kind = dto.kind ?? 'footage';
    const recordedFrom = dto.recordedFrom ? new Date(dto.recordedFrom) : null;
    const recordedTo = dto.recordedTo ? new Date(dto.recordedTo) : null;
    if ((recordedFrom === null) !== (recordedTo === null)) {
      throw badRequest('invalid_recording_window', 'Give both recordedFrom and recordedTo, or neither');
    }
    if (recordedFrom && recordedTo && recordedTo <= recordedFrom) {
      throw badRequest('invalid_recording_window', 'recordedTo must be after recordedFrom');
    }
    if (dto.cameraId && !(await this.dataSource.getRepository(Camera).existsBy({ id: dto.cameraId }))) {
      throw badRequest('unknown_camera', `Camera ${dto.cameraId} does not exist`, { cameraIds: [dto.cameraId] });
    }
    const originalFileName = sanitiseFileName(dto.originalFileName);
    const partNumber = dto.partNumber ?? 1;
    const exhibitReference = dto.exhibitReference.trim();

    const saved = await this.dataSource.transaction(async (manager) => {
      // Locked so that the request cannot be closed while its exhibit is being added.
      const request = await this.lookup.request(requestId, user, manager, true);
      if (request.status !== 'approved' && request.status !== 'fulfilled') {
        throw conflict('request_not_open', `The request is ${request.status}; exhibits can be added to approved requests only`);
      }
      if (await manager.existsBy(EvidenceItem, { requestId, exhibitReference, partNumber })) {
        throw conflict('exhibit_part_exists', `Part ${partNumber} of exhibit ${exhibitReference} already exists on this request`);
      }
      const id = randomUUID();
      const item = await manager.save(
        manager.create(EvidenceItem, {
          id,
          requestId,
          exhibitReference,
          partNumber,
          kind,
          description: dto.description?.trim() || null,
          cameraId: dto.cameraId ?? null,
          recordedFrom,
          recordedTo,
          recorderClockOffsetSeconds: dto.recorderClockOffsetSeconds ?? 0,
          exportTool: dto.exportTool.trim(),
          operatorName: dto.operatorName.trim(),
          originalFileName,
          contentType: (dto.contentType ?? 'application/octet-stream').toLowerCase(),
          status: 'awaiting_upload',
          failureReason: null,
          storageKey: evidenceKey(requestId, id),
          storageVersionId: null,
          sizeBytes: null,
          sha256: null,
          uploadAttempts: 0,
          uploadStartedAt: null,
          uploadedAt: null,
          createdById: user.id,
          retainUntil: null,
          retainUntilCaseClosed: false,
          legalHold: false,
          legalHoldReason: null,
          deletionDueAt: null,
          deletionTrigger: null,
          deletedAt: null,
          deletionReason: null,
          lastVerifiedAt: null,
          lastVerificationOk: null,
          custodySequence: 0,
          custodyHeadHash: null,
        }),
      );
      await this.custody.appendToItem(manager, item, 'created', {
        exhibitReference,
        partNumber,
        kind,
        description: item.description,
        cameraId: item.cameraId,
        recordedFrom: recordedFrom?.toISOString() ?? null,
        recordedTo: recordedTo?.toISOString() ?? null,
        recorderClockOffsetSeconds: item.recorderClockOffsetSeconds,
        exportTool: item.exportTool,
        operatorName: item.operatorName,
        originalFileName,
        fileNameSanitised: originalFileName !== dto.originalFileName,
        contentType: item.contentType,
        storageKey: item.storageKey,
      });
      await this.audit.record(
        { action: 'evidence_item.create', entityType: 'evidence_item', entityId: id, after: toEvidenceItemResponse(item) },
        { manager },
      );
      return item;
    });
    return toEvidenceItemResponse(saved);
  }

  /** A request's items the user may see (operators: the ones they created). The listing is audited. */
  async list(requestId: string, query: EvidenceItemQueryDto, user: AuthenticatedUser): Promise<Page<EvidenceItemResponse>> {
    const request = await this.dataSource.getRepository(EvidenceRequest).findOneBy({ id: requestId });
    const qb = this.dataSource
      .getRepository(EvidenceItem)
      .createQueryBuilder('i')
      .innerJoin('i.request', 'r')
      .where('i.requestId = :requestId', { requestId });
    scopeItems(qb, user);
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    qb.orderBy('i.exhibitReference', 'ASC').addOrderBy('i.partNumber', 'ASC').addOrderBy('i.id', 'ASC');
    const page = await paginate(qb, query, toEvidenceItemResponse);
    const visible = request !== null && (canSeeRequest(user, request) || page.total > 0);
    if (!visible) throw notFound('Evidence request', requestId);
    await this.audit.record({
      action: 'evidence_item.list',
      entityType: 'evidence_request',
      entityId: requestId,
      after: { itemIds: page.items.map((item) => item.id) },
    });
    return page;
  }

  /** Item metadata; the read is recorded in the item's chain of custody. */
  async get(id: string, user: AuthenticatedUser): Promise<EvidenceItemResponse> {
    return this.dataSource.transaction(async (manager) => {
      const { item } = await this.lookup.lockItem(manager, id, user);
      await this.custody.appendToItem(manager, item, 'accessed', { what: 'metadata' });
      return toEvidenceItemResponse(item);
    });
  }
}
