import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { Camera } from '../cameras/camera.entity.js';
import { badRequest, conflict } from '../common/errors/domain-exception.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { User } from '../users/user.entity.js';
import { CustodyService } from './custody.service.js';
import {
  type CompleteEvidenceRequestDto,
  type EvidenceRequestResponse,
  toEvidenceRequestResponse,
} from './dto/evidence-request.dto.js';
import { EvidenceItem } from './entities/evidence-item.entity.js';
import type { CameraWithoutFootage, EvidenceRequest } from './entities/evidence-request.entity.js';
import { EvidenceLookup } from './evidence-lookup.service.js';
import type { FulfilmentTrigger } from './evidence.enums.js';

/** The request's available files, and which requested cameras have (or lack) available footage. */
interface Coverage {
  exhibits: { itemId: string; exhibitReference: string; partNumber: number; kind: string; cameraId: string | null; sha256: string | null }[];
  covered: string[];
  uncovered: string[];
}

interface Fulfilment {
  trigger: FulfilmentTrigger;
  camerasWithoutFootage: CameraWithoutFootage[];
  note: string | null;
  coverage: Coverage;
}

/**
 * When an approved request becomes `fulfilled`: automatically once every requested camera has at least one available
 * footage exhibit, or when a Kyndi operator completes it, accounting for each requested camera without footage.
 * A request naming no cameras (location only) is fulfilled only explicitly. Fulfilled requests still take late
 * exhibits, as before.
 */
