import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/domain-exception.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { Notification } from './notification.entity.js';
import { type NotificationQueryDto, type NotificationResponse, toNotificationResponse } from './notification.dto.js';

@Injectable()
export class NotificationsQueryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(query: NotificationQueryDto): Promise<Page<NotificationResponse>> {
    const qb = this.dataSource.getRepository(Notification).createQueryBuilder('n');
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('n.kind = :kind', { kind: query.kind });
    if (query.relatedEntityType) qb.andWhere('n.relatedEntityType = :type', { type: query.relatedEntityType });
    if (query.relatedEntityId) qb.andWhere('n.relatedEntityId = :relatedId', { relatedId: query.relatedEntityId });
    if (query.recipientEmail) {
      qb.andWhere('lower(n.recipientEmail) = lower(:email)', { email: query.recipientEmail });
    }
    qb.orderBy('n.createdAt', 'DESC').addOrderBy('n.id', 'ASC');
    return paginate(qb, query, toNotificationResponse);
  }

  async get(id: string): Promise<NotificationResponse> {
    const notification = await this.dataSource.getRepository(Notification).findOneBy({ id });
    if (!notification) throw notFound('Notification', id);
    return toNotificationResponse(notification);
  }
}
