import { Global, Module } from '@nestjs/common';
import { JobRunPruner } from './job-run-pruner.js';
import { JobsController } from './jobs.controller.js';
import { SchedulerService } from './scheduler.service.js';

@Global()
@Module({
  controllers: [JobsController],
  providers: [SchedulerService, JobRunPruner],
  exports: [SchedulerService],
})
export class SchedulingModule {}
