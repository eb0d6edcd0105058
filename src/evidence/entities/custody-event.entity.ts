import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { CustodyAction } from '../evidence.enums.js';
import { EvidenceItem } from './evidence-item.entity.js';
import { EvidenceRequest } from './evidence-request.entity.js';

/**
 * Append-only chain of custody (a trigger refuses UPDATE, DELETE and TRUNCATE). Each item has its own chain
 * (chainId = item id); request-level events (approval, sharing, closure) form the request's chain (chainId = request
 * id, itemId null). `hash` is SHA-256 over the canonical serialisation of every other field, including previousHash.
 */
@Entity('custody_event')
@Index(['chainId', 'sequence'], { unique: true })
@Index(['requestId'])
export class CustodyEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid', name: 'chain_id' })
  chainId: string;

  /** 1, 2, 3… within the chain. */
  @Column({ type: 'integer' })
  sequence: number;

  @Column({ type: 'uuid', name: 'request_id' })
  requestId: string;

  @ManyToOne(() => EvidenceRequest, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'request_id' })
  request?: Relation<EvidenceRequest>;

  @Column({ type: 'uuid', name: 'item_id', nullable: true })
  itemId: string | null;

  @ManyToOne(() => EvidenceItem, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id' })
  item?: Relation<EvidenceItem>;

  @Column({ type: 'text' })
  action: CustodyAction;

  /** Null for the system (scheduled jobs). */
  @Column({ type: 'uuid', name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column({ type: 'text', name: 'actor_email' })
  actorEmail: string;

  @Column({ type: 'text', name: 'actor_role' })
  actorRole: string;

  @Column({ type: 'uuid', name: 'organisation_id', nullable: true })
  organisationId: string | null;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt: Date;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  /** The HTTP request id, also in the request logs and the audit log. */
  @Column({ type: 'text', name: 'correlation_id', nullable: true })
  correlationId: string | null;

  @Column({ type: 'text', name: 'client_ip', nullable: true })
  clientIp: string | null;

  @Column({ type: 'text', name: 'previous_hash', nullable: true })
  previousHash: string | null;

  @Column({ type: 'text' })
  hash: string;
}
