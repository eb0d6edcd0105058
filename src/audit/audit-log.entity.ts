import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only: a trigger in the migration refuses UPDATE and DELETE. */
@Entity('audit_log')
@Index(['entityType', 'entityId'])
@Index(['occurredAt'])
export class AuditLog {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', name: 'occurred_at', default: () => 'now()' })
  occurredAt: Date;

  @Column({ type: 'uuid', name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column({ type: 'text', name: 'actor_email', nullable: true })
  actorEmail: string | null;

  @Column({ type: 'text', name: 'actor_role', nullable: true })
  actorRole: string | null;

  @Column({ type: 'uuid', name: 'organisation_id', nullable: true })
  organisationId: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text', name: 'entity_type' })
  entityType: string;

  @Column({ type: 'text', name: 'entity_id', nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown;

  @Column({ type: 'text', name: 'request_id', nullable: true })
  requestId: string | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;
}
