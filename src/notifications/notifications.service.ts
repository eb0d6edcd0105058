import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { NotificationKind } from './notification-kinds.js';
import { User } from '../users/user.entity.js';
import { Notification } from './notification.entity.js';

export interface NotificationRequest {
  kind: NotificationKind;
  subject: string;
  body: string;
  recipientEmail?: string | null;
  /** The user it is for; when absent, the account holding recipientEmail (if any) is found. */
  recipientUserId?: string | null;
  recipientName?: string | null;
  recipientRole?: string | null;
  relatedEntityType?: string | null;
  relatedEntityId?: string | null;
  dedupeKey?: string | null;
}

/** Writes notifications to the outbox; delivery is separate (see NotificationDelivery). */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Queues a notification; with a dedupeKey already used for this kind, does nothing and returns null. */
  async enqueue(request: NotificationRequest, manager: EntityManager = this.dataSource.manager): Promise<Notification | null> {
    const recipientUserId = request.recipientUserId ?? (await this.userWithEmail(manager, request.recipientEmail));
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values({
        kind: request.kind,
        subject: request.subject,
        body: request.body,
        recipientEmail: request.recipientEmail ?? null,
        recipientUserId,
        recipientName: request.recipientName ?? null,
        recipientRole: request.recipientRole ?? null,
        relatedEntityType: request.relatedEntityType ?? null,
        relatedEntityId: request.relatedEntityId ?? null,
        dedupeKey: request.dedupeKey ?? null,
        status: 'pending',
      })
      .orIgnore()
      .returning('*')
      .execute();
    const id: string | undefined = result.raw[0]?.id;
    return id ? manager.findOneByOrFail(Notification, { id }) : null;
  }

  private async userWithEmail(manager: EntityManager, email: string | null | undefined): Promise<string | null> {
    if (!email) return null;
    const user = await manager.findOne(User, { select: { id: true }, where: { email: email.trim().toLowerCase() } });
    return user?.id ?? null;
  }
}
