import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { notFound } from '../common/errors/domain-exception.js';
import { EvidenceItem } from './entities/evidence-item.entity.js';
import { EvidenceRequestShare } from './entities/evidence-request-share.entity.js';
import { EvidenceRequest } from './entities/evidence-request.entity.js';
import { canSeeItem, canSeeRequest } from './evidence-access.js';

export interface ItemWithRequest {
  item: EvidenceItem;
  request: EvidenceRequest;
}

/**
 * Loads requests and items the way every evidence route needs them: invisible ones are "not found". Locking variants
 * take row locks in one fixed order — request before item — so concurrent transactions cannot deadlock.
 */
@Injectable()
export class EvidenceLookup {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async request(id: string, user: AuthenticatedUser | null, manager: EntityManager = this.dataSource.manager, lock = false) {
    const request = await manager.findOne(EvidenceRequest, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!request || (user && !canSeeRequest(user, request))) throw notFound('Evidence request', id);
    return request;
  }

  async item(id: string, user: AuthenticatedUser | null, manager: EntityManager = this.dataSource.manager): Promise<ItemWithRequest> {
    const item = await manager.findOneBy(EvidenceItem, { id });
    if (!item) throw notFound('Evidence item', id);
    const request = await manager.findOneByOrFail(EvidenceRequest, { id: item.requestId });
    if (user && !canSeeItem(user, item, request)) throw notFound('Evidence item', id);
    return { item, request };
  }

  /** Locks the item row only (custody appends and item changes). */
  async lockItem(manager: EntityManager, id: string, user: AuthenticatedUser | null): Promise<ItemWithRequest> {
    const item = await manager.findOne(EvidenceItem, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!item) throw notFound('Evidence item', id);
    const request = await manager.findOneByOrFail(EvidenceRequest, { id: item.requestId });
    if (user && !canSeeItem(user, item, request)) throw notFound('Evidence item', id);
    return { item, request };
  }

  /** Locks the request, then the item: for changes that touch both (completing an upload). */
  async lockRequestAndItem(manager: EntityManager, id: string, user: AuthenticatedUser | null): Promise<ItemWithRequest> {
    const unlocked = await manager.findOneBy(EvidenceItem, { id });
    if (!unlocked) throw notFound('Evidence item', id);
    const request = await manager.findOneOrFail(EvidenceRequest, {
      where: { id: unlocked.requestId },
      lock: { mode: 'pessimistic_write' },
    });
    const item = await manager.findOneOrFail(EvidenceItem, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (user && !canSeeItem(user, item, request)) throw notFound('Evidence item', id);
    return { item, request };
  }

  async sharedWith(requestId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const shares = await manager.find(EvidenceRequestShare, { where: { requestId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return shares.map((share) => share.userId);
  }

  async sharedWithMany(requestIds: string[]): Promise<Map<string, string[]>> {
    const byRequest = new Map<string, string[]>(requestIds.map((id) => [id, []]));
    if (requestIds.length === 0) return byRequest;
    const shares = await this.dataSource
      .getRepository(EvidenceRequestShare)
      .find({ where: { requestId: In(requestIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
    for (const share of shares) byRequest.get(share.requestId)?.push(share.userId);
    return byRequest;
  }
}
