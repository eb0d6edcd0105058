/** A job the scheduler runs on a cron schedule, and on demand. */
export interface ScheduledJob {
  /** Stable name, e.g. `evidence.retention-purge`. */
  name: string;
  /** node-cron expression, evaluated in Europe/London. */
  cron: string;
  description: string;
  /** Returns a small JSON summary kept with the run. */
  run(): Promise<unknown>;
}
