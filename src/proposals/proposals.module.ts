import { Module } from '@nestjs/common';
import { DeploymentsModule } from '../deployments/deployments.module.js';
import { WardsModule } from '../wards/wards.module.js';
import { DecommissionService } from './decommission.service.js';
import { ProposalEvidenceService } from './proposal-evidence.service.js';
import { ProposalNotifier } from './proposal-notifier.service.js';
import { ProposalsController } from './proposals.controller.js';
import { ProposalsService } from './proposals.service.js';

@Module({
  imports: [DeploymentsModule, WardsModule],
  controllers: [ProposalsController],
  providers: [ProposalsService, ProposalEvidenceService, DecommissionService, ProposalNotifier],
})
export class ProposalsModule {}