@Injectable()
export class EvidenceFulfilmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly custody: CustodyService,
    private readonly notifications: NotificationsService,
    private readonly lookup: EvidenceLookup,
  ) {}

  /** After an exhibit became available; `request` is locked through `manager`. */
  async afterUpload(manager: EntityManager, request: EvidenceRequest): Promise<void> {
    if (request.status !== 'approved' || request.cameraIds.length === 0) return;
    const coverage = await this.coverage(manager, request);
    if (coverage.uncovered.length > 0) return;
    await this.fulfil(manager, request, { trigger: 'all_cameras_covered', camerasWithoutFootage: [], note: null, coverage }, null);
  }

  /** POST /evidence-requests/:id/complete (Kyndi operators). */
  async complete(id: string, dto: CompleteEvidenceRequestDto, user: AuthenticatedUser): Promise<EvidenceRequestResponse> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.lookup.request(id, user, manager, true);
      if (request.status !== 'approved') {
        throw conflict('invalid_transition', `A ${request.status} request cannot be fulfilled`, { from: request.status, to: 'fulfilled' });
      }
      const coverage = await this.coverage(manager, request);
      const camerasWithoutFootage = (dto.camerasWithoutFootage ?? []).map(({ cameraId, reason }) => ({ cameraId, reason }));
      const note = dto.note ?? null;
      checkAccountedFor(request, coverage, camerasWithoutFootage, note);
      return this.fulfil(manager, request, { trigger: 'operator', camerasWithoutFootage, note, coverage }, user);
    });
  }

  private async coverage(manager: EntityManager, request: EvidenceRequest): Promise<Coverage> {
    const items = await manager.find(EvidenceItem, {
      where: { requestId: request.id, status: 'available' },
      order: { exhibitReference: 'ASC', partNumber: 'ASC', id: 'ASC' },
    });
    const withFootage = new Set(items.filter((item) => item.kind === 'footage' && item.cameraId).map((item) => item.cameraId));
    return {
      exhibits: items.map((item) => ({
        itemId: item.id,
        exhibitReference: item.exhibitReference,
        partNumber: item.partNumber,
        kind: item.kind,
        cameraId: item.cameraId,
        sha256: item.sha256,
      })),
      covered: request.cameraIds.filter((cameraId) => withFootage.has(cameraId)),
      uncovered: request.cameraIds.filter((cameraId) => !withFootage.has(cameraId)),
    };
  }

  private async fulfil(
    manager: EntityManager,
    request: EvidenceRequest,
    fulfilment: Fulfilment,
    operator: AuthenticatedUser | null,
  ): Promise<EvidenceRequestResponse> {
    const sharedWith = await this.lookup.sharedWith(request.id, manager);
    const before = toEvidenceRequestResponse(request, sharedWith);
    const { trigger, camerasWithoutFootage, note, coverage } = fulfilment;
    Object.assign(request, {
      status: 'fulfilled',
      fulfilledAt: new Date(),
      fulfilledById: operator?.id ?? null,
      fulfilmentNote: note,
      camerasWithoutFootage,
    });
    const saved = await manager.save(request);
    await this.custody.appendToRequest(manager, saved, 'fulfilled', {
      trigger,
      cameraIds: saved.cameraIds,
      camerasWithoutFootage,
      note,
      exhibits: coverage.exhibits,
    });
    const after = toEvidenceRequestResponse(saved, sharedWith);
    await this.audit.record(
      {
        action: trigger === 'operator' ? 'evidence_request.complete' : 'evidence_request.fulfil',
        entityType: 'evidence_request',
        entityId: saved.id,
        before,
        after,
      },
      { manager },
    );
    await this.notifyRequester(manager, saved, fulfilment);
    return after;
  }

  private async notifyRequester(manager: EntityManager, request: EvidenceRequest, { camerasWithoutFootage, note, coverage }: Fulfilment) {
    const requester = await manager.findOneBy(User, { id: request.requestedById });
    const names = await this.cameraNames(manager, camerasWithoutFootage.map((entry) => entry.cameraId));
    const missing = camerasWithoutFootage.map((entry) => ` No footage from ${names.get(entry.cameraId) ?? entry.cameraId}: ${entry.reason}.`);
    await this.notifications.enqueue(
      {
        kind: 'evidence_available',
        recipientEmail: requester?.email ?? null,
        subject: `Evidence request ${request.crimeReference} fulfilled`,
        body:
          `Your evidence request ${request.crimeReference} is fulfilled: ${coverage.exhibits.length} file(s) available for download.` +
          missing.join('') +
          (note ? ` Note from the control room: ${note}` : ''),
        relatedEntityType: 'evidence_request',
        relatedEntityId: request.id,
        dedupeKey: `evidence-available:${request.id}`,
      },
      manager,
    );
  }

  private async cameraNames(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const cameras = await manager.find(Camera, { select: { id: true, assetNumber: true, name: true }, where: { id: In(ids) } });
    return new Map(cameras.map((camera) => [camera.id, `${camera.assetNumber} (${camera.name})`]));
  }
}

/** Every requested camera has footage or an entry saying why not; entries name only requested cameras without footage. */
function checkAccountedFor(request: EvidenceRequest, coverage: Coverage, entries: CameraWithoutFootage[], note: string | null): void {
  const named = entries.map((entry) => entry.cameraId);
  const notRequested = named.filter((cameraId) => !request.cameraIds.includes(cameraId));
  if (notRequested.length > 0) {
    throw badRequest('camera_not_requested', 'camerasWithoutFootage may name only cameras of the request', { cameraIds: notRequested });
  }
  const withFootage = named.filter((cameraId) => coverage.covered.includes(cameraId));
  if (withFootage.length > 0) {
    throw badRequest('camera_has_footage', 'These cameras have an available exhibit; put remarks about partial footage in the note', {
      cameraIds: withFootage,
    });
  }
  const unaccounted = coverage.uncovered.filter((cameraId) => !named.includes(cameraId));
  if (unaccounted.length > 0) {
    throw badRequest('cameras_unaccounted', 'Every requested camera needs an available exhibit or an entry in camerasWithoutFootage saying why not', {
      cameraIds: unaccounted,
    });
  }
  if (coverage.exhibits.length === 0 && request.cameraIds.length === 0 && !note) {
    throw badRequest('note_required', 'No exhibit was uploaded for this request: say in the note why there is no footage');
  }
}
