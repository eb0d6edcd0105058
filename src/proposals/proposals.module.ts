import { Module, type OnModuleInit } from '@nestjs/common';
import { CameraStateModule } from '../cameras/camera-state.module.js';
import { DemoDataService } from '../demo/demo-data.service.js';
import { DeploymentsModule } from '../deployments/deployments.module.js';
import { WardsModule } from '../wards/wards.module.js';
import { DecommissionService } from './decommission.service.js';
import { ProposalDemoSeeder } from './demo/proposal-demo.seeder.js';
import { ProposalEvidenceService } from './proposal-evidence.service.js';
import { ProposalNotifier } from './proposal-notifier.service.js';
import { ProposalsController } from './proposals.controller.js';
import { ProposalsService } from './proposals.service.js';

@Module({
  imports: [DeploymentsModule, WardsModule, CameraStateModule],
  controllers: [ProposalsController],
  providers: [ProposalsService, ProposalEvidenceService, DecommissionService, ProposalNotifier, ProposalDemoSeeder],
})
export class ProposalsModule implements OnModuleInit {
  constructor(
    private readonly demo: DemoDataService,
    private readonly seeder: ProposalDemoSeeder,
  ) {}

  onModuleInit(): void {
    // After the Kyndi reports (40), so that the proposals' evidence has a year of figures.
    this.demo.register({ name: 'camera proposals', order: 45, seed: () => this.seeder.seed() });
  }
}
