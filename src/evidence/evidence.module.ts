import { Module, type OnModuleInit } from '@nestjs/common';
import { DemoDataService } from '../demo/demo-data.service.js';
import { SchedulerService } from '../scheduling/scheduler.service.js';
import { CustodyReportService } from './custody-report.service.js';
import { CustodyService } from './custody.service.js';
import { ABORT_STALE_UPLOADS_CRON, ABORT_STALE_UPLOADS_JOB, EvidenceCleanupService } from './evidence-cleanup.service.js';
import { EvidenceDeletionService, RETENTION_PURGE_JOB } from './evidence-deletion.service.js';
import { EvidenceDemoSeeder } from './evidence-demo.js';
import { EvidenceDownloadsService } from './evidence-downloads.service.js';
import { EvidenceItemsService } from './evidence-items.service.js';
import { EvidenceLookup } from './evidence-lookup.service.js';
import { EvidenceQuarantineService } from './evidence-quarantine.service.js';
import { EvidenceRequestsController } from './evidence-requests.controller.js';
import { EvidenceRequestsService } from './evidence-requests.service.js';
import { EvidenceFulfilmentService } from './evidence-fulfilment.service.js';
import { EvidenceRetentionService } from './evidence-retention.service.js';
import { EvidenceUploadLeases } from './evidence-upload-leases.service.js';
import { EvidenceUploadService } from './evidence-upload.service.js';
import { EvidenceVerificationService, INTEGRITY_SWEEP_JOB } from './evidence-verification.service.js';
import { EvidenceController } from './evidence.controller.js';

/** DAMS: police evidence requests, exhibit upload, chain of custody, retention and legal hold. */
@Module({
  controllers: [EvidenceRequestsController, EvidenceController],
  providers: [
    EvidenceLookup,
    CustodyService,
    EvidenceRequestsService,
    EvidenceItemsService,
    EvidenceUploadService,
    EvidenceUploadLeases,
    EvidenceQuarantineService,
    EvidenceDownloadsService,
    EvidenceRetentionService,
    EvidenceDeletionService,
    EvidenceFulfilmentService,
    EvidenceVerificationService,
    EvidenceCleanupService,
    CustodyReportService,
    EvidenceDemoSeeder,
  ],
  exports: [CustodyService, EvidenceVerificationService],
})
export class EvidenceModule implements OnModuleInit {
  constructor(
    private readonly scheduler: SchedulerService,
    private readonly cleanup: EvidenceCleanupService,
    private readonly verification: EvidenceVerificationService,
    private readonly deletion: EvidenceDeletionService,
    private readonly demo: DemoDataService,
    private readonly demoSeeder: EvidenceDemoSeeder,
  ) {}

  onModuleInit(): void {
    this.demo.register({ name: 'evidence requests', order: 50, seed: () => this.demoSeeder.seed() });
    this.scheduler.register({
      name: ABORT_STALE_UPLOADS_JOB,
      cron: ABORT_STALE_UPLOADS_CRON,
      description: 'Fails evidence uploads whose lease ran out (dead process or database), removing their leftovers',
      run: () => this.cleanup.abortStaleUploads(),
    });
    this.scheduler.register({
      name: INTEGRITY_SWEEP_JOB,
      cron: '30 2 * * *',
      description: 'Re-hashes stored evidence against its custody record and re-checks the chains; quarantines failures',
      run: () => this.verification.sweep(),
    });
    this.scheduler.register({
      name: RETENTION_PURGE_JOB,
      cron: '0 4 * * *',
      description:
        'Moves evidence past its retention date (unless held) to the recycle bin, and deletes the content of items ' +
        'whose grace period has passed (custody stays)',
      run: () => this.deletion.purge(),
    });
  }
}
