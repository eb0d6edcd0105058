import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, In, type SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { COUNCIL_ROLES, Role } from '../auth/role.js';
import { forbidden, notFound } from '../common/errors/domain-exception.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { NotificationRead } from './notification-read.entity.js';
import { Notification } from './notification.entity.js';
import { type NotificationQueryDto, type NotificationResponse, toNotificationResponse } from './notification.dto.js';

/** Council staff and auditors see the whole outbox (what went to ward members, the public, anyone). */
export const OUTBOX_READERS: readonly string[] = COUNCIL_ROLES;

/**
 * Role-addressed notifications are shown to every holder of the role, except police officers: a role spans every
 * force, so police see only what was addressed to them personally.
 */
const SEES_ROLE_NOTIFICATIONS = (user: AuthenticatedUser) => user.role !== Role.PoliceOfficer;

/** Listing notifications and each user's read marks. */
@Injectable()
export class NotificationsQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: NotificationQueryDto, user: AuthenticatedUser): Promise<Page<NotificationResponse>> {
    const scope = query.scope ?? (OUTBOX_READERS.includes(user.role) ? 'all' : 'mine');
    if (scope === 'all' && !OUTBOX_READERS.includes(user.role)) {
      throw forbidden('Only council staff and auditors see the whole outbox; scope=mine lists your own notifications');
    }
    const qb = this.dataSource.getRepository(Notification).createQueryBuilder('n');
    if (scope === 'mine') addressedTo(qb, user);
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('n.kind = :kind', { kind: query.kind });
    if (query.relatedEntityType) qb.andWhere('n.relatedEntityType = :type', { type: query.relatedEntityType });
    if (query.relatedEntityId) qb.andWhere('n.relatedEntityId = :relatedId', { relatedId: query.relatedEntityId });
    if (query.recipientEmail) {
      qb.andWhere('lower(n.recipientEmail) = lower(:email)', { email: query.recipientEmail });
    }
    if (query.unread !== undefined) {
      const read = 'EXISTS (SELECT 1 FROM notification_read r WHERE r.notification_id = n.id AND r.user_id = :reader)';
      qb.andWhere(query.unread ? `NOT ${read}` : read, { reader: user.id });
    }
    qb.orderBy('n.createdAt', 'DESC').addOrderBy('n.id', 'ASC');
    const page = await paginate(qb, query, (notification) => notification);
    const reads = await this.readAt(user, page.items.map((n) => n.id));
    return { ...page, items: page.items.map((n) => toNotificationResponse(n, reads.get(n.id) ?? null)) };
  }

  async get(id: string, user: AuthenticatedUser): Promise<NotificationResponse> {
    const notification = await this.visible(this.dataSource.manager, id, user);
    return toNotificationResponse(notification, (await this.readAt(user, [id])).get(id) ?? null);
  }

  /** Marks a notification read for the caller; marking it again keeps the first time. */
  async markRead(id: string, user: AuthenticatedUser): Promise<NotificationResponse> {
    return this.dataSource.transaction(async (manager) => {
      const notification = await this.visible(manager, id, user);
      const earlier = await manager.findOneBy(NotificationRead, { notificationId: id, userId: user.id });
      if (earlier) return toNotificationResponse(notification, earlier.readAt);
      // A second request racing this one inserts nothing; both answer with the one stored time.
      await manager.createQueryBuilder().insert().into(NotificationRead).values({ notificationId: id, userId: user.id }).orIgnore().execute();
      const read = await manager.findOneByOrFail(NotificationRead, { notificationId: id, userId: user.id });
      await this.audit.record(
        { action: 'notification.read', entityType: 'notification', entityId: id, after: { readAt: read.readAt } },
        { manager },
      );
      return toNotificationResponse(notification, read.readAt);
    });
  }

  /** The notification if the caller may see it: any for the outbox readers, their own for everyone else (else 404). */
  private async visible(manager: EntityManager, id: string, user: AuthenticatedUser): Promise<Notification> {
    const qb = manager.getRepository(Notification).createQueryBuilder('n').where('n.id = :id', { id });
    if (!OUTBOX_READERS.includes(user.role)) addressedTo(qb, user);
    const notification = await qb.getOne();
    if (!notification) throw notFound('Notification', id);
    return notification;
  }

  private async readAt(user: AuthenticatedUser, ids: string[]): Promise<Map<string, Date>> {
    if (ids.length === 0) return new Map();
    const reads = await this.dataSource.getRepository(NotificationRead).findBy({ userId: user.id, notificationId: In(ids) });
    return new Map(reads.map((r) => [r.notificationId, r.readAt]));
  }
}

/** The caller's own notifications: addressed to them, or to their role (see SEES_ROLE_NOTIFICATIONS). */
function addressedTo(qb: SelectQueryBuilder<Notification>, user: AuthenticatedUser): void {
  qb.andWhere(
    new Brackets((mine) => {
      mine.where('n.recipientUserId = :me', { me: user.id });
      if (SEES_ROLE_NOTIFICATIONS(user)) mine.orWhere('n.recipientRole = :myRole', { myRole: user.role });
    }),
  );
}
