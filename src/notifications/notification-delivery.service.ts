import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport } from 'nodemailer';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { User } from '../users/user.entity.js';
import { Notification } from './notification.entity.js';

export const DELIVERY_JOB = 'notifications.deliver';
/** A notification claimed this long ago by a run that never finished is claimed again. */
export const DELIVERY_CLAIM_MINUTES = 10;
const BATCH_SIZE = 50;
const MAX_BATCHES_PER_RUN = 10;
const MAX_ERROR_LENGTH = 1000;

export interface DeliveryRunSummary {
  smtp: boolean;
  sent: number;
  failed: number;
  kept: number;
}

/**
 * Empties the outbox. Without SMTP configured every pending notification is marked `kept` (still listed through
 * the API). With SMTP, notifications are claimed in short transactions (`sending`), sent with no transaction open,
 * then marked `sent` or `failed` with the error.
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger('NotificationDelivery');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(): Promise<DeliveryRunSummary> {
    const smtp = this.config.smtp;
    if (!smtp) {
      const result = await this.dataSource
        .createQueryBuilder()
        .update(Notification)
        .set({ status: 'kept' })
        .where("status = 'pending'")
        .execute();
      return { smtp: false, sent: 0, failed: 0, kept: result.affected ?? 0 };
    }

    const summary: DeliveryRunSummary = { smtp: true, sent: 0, failed: 0, kept: 0 };
    const transport = createTransport(
      { url: smtp.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
      { from: smtp.from },
    );
    try {
      for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
        const claimed = await this.claim();
        if (claimed.length === 0) break;
        for (const notification of claimed) {
          const recipients = await this.recipientsOf(notification);
          if (recipients.length === 0) {
            await this.finish(notification.id, 'kept', 'No recipient address: kept for the outbox list');
            summary.kept += 1;
            continue;
          }
          try {
            await transport.sendMail({ to: recipients, subject: notification.subject, text: notification.body });
            await this.finish(notification.id, 'sent', null);
            summary.sent += 1;
          } catch (error) {
            const message = (error as Error).message || String(error);
            this.logger.warn(`Notification ${notification.id} was not delivered: ${message}`);
            await this.finish(notification.id, 'failed', message.slice(0, MAX_ERROR_LENGTH));
            summary.failed += 1;
          }
        }
      }
    } finally {
      transport.close();
    }
    return summary;
  }

  /** Claims a batch; SKIP LOCKED keeps two overlapping runs from taking the same rows. */
  private async claim(): Promise<Notification[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `UPDATE "notification" SET "status" = 'sending', "attempts" = "attempts" + 1, "last_attempt_at" = now()
       WHERE "id" IN (
         SELECT "id" FROM "notification"
         WHERE "status" = 'pending'
            OR ("status" = 'sending' AND "last_attempt_at" < now() - make_interval(mins => $1))
         ORDER BY "created_at", "id"
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING "id"`,
      [DELIVERY_CLAIM_MINUTES, BATCH_SIZE],
    );
    // TypeORM returns [rows, affected] for UPDATE ... RETURNING on PostgreSQL.
    const returned = (Array.isArray(rows[0]) ? rows[0] : rows) as { id: string }[];
    if (returned.length === 0) return [];
    return this.dataSource.getRepository(Notification).find({
      where: { id: In(returned.map((r) => r.id)) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** A named person (by email, or the user it is for), or every enabled user holding the role. */
  private async recipientsOf(notification: Notification): Promise<string[]> {
    if (notification.recipientEmail) {
      return [notification.recipientName
        ? `"${notification.recipientName.replace(/["\\\r\n]/g, '')}" <${notification.recipientEmail}>`
        : notification.recipientEmail];
    }
    if (notification.recipientUserId) {
      const user = await this.dataSource.getRepository(User).findOneBy({ id: notification.recipientUserId, disabled: false });
      return user ? [user.email] : [];
    }
    if (!notification.recipientRole) return [];
    const users = await this.dataSource.getRepository(User).find({
      where: { role: notification.recipientRole as User['role'], disabled: false },
      order: { email: 'ASC' },
    });
    return users.map((u) => u.email);
  }

  private async finish(id: string, status: 'sent' | 'failed' | 'kept', error: string | null): Promise<void> {
    await this.dataSource.getRepository(Notification).update(
      { id, status: 'sending' },
      { status, error, sentAt: status === 'sent' ? new Date() : null },
    );
  }
}
