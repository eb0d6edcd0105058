import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import cron, { type ScheduledTask } from 'node-cron';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/domain-exception.js';
import { decodeCursor, type Page, type PageQueryDto, pageOf, paginate } from '../common/pagination/page.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { JobRun } from './job-run.entity.js';
import { type JobResponse, type JobRunQueryDto, type JobRunResponse, toJobRunResponse } from './jobs.dto.js';
import type { ScheduledJob } from './scheduled-job.js';

export type RunResult = { status: 'ran'; run: JobRun } | { status: 'skipped'; reason: string };

/**
 * The one place jobs are scheduled. Each run is claimed in a short transaction holding a PostgreSQL advisory lock
 * and recorded in job_run; a unique (job, slot) row means that of several instances firing the same minute, one runs.
 * `trigger()` runs a job at once (admin API, tests) through the same path, without timers.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulerService.name);
  private readonly jobs = new Map<string, ScheduledJob>();
  private readonly tasks: ScheduledTask[] = [];
  private readonly runningHere = new Set<string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  register(job: ScheduledJob): void {
    if (!cron.validate(job.cron)) throw new Error(`Job ${job.name} has an invalid cron expression: ${job.cron}`);
    if (this.jobs.has(job.name)) throw new Error(`Job ${job.name} is registered twice`);
    this.jobs.set(job.name, job);
  }

  list(): ScheduledJob[] {
    return [...this.jobs.values()];
  }

  /** The registered jobs by name, one page at a time like every other list. */
  listJobs(page: PageQueryDto): Page<JobResponse> {
    const all = this.list()
      .map(({ name, cron, description }) => ({ name, cron, description }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const offset = decodeCursor(page.cursor);
    return pageOf(all.slice(offset, offset + (page.limit ?? 50)), all.length, offset);
  }

  listRuns(query: JobRunQueryDto): Promise<Page<JobRunResponse>> {
    const qb = this.dataSource.getRepository(JobRun).createQueryBuilder('r');
    if (query.job) qb.where('r.job = :job', { job: query.job });
    qb.orderBy('r.startedAt', 'DESC').addOrderBy('r.id', 'ASC');
    return paginate(qb, query, toJobRunResponse);
  }

  onApplicationBootstrap(): void {
    if (!this.config.schedulerEnabled) {
      this.logger.log('Scheduler disabled by configuration (SCHEDULER_ENABLED=false)');
      return;
    }
    for (const job of this.jobs.values()) {
      const task = cron.schedule(
        job.cron,
        () => {
          const slot = new Date();
          slot.setSeconds(0, 0);
          void this.execute(job, slot.toISOString(), 'schedule').catch((error) =>
            this.logger.error(`Job ${job.name} could not start: ${(error as Error).message}`),
          );
        },
        { timezone: 'Europe/London', name: job.name },
      );
      this.tasks.push(task);
    }
    this.logger.log(`Scheduled ${this.tasks.length} jobs`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.tasks.map((task) => task.stop()));
  }

  /** Runs a job now, regardless of its schedule. */
  async trigger(name: string): Promise<RunResult> {
    const job = this.jobs.get(name);
    if (!job) throw notFound('Job', name);
    return this.execute(job, `manual:${randomUUID()}`, 'manual');
  }

  private async execute(job: ScheduledJob, slot: string, trigger: JobRun['trigger']): Promise<RunResult> {
    if (this.runningHere.has(job.name)) return { status: 'skipped', reason: 'already running in this instance' };
    this.runningHere.add(job.name);
    try {
      const claimed = await this.claim(job.name, slot, trigger);
      if (!claimed) return { status: 'skipped', reason: 'another instance holds this run' };
      try {
        const result = await job.run();
        return { status: 'ran', run: await this.finish(claimed, 'succeeded', result ?? null, null) };
      } catch (error) {
        this.logger.error(`Job ${job.name} failed: ${(error as Error).stack ?? error}`);
        return { status: 'ran', run: await this.finish(claimed, 'failed', null, (error as Error).message) };
      }
    } finally {
      this.runningHere.delete(job.name);
    }
  }

  private claim(job: string, slot: string, trigger: JobRun['trigger']): Promise<JobRun | null> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock($1::bigint) AS locked', [
        advisoryKey(job),
      ]);
      if (!locked) return null;
      const repository = manager.getRepository(JobRun);
      if (await repository.existsBy({ job, slot })) return null;
      return repository.save(
        repository.create({ job, slot, trigger, startedAt: new Date(), outcome: 'running', finishedAt: null }),
      );
    });
  }

  private async finish(run: JobRun, outcome: JobRun['outcome'], result: unknown, error: string | null) {
    Object.assign(run, { outcome, result, error, finishedAt: new Date() });
    return this.dataSource.getRepository(JobRun).save(run);
  }
}

/** A stable signed 64-bit key per job name for pg_advisory locks. */
function advisoryKey(job: string): string {
  return createHash('sha256').update(`medway-cctv:job:${job}`).digest().readBigInt64BE(0).toString();
}
