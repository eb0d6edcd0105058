import { Module, type OnModuleInit } from '@nestjs/common';
import { DemoDataService } from '../demo/demo-data.service.js';
import { FaultsModule } from '../faults/faults.module.js';
import { SchedulerService } from '../scheduling/scheduler.service.js';
import { KyndiDemoSeeder } from './demo/kyndi-demo.seeder.js';
import { ImportsController } from './imports.controller.js';
import { KyndiImportQueryService } from './kyndi-import-query.service.js';
import { KyndiImportService } from './kyndi-import.service.js';
import { KYNDI_REMINDER_JOB, KyndiReportReminder } from './kyndi-report-reminder.js';

@Module({
  imports: [FaultsModule],
  controllers: [ImportsController],
  providers: [KyndiImportService, KyndiImportQueryService, KyndiReportReminder, KyndiDemoSeeder],
  exports: [KyndiImportService],
})
export class ImportsModule implements OnModuleInit {
  constructor(
    private readonly scheduler: SchedulerService,
    private readonly reminder: KyndiReportReminder,
    private readonly demo: DemoDataService,
    private readonly demoSeeder: KyndiDemoSeeder,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: KYNDI_REMINDER_JOB,
      cron: '0 8 * * *',
      description: "Reminds the SPOC when the previous month's Kyndi report has not been imported by the due day",
      run: () => this.reminder.run(),
    });
    // After the estate (10) and deployments (20): the last twelve months of reports for the demo cameras.
    this.demo.register({ name: 'Kyndi monthly reports', order: 40, seed: () => this.demoSeeder.seed() });
  }
}
