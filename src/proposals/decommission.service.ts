import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { CameraStateService } from '../cameras/camera-state.service.js';
import { Camera } from '../cameras/camera.entity.js';
import { DeploymentsService } from '../deployments/deployments.service.js';
import { Fault } from '../faults/fault.entity.js';
import { OPEN_FAULT_STATUSES } from '../faults/fault.enums.js';
import type { CameraProposal } from './camera-proposal.entity.js';

export const DECOMMISSION_REASON = 'camera decommissioned';

/**
 * Takes a camera out of service after an approved proposal: closes its deployment and open faults, then retires it
 * through the camera state service. Runs inside the decision's transaction.
 */
@Injectable()
export class DecommissionService {
  constructor(
    private readonly audit: AuditService,
    private readonly deployments: DeploymentsService,
    private readonly cameraState: CameraStateService,
  ) {}

  async apply(manager: EntityManager, cameraId: string, on: string, proposal: CameraProposal): Promise<Camera> {
    const camera = await manager.findOneOrFail(Camera, { where: { id: cameraId }, lock: { mode: 'pessimistic_write' } });
    // Decided twice over (e.g. a second proposal for a camera retired meanwhile): nothing more to do.
    if (camera.status === 'decommissioned') return camera;

    // An RDC out on deployment comes off it; the deployment is closed without a review outcome.
    await this.deployments.closeActiveForCamera(manager, camera.id, DECOMMISSION_REASON, on);

    const faults = await manager.find(Fault, {
      where: { cameraId: camera.id, status: In(OPEN_FAULT_STATUSES) },
      lock: { mode: 'pessimistic_write' },
    });
    const closedAt = new Date();
    for (const fault of faults) {
      const before = { status: fault.status, closedAt: null, closeReason: fault.closeReason };
      Object.assign(fault, { status: 'closed', closedAt, closeReason: DECOMMISSION_REASON });
      await manager.save(fault);
      await this.audit.record(
        {
          action: 'fault.close',
          entityType: 'fault',
          entityId: fault.id,
          before,
          after: { status: fault.status, closedAt, closeReason: fault.closeReason },
        },
        { manager },
      );
    }

    return this.cameraState.decommission(manager, camera, on, { proposalId: proposal.id, faultsClosed: faults.length });
  }
}
