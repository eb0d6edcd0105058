import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SchedulerService } from './scheduler.service.js';

/** Successful runs are kept 30 days, failed ones 180: the every-minute jobs would otherwise add ~1,500 rows a day. */
export const KEEP_SUCCEEDED_DAYS = 30;
export const KEEP_FAILED_DAYS = 180;

@Injectable()
export class JobRunPruner implements OnModuleInit {
  constructor(
    private readonly scheduler: SchedulerService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'scheduling.prune-job-runs',
      cron: '30 3 * * *',
      description: `Deletes job runs older than ${KEEP_SUCCEEDED_DAYS} days (failed: ${KEEP_FAILED_DAYS} days)`,
      run: () => this.prune(),
    });
  }

  async prune(): Promise<{ deleted: number }> {
    const result = await this.dataSource.query(
      `DELETE FROM job_run
        WHERE finished_at IS NOT NULL
          AND ((outcome = 'succeeded' AND started_at < now() - make_interval(days => $1))
            OR (outcome = 'failed' AND started_at < now() - make_interval(days => $2)))`,
      [KEEP_SUCCEEDED_DAYS, KEEP_FAILED_DAYS],
    );
    return { deleted: Number(result[1] ?? 0) };
  }
}
