import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationsService } from '../notifications/notifications.service.js';
import { addDays, daysBetween, today } from '../common/time/calendar.js';
import { Clock } from '../common/time/clock.js';
import { CameraDeployment } from './camera-deployment.entity.js';
import { REVIEW_REMINDER_DAYS } from './deployment.enums.js';

export const REVIEW_REMINDER_JOB = 'rdc.review-reminders';

export interface ReminderRunSummary {
  on: string;
  dueSoon: number;
  overdue: number;
  queued: number;
}

/**
 * Tells the SPOC about each active deployment whose review is due within 14 days, and each overdue one.
 * One notification per deployment, due date and kind: re-running the job, or running it daily, adds nothing new
 * until a review moves the due date.
 */
@Injectable()
export class ReviewRemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async run(now: Date = this.clock.now()): Promise<ReminderRunSummary> {
    const on = today(now);
    return this.dataSource.transaction(async (manager) => {
      const deployments = await manager
        .getRepository(CameraDeployment)
        .createQueryBuilder('d')
        .leftJoinAndSelect('d.camera', 'c')
        .leftJoinAndSelect('d.ward', 'w')
        .where("d.status = 'active'")
        .andWhere('d.reviewDueOn <= :until', { until: addDays(on, REVIEW_REMINDER_DAYS) })
        .orderBy('d.reviewDueOn', 'ASC')
        .addOrderBy('d.id', 'ASC')
        .getMany();
      const summary: ReminderRunSummary = { on, dueSoon: 0, overdue: 0, queued: 0 };
      for (const deployment of deployments) {
        const days = daysBetween(on, deployment.reviewDueOn);
        const overdue = days < 0;
        const kind = overdue ? 'rdc_review_overdue' : 'rdc_review_due';
        if (overdue) summary.overdue += 1;
        else summary.dueSoon += 1;
        const camera = deployment.camera?.assetNumber ?? deployment.cameraId;
        const place = `${deployment.address}${deployment.ward ? ` (${deployment.ward.name})` : ''}`;
        const when = overdue
          ? `was due on ${deployment.reviewDueOn} (${-days} day${days === -1 ? '' : 's'} overdue)`
          : days === 0
            ? `is due today (${deployment.reviewDueOn})`
            : `is due on ${deployment.reviewDueOn} (in ${days} day${days === 1 ? '' : 's'})`;
        const queued = await this.notifications.enqueue(
          {
            kind,
            recipientRole: 'spoc',
            subject: `RDC ${camera}: 12-week review ${overdue ? 'overdue' : 'due'}`,
            body:
              `The review of rapid deployment camera ${camera} at ${place}, deployed on ${deployment.deployedOn} ` +
              `for "${deployment.reason}", ${when}. Record the review (extend, remove or make permanent) in the ` +
              `CCTV service.`,
            relatedEntityType: 'camera_deployment',
            relatedEntityId: deployment.id,
            dedupeKey: `${kind}:${deployment.id}:${deployment.reviewDueOn}`,
          },
          manager,
        );
        if (queued) summary.queued += 1;
      }
      return summary;
    });
  }
}
