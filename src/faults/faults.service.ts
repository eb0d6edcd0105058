import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { CameraStateService } from '../cameras/camera-state.service.js';
import type { RagRating } from '../cameras/camera.enums.js';
import { Fault } from './fault.entity.js';
import { type FaultCategory, type FaultSource, OPEN_FAULT_STATUSES } from './fault.enums.js';

export interface RaiseFaultInput {
  cameraId: string;
  category: FaultCategory;
  description: string;
  priority: RagRating;
  source: FaultSource;
  importId?: string | null;
  reportedById?: string | null;
  reportedAt?: Date;
}

/**
 * Fault rules shared by manual reports and the monthly import. Always called inside the caller's transaction.
 * A camera with an open fault is `faulty`; when its last open fault is fixed or closed it returns to `operational`
 * (CameraStateService.followFaults).
 */
@Injectable()
export class FaultsService {
  constructor(
    private readonly audit: AuditService,
    private readonly cameraState: CameraStateService,
  ) {}

  /**
   * Opens a fault. With `skipIfOpen`, returns null instead when the camera already has an open fault of the same
   * category (the monthly import must not duplicate a fault already being handled).
   */
  async raise(manager: EntityManager, input: RaiseFaultInput, options: { skipIfOpen?: boolean } = {}): Promise<Fault | null> {
    if (options.skipIfOpen) {
      const existing = await manager.findOneBy(Fault, {
        cameraId: input.cameraId,
        category: input.category,
        status: In(OPEN_FAULT_STATUSES),
      });
      if (existing) return null;
    }
    const fault = await manager.save(
      manager.create(Fault, {
        cameraId: input.cameraId,
        category: input.category,
        description: input.description,
        priority: input.priority,
        source: input.source,
        importId: input.importId ?? null,
        reportedById: input.reportedById ?? null,
        reportedAt: input.reportedAt ?? new Date(),
        status: 'open',
      }),
    );
    await this.audit.record({ action: 'fault.raise', entityType: 'fault', entityId: fault.id, after: fault }, { manager });
    await this.cameraState.followFaults(manager, input.cameraId);
    return fault;
  }
}
