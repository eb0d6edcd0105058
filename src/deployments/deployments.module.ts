import { Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CameraStateModule } from '../cameras/camera-state.module.js';
import { DemoDataService } from '../demo/demo-data.service.js';
import { SchedulerService } from '../scheduling/scheduler.service.js';
import { CameraEvidenceModule } from './camera-evidence.module.js';
import { CameraEvidenceService } from './camera-evidence.service.js';
import { seedDemoDeployments } from './demo/deployment-demo.seeder.js';
import { DeploymentsController } from './deployments.controller.js';
import { DeploymentsService } from './deployments.service.js';
import { REVIEW_REMINDER_JOB, ReviewRemindersService } from './review-reminders.service.js';
import { activityEvidenceSource } from './sources/activity.source.js';
import { evidenceRequestsSource } from './sources/evidence-requests.source.js';

@Module({
  imports: [CameraStateModule, CameraEvidenceModule],
  controllers: [DeploymentsController],
  providers: [DeploymentsService, ReviewRemindersService],
  exports: [DeploymentsService],
})
export class DeploymentsModule implements OnModuleInit {
  constructor(
    private readonly scheduler: SchedulerService,
    private readonly reminders: ReviewRemindersService,
    private readonly demo: DemoDataService,
    private readonly deployments: DeploymentsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly evidence: CameraEvidenceService,
  ) {}

  onModuleInit(): void {
    this.evidence.registerSource(activityEvidenceSource);
    this.evidence.registerSource(evidenceRequestsSource);
    this.scheduler.register({
      name: REVIEW_REMINDER_JOB,
      cron: '0 7 * * *',
      description: 'Notify the SPOC of RDC reviews due within 14 days and of overdue ones (once per due date)',
      run: () => this.reminders.run(),
    });
    // After the demo estate (the cameras seeder) has created RDC-01..RDC-29.
    this.demo.register({
      name: 'RDC deployments',
      order: 20,
      seed: async () => {
        await seedDemoDeployments(this.dataSource, this.deployments);
      },
    });
  }
}
