import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Camera } from '../../cameras/camera.entity.js';
import { RDC_DEMO_DEPLOYMENTS } from '../../cameras/demo/rdc-demo-deployments.js';
import { CameraDeployment } from '../camera-deployment.entity.js';
import type { DeploymentsService } from '../deployments.service.js';

const logger = new Logger('DemoData');

/**
 * An active deployment for each demo RDC, through the same rules as the API. Idempotent: a camera that already has
 * any deployment (this seed ran before, or people have since used it) is left alone, as is a missing camera.
 */
export async function seedDemoDeployments(dataSource: DataSource, deployments: DeploymentsService): Promise<number> {
  let created = 0;
  for (const demo of RDC_DEMO_DEPLOYMENTS) {
    const camera = await dataSource.getRepository(Camera).findOneBy({ assetNumber: demo.assetNumber });
    if (!camera || camera.kind !== 'rapid_deployment' || camera.status === 'decommissioned') continue;
    if (await dataSource.getRepository(CameraDeployment).existsBy({ cameraId: camera.id })) continue;
    await deployments.create(
      {
        cameraId: camera.id,
        address: demo.address,
        ward: demo.ward,
        latitude: demo.latitude,
        longitude: demo.longitude,
        deployedOn: demo.deployedOn,
        reason: demo.reason,
        crimeTypes: demo.crimeTypes,
        requestedBy: demo.requestedBy,
        isDemo: true,
      },
      null,
    );
    created += 1;
  }
  if (created > 0) logger.log(`Demo RDC deployments created: ${created}`);
  return created;
}
