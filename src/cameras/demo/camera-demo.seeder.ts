import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { Fault } from '../../faults/fault.entity.js';
import type { FaultCategory } from '../../faults/fault.enums.js';
import { FaultsService } from '../../faults/faults.service.js';
import { Organisation } from '../../organisations/organisation.entity.js';
import { Camera } from '../camera.entity.js';
import { CameraStateService, type NewCamera } from '../camera-state.service.js';
import { instantDaysAgo } from './demo-dates.js';
import { FIXED_CAMERA_DEMO } from './fixed-camera-demo.js';
import { RDC_DEMO_DEPLOYMENTS } from './rdc-demo-deployments.js';

/** Repairs in the last year, so the network health view has a mean time to repair per quarter. */
const PAST_REPAIRS: { assetNumber: string; category: FaultCategory; description: string; reportedDaysAgo: number; hours: number }[] = [
  { assetNumber: 'MC-004', category: 'power', description: 'No power at the column after storm damage', reportedDaysAgo: 330, hours: 52 },
  { assetNumber: 'MC-017', category: 'vandalism', description: 'Dome cover smashed', reportedDaysAgo: 290, hours: 96 },
  { assetNumber: 'MC-023', category: 'communications', description: 'Fibre link down to the control room', reportedDaysAgo: 240, hours: 30 },
  { assetNumber: 'MC-041', category: 'loss_of_picture', description: 'Picture lost overnight', reportedDaysAgo: 200, hours: 20 },
  { assetNumber: 'MC-055', category: 'cabling', description: 'Water in the junction box', reportedDaysAgo: 150, hours: 75 },
  { assetNumber: 'MC-062', category: 'other', description: 'Camera knocked out of position', reportedDaysAgo: 110, hours: 8 },
  { assetNumber: 'MC-070', category: 'power', description: 'Tripped supply', reportedDaysAgo: 60, hours: 26 },
  { assetNumber: 'MC-079', category: 'vandalism', description: 'Lens sprayed with paint', reportedDaysAgo: 35, hours: 44 },
];

/**
 * Demo estate: 87 fixed cameras (MC-001..MC-087) and 29 rapid deployment cameras (RDC-01..RDC-29), with the open
 * faults the demo story starts from. Idempotent: cameras whose asset numbers exist are left alone, and faults are
 * only added to cameras created in this run.
 */
@Injectable()
export class CameraDemoSeeder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly faults: FaultsService,
    private readonly audit: AuditService,
    private readonly cameraState: CameraStateService,
  ) {}

  seed(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const kyndi = await manager.findOneBy(Organisation, { name: 'Kyndi' });
      const wanted = [...FIXED_CAMERA_DEMO.map((c) => c.assetNumber), ...RDC_DEMO_DEPLOYMENTS.map((c) => c.assetNumber)];
      const present = new Set((await manager.find(Camera, { select: { assetNumber: true }, where: { assetNumber: In(wanted) } })).map((c) => c.assetNumber));
      const created = new Map<string, Camera>();
      const add = async (fields: NewCamera) => {
        if (present.has(fields.assetNumber)) return;
        const camera = await this.cameraState.create(
          manager,
          { ...fields, status: 'operational', monitoredById: kyndi?.id ?? null, isDemo: true },
          { actor: null },
        );
        created.set(camera.assetNumber, camera);
      };

      for (const [i, c] of FIXED_CAMERA_DEMO.entries()) {
        const analogue = c.technology === 'analogue';
        await add({
          assetNumber: c.assetNumber,
          name: c.name,
          kind: 'fixed',
          technology: c.technology,
          rag: c.rag,
          address: c.address,
          wardId: c.ward,
          latitude: c.latitude,
          longitude: c.longitude,
          purpose: c.purpose,
          installedOn: analogue ? `${2006 + (i % 6)}-0${1 + (i % 9)}-15` : `${2016 + (i % 8)}-${String(1 + (i % 12)).padStart(2, '0')}-01`,
          make: analogue ? 'Dennard' : 'Axis',
          model: analogue ? '2060 PTZ' : i % 2 ? 'Q6075-E PTZ' : 'P3268-LVE dome',
          dpiaReference: `DPIA-CCTV-${analogue ? '2019' : '2023'}-${String(1 + (i % 12)).padStart(2, '0')}`,
          tags: c.tags,
          notes: analogue ? 'Analogue: due for replacement in the digital upgrade programme' : null,
        });
      }
      for (const [i, d] of RDC_DEMO_DEPLOYMENTS.entries()) {
        await add({
          assetNumber: d.assetNumber,
          name: `Rapid deployment camera ${d.assetNumber.slice(4)}`,
          kind: 'rapid_deployment',
          technology: 'digital',
          rag: 'green',
          address: d.address,
          wardId: d.ward,
          latitude: d.latitude,
          longitude: d.longitude,
          purpose: d.reason,
          installedOn: d.deployedOn,
          make: 'Rapid Vision',
          model: i % 2 ? 'RV4 4G' : 'RV3 4G',
          dpiaReference: 'DPIA-CCTV-RDC-2023',
          tags: ['rdc'],
          notes: null,
        });
      }

      await this.seedFaults(manager, created);
      return created.size;
    });
  }

  private async seedFaults(manager: EntityManager, created: Map<string, Camera>): Promise<void> {
    for (const c of FIXED_CAMERA_DEMO) {
      const camera = created.get(c.assetNumber);
      if (!camera || !c.openFault) continue;
      await this.faults.raise(manager, {
        cameraId: camera.id,
        category: c.openFault.category,
        description: c.openFault.description,
        priority: c.rag === 'green' ? 'amber' : c.rag,
        source: 'manual',
        reportedAt: instantDaysAgo(c.openFault.reportedDaysAgo),
      });
    }
    for (const repair of PAST_REPAIRS) {
      const camera = created.get(repair.assetNumber);
      if (!camera) continue;
      const reportedAt = instantDaysAgo(repair.reportedDaysAgo);
      const fixedAt = new Date(reportedAt.getTime() + repair.hours * 3_600_000);
      const fault = await manager.save(
        manager.create(Fault, {
          cameraId: camera.id,
          category: repair.category,
          description: repair.description,
          priority: camera.rag,
          status: 'fixed',
          source: 'manual',
          reportedAt,
          workStartedAt: new Date(reportedAt.getTime() + Math.min(4, repair.hours / 2) * 3_600_000),
          fixedAt,
          resolution: 'Repaired by the maintenance contractor',
        }),
      );
      await this.audit.record({ action: 'fault.raise', entityType: 'fault', entityId: fault.id, after: fault }, { manager, actor: null });
    }
  }
}
