import { Module } from '@nestjs/common';
import { ActivityReportService } from './activity-report.service.js';
import { DecommissionCandidatesService } from './decommission-candidates.service.js';
import { RdcReviewPackService } from './rdc-review-pack.service.js';
import { ReportsController } from './reports.controller.js';

@Module({
  controllers: [ReportsController],
  providers: [ActivityReportService, DecommissionCandidatesService, RdcReviewPackService],
})
export class ReportsModule {}
