import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Page, paginate } from '../common/pagination/page.js';
import { isNamedAuditAction, storedNamesOf } from './audit-actions.js';
import { AuditLog } from './audit-log.entity.js';
import { type AuditEntryResponse, type AuditQueryDto, toAuditEntryResponse } from './audit.dto.js';

@Injectable()
export class AuditQueryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(query: AuditQueryDto): Promise<Page<AuditEntryResponse>> {
    const qb = this.dataSource.getRepository(AuditLog).createQueryBuilder('a');
    if (query.actorId) qb.andWhere('a.actorId = :actorId', { actorId: query.actorId });
    if (query.action?.endsWith('*')) {
      qb.andWhere('a.action LIKE :prefix', { prefix: `${query.action.slice(0, -1).replace(/[%_]/g, '\\$&')}%` });
    } else if (query.action) {
      const names = isNamedAuditAction(query.action) ? storedNamesOf(query.action) : [query.action];
      qb.andWhere('a.action IN (:...names)', { names });
    }
    if (query.entityType) qb.andWhere('a.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('a.entityId = :entityId', { entityId: query.entityId });
    if (query.requestId) qb.andWhere('a.requestId = :requestId', { requestId: query.requestId });
    if (query.from) qb.andWhere('a.occurredAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.occurredAt < :to', { to: query.to });
    qb.orderBy('a.id', 'DESC');
    return paginate(qb, query, toAuditEntryResponse);
  }
}
