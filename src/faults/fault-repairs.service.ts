import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { CameraStateService } from '../cameras/camera-state.service.js';
import { Camera } from '../cameras/camera.entity.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-exception.js';
import { assertCurrentVersion } from '../common/errors/stale-version.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { canTransition, FAULT_STATUS_ACTIONS, FAULT_TRANSITIONS } from './fault-transitions.js';
import { Fault } from './fault.entity.js';
import { OPEN_FAULT_STATUSES } from './fault.enums.js';
import { type FaultQueryDto, type FaultResponse, type RaiseFaultDto, type UpdateFaultDto, toFaultResponse } from './fault.dto.js';
import { FaultsService } from './faults.service.js';

/** Reporting faults by hand and working them through to a repair. */
@Injectable()
export class FaultRepairsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly faults: FaultsService,
    private readonly audit: AuditService,
    private readonly cameraState: CameraStateService,
  ) {}

  async report(cameraId: string, dto: RaiseFaultDto, user: AuthenticatedUser): Promise<FaultResponse> {
    return this.dataSource.transaction(async (manager) => {
      const camera = await manager.findOne(Camera, { where: { id: cameraId }, lock: { mode: 'pessimistic_write' } });
      if (!camera) throw notFound('Camera', cameraId);
      if (camera.status === 'decommissioned') {
        throw conflict('camera_decommissioned', `Camera ${camera.assetNumber} is decommissioned; faults cannot be reported against it`);
      }
      const fault = await this.faults.raise(manager, {
        cameraId,
        category: dto.category,
        description: dto.description.trim(),
        priority: dto.priority,
        source: 'manual',
        reportedById: user.id,
      });
      return this.response(manager, fault!.id);
    });
  }

  list(query: FaultQueryDto): Promise<Page<FaultResponse>> {
    const qb = this.dataSource.getRepository(Fault).createQueryBuilder('f').innerJoinAndSelect('f.camera', 'c');
    if (query.status) qb.andWhere('f.status = :status', { status: query.status });
    if (query.open !== undefined) {
      qb.andWhere(`f.status ${query.open ? 'IN' : 'NOT IN'} (:...openStatuses)`, { openStatuses: OPEN_FAULT_STATUSES });
    }
    if (query.cameraId) qb.andWhere('f.cameraId = :cameraId', { cameraId: query.cameraId });
    if (query.category) qb.andWhere('f.category = :category', { category: query.category });
    if (query.priority) qb.andWhere('f.priority = :priority', { priority: query.priority });
    if (query.source) qb.andWhere('f.source = :source', { source: query.source });
    qb.orderBy('f.reportedAt', 'DESC').addOrderBy('f.id', 'ASC');
    return paginate(qb, query, toFaultResponse);
  }

  get(id: string): Promise<FaultResponse> {
    return this.response(this.dataSource.manager, id);
  }

  async update(id: string, dto: UpdateFaultDto): Promise<FaultResponse> {
    return this.dataSource.transaction(async (manager) => {
      const fault = await manager.findOne(Fault, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!fault) throw notFound('Fault', id);
      assertCurrentVersion('The fault', dto.version, fault.version);
      if (!canTransition(fault.status, dto.status)) {
        const allowed = FAULT_TRANSITIONS[fault.status];
        throw conflict(
          'invalid_transition',
          `A fault that is ${fault.status} cannot become ${dto.status}` +
            (allowed.length ? `; it can become ${allowed.join(' or ')}` : '; it is final'),
          { from: fault.status, to: dto.status, allowed },
        );
      }
      const closeReason = dto.closeReason?.trim();
      if (dto.status === 'closed' && !closeReason) {
        throw badRequest('close_reason_required', 'Say why the fault is closed without a repair (closeReason)');
      }
      if (dto.status !== 'closed' && closeReason) {
        throw badRequest('close_reason_not_allowed', 'closeReason is only for closing a fault');
      }
      const before = { ...fault };
      const now = new Date();
      fault.status = dto.status;
      if (dto.status === 'in_progress') fault.workStartedAt = now;
      if (dto.status === 'fixed') fault.fixedAt = now;
      if (dto.status === 'closed') {
        fault.closedAt = now;
        fault.closeReason = closeReason!;
      }
      if (dto.resolution !== undefined) fault.resolution = dto.resolution.trim() || null;
      const saved = await manager.save(fault);
      await this.audit.record({ action: FAULT_STATUS_ACTIONS[dto.status], entityType: 'fault', entityId: id, before, after: saved }, { manager });
      if (!OPEN_FAULT_STATUSES.includes(saved.status)) await this.cameraState.followFaults(manager, saved.cameraId);
      return this.response(manager, id);
    });
  }

  private async response(manager: EntityManager, id: string): Promise<FaultResponse> {
    const fault = await manager.findOne(Fault, { where: { id }, relations: { camera: true } });
    if (!fault) throw notFound('Fault', id);
    return toFaultResponse(fault);
  }
}
