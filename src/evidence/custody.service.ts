import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { RequestContexts } from '../common/http/request-context.js';
import { type ChainProblem, custodyHash, verifyChain } from './custody-chain.js';
import { CustodyEvent } from './entities/custody-event.entity.js';
import { EvidenceItem } from './entities/evidence-item.entity.js';
import { EvidenceRequest } from './entities/evidence-request.entity.js';
import type { CustodyAction } from './evidence.enums.js';

export interface CustodyActor {
  id: string | null;
  email: string;
  role: string;
  organisationId: string | null;
}

/** The actor recorded for scheduled jobs. */
export const systemActor = (job: string): CustodyActor => ({ id: null, email: `system:${job}`, role: 'system', organisationId: null });

const actorOf = (user: AuthenticatedUser): CustodyActor => ({
  id: user.id,
  email: user.email,
  role: user.role,
  organisationId: user.organisationId,
});

/**
 * Writes and reads the chain of custody. Appends are serialised per chain by the caller's row lock on the item
 * (or request), taken in the same transaction: the next sequence number and previous hash come from that locked
 * row, so two appends can never fork the chain.
 */
@Injectable()
export class CustodyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `item` must have been read with a pessimistic_write lock through `manager`. */
  async appendToItem(
    manager: EntityManager,
    item: EvidenceItem,
    action: CustodyAction,
    details: Record<string, unknown> = {},
    actor?: CustodyActor,
  ): Promise<CustodyEvent> {
    const event = await this.append(manager, { chainId: item.id, requestId: item.requestId, itemId: item.id }, item, action, details, actor);
    await manager.update(EvidenceItem, { id: item.id }, { custodySequence: item.custodySequence, custodyHeadHash: item.custodyHeadHash });
    return event;
  }

  /** `request` must have been read with a pessimistic_write lock through `manager`. */
  async appendToRequest(
    manager: EntityManager,
    request: EvidenceRequest,
    action: CustodyAction,
    details: Record<string, unknown> = {},
    actor?: CustodyActor,
  ): Promise<CustodyEvent> {
    const event = await this.append(manager, { chainId: request.id, requestId: request.id, itemId: null }, request, action, details, actor);
    await manager.update(
      EvidenceRequest,
      { id: request.id },
      { custodySequence: request.custodySequence, custodyHeadHash: request.custodyHeadHash },
    );
    return event;
  }

  itemChain(itemId: string, manager: EntityManager = this.dataSource.manager): Promise<CustodyEvent[]> {
    return manager.find(CustodyEvent, { where: { chainId: itemId }, order: { sequence: 'ASC', id: 'ASC' } });
  }

  requestChain(requestId: string, manager: EntityManager = this.dataSource.manager): Promise<CustodyEvent[]> {
    return manager.find(CustodyEvent, { where: { chainId: requestId }, order: { sequence: 'ASC', id: 'ASC' } });
  }

  verifyItemChain(item: EvidenceItem, events: CustodyEvent[]): ChainProblem[] {
    return verifyChain('item', events, { sequence: item.custodySequence, hash: item.custodyHeadHash });
  }

  verifyRequestChain(request: EvidenceRequest, events: CustodyEvent[]): ChainProblem[] {
    return verifyChain('request', events, { sequence: request.custodySequence, hash: request.custodyHeadHash });
  }

  private async append(
    manager: EntityManager,
    target: { chainId: string; requestId: string; itemId: string | null },
    head: { custodySequence: number; custodyHeadHash: string | null },
    action: CustodyAction,
    details: Record<string, unknown>,
    explicitActor?: CustodyActor,
  ): Promise<CustodyEvent> {
    const context = RequestContexts.current();
    const actor = explicitActor ?? (context?.user ? actorOf(context.user) : systemActor('unknown'));
    const entry = {
      ...target,
      sequence: head.custodySequence + 1,
      action,
      actorId: actor.id,
      actorEmail: actor.email,
      actorRole: actor.role,
      organisationId: actor.organisationId,
      occurredAt: new Date(),
      // Exactly what jsonb will give back, so the hash re-computes identically from the stored row.
      details: JSON.parse(JSON.stringify(details)) as Record<string, unknown>,
      correlationId: context?.requestId ?? null,
      clientIp: context?.ip ?? null,
      previousHash: head.custodyHeadHash,
    };
    const hash = custodyHash(entry);
    const saved = await manager.save(manager.create(CustodyEvent, { ...entry, hash }));
    head.custodySequence = entry.sequence;
    head.custodyHeadHash = hash;
    return saved;
  }
}

export { actorOf };
