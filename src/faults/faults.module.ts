import { Module } from '@nestjs/common';
import { CameraStateModule } from '../cameras/camera-state.module.js';
import { FaultRepairsService } from './fault-repairs.service.js';
import { CameraFaultsController, FaultsController } from './faults.controller.js';
import { FaultsService } from './faults.service.js';
import { NetworkHealthService } from './network-health.service.js';

@Module({
  imports: [CameraStateModule],
  controllers: [FaultsController, CameraFaultsController],
  providers: [FaultsService, FaultRepairsService, NetworkHealthService],
  exports: [FaultsService, CameraStateModule],
})
export class FaultsModule {}
