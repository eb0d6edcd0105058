import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Camera } from '../cameras/camera.entity.js';
import { addDays } from '../common/time/calendar.js';
import { CameraEvidenceService } from '../deployments/camera-evidence.service.js';
import { DeploymentsService } from '../deployments/deployments.service.js';
import { wardActivity } from '../deployments/sources/activity.source.js';
import type { Ward } from '../wards/ward.entity.js';
import { EVIDENCE_MONTHS } from './proposal.enums.js';

/** The EVIDENCE_MONTHS whole months before the month of `on` (monthly reports cover whole months). */
export function evidencePeriod(on: string): { from: string; to: string } {
  const to = addDays(`${on.slice(0, 7)}-01`, -1);
  const [year, month] = to.slice(0, 7).split('-').map(Number);
  const startIndex = year * 12 + (month - 1) - (EVIDENCE_MONTHS - 1);
  const from = `${Math.floor(startIndex / 12)}-${String((startIndex % 12) + 1).padStart(2, '0')}-01`;
  return { from, to };
}

/**
 * What the Community Safety Partnership sees with a proposal, gathered when it is submitted: for a camera, its
 * activity, faults and evidence requests over the last 12 months and its deployment history; for a proposed
 * location, the cameras already in the ward and their activity.
 */
@Injectable()
export class ProposalEvidenceService {
  constructor(
    private readonly evidence: CameraEvidenceService,
    private readonly deployments: DeploymentsService,
  ) {}

  async gather(manager: EntityManager, on: string, camera: Camera | null, ward: Ward | null): Promise<Record<string, unknown>> {
    const period = evidencePeriod(on);
    const gathered: Record<string, unknown> = { period, collectedAt: new Date().toISOString() };
    if (camera) {
      const figures = await this.evidence.collect(manager, { cameraId: camera.id, assetNumber: camera.assetNumber, ...period });
      const { period: _period, collectedAt: _collectedAt, ...cameraFigures } = figures;
      const history = await this.deployments.history(manager, camera.id);
      gathered.camera = {
        assetNumber: camera.assetNumber,
        name: camera.name,
        kind: camera.kind,
        technology: camera.technology,
        status: camera.status,
        rag: camera.rag,
        address: camera.address,
        ward: camera.wardId,
        installedOn: camera.installedOn,
        ...cameraFigures,
        deployments: history.map((d) => ({
          id: d.id,
          address: d.address,
          ward: d.wardId,
          deployedOn: d.deployedOn,
          status: d.status,
          reviewDueOn: d.reviewDueOn,
          closedOn: d.closedOn,
          outcome: d.outcome,
        })),
      };
    }
    if (ward) {
      const cameras = await manager
        .getRepository(Camera)
        .createQueryBuilder('c')
        .select('c.kind', 'kind')
        .addSelect('count(*)', 'count')
        .where('c.wardId = :wardId', { wardId: ward.id })
        .andWhere('c.status != :gone', { gone: 'decommissioned' })
        .groupBy('c.kind')
        .getRawMany<{ kind: string; count: string }>();
      gathered.proposedWard = {
        ward: ward.id,
        wardName: ward.name,
        camerasInWard: Object.fromEntries(cameras.map((c) => [c.kind, Number(c.count)])),
        activity: await wardActivity(manager, ward.id, period.from, period.to),
      };
    }
    return gathered;
  }
}
