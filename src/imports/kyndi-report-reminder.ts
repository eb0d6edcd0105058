import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/time/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { KyndiImport } from './kyndi-import.entity.js';
import { addMonths, londonToday, monthLabel } from './month.js';

export const KYNDI_REMINDER_JOB = 'imports.kyndi-report-reminder';

export interface ReminderResult {
  month: string;
  due: boolean;
  missing: boolean;
  notified: boolean;
}

/**
 * From the configured day of each month, reminds the SPOC (once per month) while the previous month's Kyndi report
 * has no committed import.
 */
@Injectable()
export class KyndiReportReminder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async run(now: Date = this.clock.now()): Promise<ReminderResult> {
    const today = londonToday(now);
    const month = addMonths(today.month, -1);
    const dueDay = this.config.imports.kyndiReportDueDay;
    if (today.day < dueDay) return { month, due: false, missing: false, notified: false };
    const received = await this.dataSource.getRepository(KyndiImport).existsBy({ month, status: 'committed' });
    if (received) return { month, due: true, missing: false, notified: false };
    const notification = await this.notifications.enqueue({
      kind: 'kyndi_report_missing',
      recipientRole: 'spoc',
      subject: `Kyndi activity report for ${monthLabel(month)} not received`,
      body:
        `The Kyndi monthly activity report for ${monthLabel(month)} was due by day ${dueDay} of this month and has not ` +
        'been imported. Ask Kyndi for it, then upload it at POST /api/v1/imports/kyndi-monthly.',
      relatedEntityType: 'kyndi_report',
      relatedEntityId: month,
      dedupeKey: `kyndi-report-missing:${month}`,
    });
    return { month, due: true, missing: true, notified: notification !== null };
  }
}
