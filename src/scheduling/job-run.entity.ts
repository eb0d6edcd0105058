import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type JobOutcome = 'running' | 'succeeded' | 'failed';

/** One run of a scheduled job. (job, slot) is unique, so across instances one run claims each schedule slot. */
@Entity('job_run')
@Index(['job', 'slot'], { unique: true })
export class JobRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  job: string;

  /** The schedule slot (the minute the cron fired) or, for a manual trigger, `manual:<uuid>`. */
  @Column({ type: 'text' })
  slot: string;

  @Column({ type: 'text' })
  trigger: 'schedule' | 'manual';

  @Column({ type: 'timestamptz', name: 'started_at' })
  startedAt: Date;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'text' })
  outcome: JobOutcome;

  @Column({ type: 'jsonb', nullable: true })
  result: unknown;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
