import { Module, type OnModuleInit } from '@nestjs/common';
import { DemoDataService } from '../demo/demo-data.service.js';
import { FaultsModule } from '../faults/faults.module.js';
import { WardsModule } from '../wards/wards.module.js';
import { CameraStateModule } from './camera-state.module.js';
import { CameraImportService } from './camera-import.service.js';
import { CamerasController } from './cameras.controller.js';
import { CamerasService } from './cameras.service.js';
import { CameraDemoSeeder } from './demo/camera-demo.seeder.js';

@Module({
  imports: [WardsModule, FaultsModule, CameraStateModule],
  controllers: [CamerasController],
  providers: [CamerasService, CameraImportService, CameraDemoSeeder],
  exports: [CamerasService, CameraDemoSeeder],
})
export class CamerasModule implements OnModuleInit {
  constructor(
    private readonly demo: DemoDataService,
    private readonly seeder: CameraDemoSeeder,
  ) {}

  onModuleInit(): void {
    this.demo.register({ name: 'camera estate', order: 10, seed: async () => void (await this.seeder.seed()) });
  }
}
