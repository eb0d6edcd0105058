import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { Camera } from '../cameras/camera.entity.js';
import { badRequest, conflict } from '../common/errors/domain-exception.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { User } from '../users/user.entity.js';
import { CustodyService } from './custody.service.js';
import {
  type CloseEvidenceRequestDto,
  type CreateEvidenceRequestDto,
  type EvidenceDecisionDto,
  type EvidenceRequestQueryDto,
  type EvidenceRequestResponse,
  type EvidenceShareDto,
  toEvidenceRequestResponse,
} from './dto/evidence-request.dto.js';
import { EvidenceRequestShare } from './entities/evidence-request-share.entity.js';
import { EvidenceRequest } from './entities/evidence-request.entity.js';
import { scopeRequests } from './evidence-access.js';
import { EvidenceLookup } from './evidence-lookup.service.js';
import { CLOCK_SKEW_MS, DAY_MS, MAX_REQUEST_WINDOW_HOURS } from './evidence.constants.js';
import type { RequestStatus } from './evidence.enums.js';
import { EvidenceRetentionService } from './evidence-retention.service.js';

const CLOSABLE: RequestStatus[] = ['submitted', 'approved', 'fulfilled'];

@Injectable()
export class EvidenceRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly custody: CustodyService,
    private readonly notifications: NotificationsService,
    private readonly lookup: EvidenceLookup,
    private readonly retention: EvidenceRetentionService,
  ) {}

  async create(dto: CreateEvidenceRequestDto, user: AuthenticatedUser): Promise<EvidenceRequestResponse> {
    const windowStart = new Date(dto.windowStart);
    const windowEnd = new Date(dto.windowEnd);
    const now = Date.now();
    if (windowEnd <= windowStart) throw badRequest('invalid_time_window', 'windowEnd must be after windowStart');
    if (windowEnd.getTime() - windowStart.getTime() > MAX_REQUEST_WINDOW_HOURS * 3600 * 1000) {
      throw badRequest('time_window_too_long', `A request covers at most ${MAX_REQUEST_WINDOW_HOURS} hours; raise several requests`);
    }
    if (windowEnd.getTime() > now + CLOCK_SKEW_MS) throw badRequest('time_window_in_future', 'The time window must be in the past');
    const cameraIds = dto.cameraIds ?? [];
    const location = dto.locationDescription?.trim() || null;
    if (cameraIds.length === 0 && !location) {
      throw badRequest('camera_or_location_required', 'Give the cameras (cameraIds) or a location description, or both');
    }
    if (cameraIds.length > 0) {
      const found = await this.dataSource.getRepository(Camera).find({ select: { id: true }, where: { id: In(cameraIds) } });
      const missing = cameraIds.filter((id) => !found.some((camera) => camera.id === id));
      if (missing.length > 0) throw badRequest('unknown_camera', 'Some cameras do not exist', { cameraIds: missing });
    }
    const retentionDays = this.config.evidence.recordingRetentionDays;
    const mayBeOverwritten = windowStart.getTime() < now - retentionDays * DAY_MS;

    const saved = await this.dataSource.transaction(async (manager) => {
      const request = await manager.save(
        manager.create(EvidenceRequest, {
          crimeReference: dto.crimeReference.trim(),
          offenceType: dto.offenceType.trim(),
          cameraIds,
          locationDescription: location,
          windowStart,
          windowEnd,
          purpose: dto.purpose.trim(),
          lawfulBasis: dto.lawfulBasis.trim(),
          urgency: dto.urgency,
          status: 'submitted',
          mayBeOverwritten,
          requestedById: user.id,
          organisationId: user.organisationId,
          decisionApproved: null,
          decidedById: null,
          decidedAt: null,
          decisionReason: null,
          fulfilledAt: null,
          fulfilledById: null,
          fulfilmentNote: null,
          camerasWithoutFootage: [],
          closedById: null,
          closedAt: null,
          closeReason: null,
          custodySequence: 0,
          custodyHeadHash: null,
        }),
      );
      await this.custody.appendToRequest(manager, request, 'request_created', {
        crimeReference: request.crimeReference,
        offenceType: request.offenceType,
        cameraIds,
        locationDescription: location,
        windowStart: windowStart.toISOString(),
        windowEnd: windowEnd.toISOString(),
        purpose: request.purpose,
        lawfulBasis: request.lawfulBasis,
        urgency: request.urgency,
        mayBeOverwritten,
        recordingRetentionDays: retentionDays,
      });
      const response = toEvidenceRequestResponse(request, []);
      await this.audit.record(
        { action: 'evidence_request.create', entityType: 'evidence_request', entityId: request.id, after: response },
        { manager },
      );
      await this.notifications.enqueue(
        {
          kind: 'evidence_request_submitted',
          recipientRole: 'spoc',
          subject: `${request.urgency === 'routine' ? '' : `[${request.urgency.toUpperCase()}] `}Evidence request ${request.crimeReference}`,
          body:
            `A police evidence request (${request.offenceType}) for ${response.windowStartLondon} – ${response.windowEndLondon} ` +
            `awaits a decision.${mayBeOverwritten ? ` The window is older than ${retentionDays} days: footage may be overwritten.` : ''}`,
          relatedEntityType: 'evidence_request',
          relatedEntityId: request.id,
        },
        manager,
      );
      return request;
    });
    return toEvidenceRequestResponse(saved, []);
  }

  async list(query: EvidenceRequestQueryDto, user: AuthenticatedUser): Promise<Page<EvidenceRequestResponse>> {
    const qb = this.dataSource.getRepository(EvidenceRequest).createQueryBuilder('r');
    scopeRequests(qb, user);
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.crimeReference) qb.andWhere('r.crimeReference = :ref', { ref: query.crimeReference });
    qb.orderBy('r.createdAt', 'DESC').addOrderBy('r.id', 'ASC');
    const page = await paginate(qb, query, (request) => request);
    const shares = await this.lookup.sharedWithMany(page.items.map((r) => r.id));
    return { ...page, items: page.items.map((r) => toEvidenceRequestResponse(r, shares.get(r.id) ?? [])) };
  }

  async get(id: string, user: AuthenticatedUser): Promise<EvidenceRequestResponse> {
    const request = await this.lookup.request(id, user);
    return toEvidenceRequestResponse(request, await this.lookup.sharedWith(id));
  }

  async decide(id: string, dto: EvidenceDecisionDto, user: AuthenticatedUser): Promise<EvidenceRequestResponse> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.lookup.request(id, user, manager, true);
      const to: RequestStatus = dto.approve ? 'approved' : 'rejected';
      if (request.status !== 'submitted') {
        throw conflict('invalid_transition', `A ${request.status} request cannot be ${to}`, { from: request.status, to });
      }
      const sharedWith = await this.lookup.sharedWith(id, manager);
      const before = toEvidenceRequestResponse(request, sharedWith);
      Object.assign(request, {
        status: to,
        decisionApproved: dto.approve,
        decidedById: user.id,
        decidedAt: new Date(),
        decisionReason: dto.reason.trim(),
      });
      const saved = await manager.save(request);
      await this.custody.appendToRequest(manager, saved, to, { reason: saved.decisionReason });
      const after = toEvidenceRequestResponse(saved, sharedWith);
      await this.audit.record(
        { action: `evidence_request.${to === 'approved' ? 'approve' : 'reject'}`, entityType: 'evidence_request', entityId: id, before, after },
        { manager },
      );
      const requester = await manager.findOneBy(User, { id: request.requestedById });
      await this.notifications.enqueue(
        {
          kind: 'evidence_request_decided',
          recipientEmail: requester?.email ?? null,
          subject: `Evidence request ${request.crimeReference} ${to}`,
          body: `Your evidence request ${request.crimeReference} was ${to}: ${saved.decisionReason}`,
          relatedEntityType: 'evidence_request',
          relatedEntityId: id,
        },
        manager,
      );
      if (dto.approve) {
        await this.notifications.enqueue(
          {
            kind: 'evidence_request_approved',
            recipientRole: 'kyndi_operator',
            subject: `${request.urgency === 'routine' ? '' : `[${request.urgency.toUpperCase()}] `}Export footage for ${request.crimeReference}`,
            body: `An approved evidence request for ${after.windowStartLondon} – ${after.windowEndLondon} awaits its exhibits.`,
            relatedEntityType: 'evidence_request',
            relatedEntityId: id,
          },
          manager,
        );
      }
      return after;
    });
  }

  async share(id: string, dto: EvidenceShareDto, user: AuthenticatedUser): Promise<EvidenceRequestResponse> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.lookup.request(id, user, manager, true);
      if (request.status === 'rejected') throw conflict('request_rejected', 'A rejected request cannot be shared');
      const target = await manager.findOneBy(User, { id: dto.userId });
      if (!target) throw badRequest('unknown_user', `User ${dto.userId} does not exist`);
      if (target.role !== 'police_officer' || target.organisationId !== request.organisationId) {
        throw badRequest('user_not_in_requesting_force', 'Evidence can be shared only with officers of the requesting force');
      }
      if (target.disabled) throw badRequest('user_disabled', 'The officer\'s account is disabled');
      if (target.id === request.requestedById) throw conflict('already_has_access', 'The requesting officer already has access');
      if (await manager.existsBy(EvidenceRequestShare, { requestId: id, userId: target.id })) {
        throw conflict('already_shared', 'The request is already shared with this officer');
      }
      const before = await this.lookup.sharedWith(id, manager);
      await manager.save(manager.create(EvidenceRequestShare, { requestId: id, userId: target.id, sharedById: user.id }));
      await this.custody.appendToRequest(manager, request, 'shared', { userId: target.id, email: target.email });
      const sharedWith = [...before, target.id];
      await this.audit.record(
        { action: 'evidence_request.share', entityType: 'evidence_request', entityId: id, before: { sharedWith: before }, after: { sharedWith } },
        { manager },
      );
      await this.notifications.enqueue(
        {
          kind: 'evidence_request_shared',
          recipientEmail: target.email,
          subject: `Evidence for ${request.crimeReference} shared with you`,
          body: `The CCTV SPOC shared the evidence of request ${request.crimeReference} with you.`,
          relatedEntityType: 'evidence_request',
          relatedEntityId: id,
        },
        manager,
      );
      return toEvidenceRequestResponse(request, sharedWith);
    });
  }

  async close(id: string, dto: CloseEvidenceRequestDto, user: AuthenticatedUser): Promise<EvidenceRequestResponse> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.lookup.request(id, user, manager, true);
      if (!CLOSABLE.includes(request.status)) {
        throw conflict('invalid_transition', `A ${request.status} request cannot be closed`, { from: request.status, to: 'closed' });
      }
      const sharedWith = await this.lookup.sharedWith(id, manager);
      const before = toEvidenceRequestResponse(request, sharedWith);
      Object.assign(request, { status: 'closed', closedAt: new Date(), closedById: user.id, closeReason: dto.reason.trim() });
      const saved = await manager.save(request);
      await this.custody.appendToRequest(manager, saved, 'closed', { reason: saved.closeReason });
      const retained = await this.retention.applyCaseClosure(manager, saved);
      const after = toEvidenceRequestResponse(saved, sharedWith);
      await this.audit.record(
        { action: 'evidence_request.close', entityType: 'evidence_request', entityId: id, before, after: { ...after, retained } },
        { manager },
      );
      return after;
    });
  }
}
