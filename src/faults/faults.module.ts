import { Module } from '@nestjs/common';
import { FaultRepairsService } from './fault-repairs.service.js';
import { CameraFaultsController, FaultsController } from './faults.controller.js';
import { FaultsService } from './faults.service.js';
import { NetworkHealthService } from './network-health.service.js';

@Module({
  controllers: [FaultsController, CameraFaultsController],
  providers: [FaultsService, FaultRepairsService, NetworkHealthService],
  exports: [FaultsService],
})
export class FaultsModule {}
