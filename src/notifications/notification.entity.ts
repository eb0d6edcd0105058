import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';
import type { NotificationKind } from './notification-kinds.js';

/** `sending`: claimed by a delivery run (a run that dies mid-send is retried after DELIVERY_CLAIM_MINUTES). */
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'kept'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * Outbox: every notification is written here in the transaction that caused it, then delivered by SMTP when
 * configured (status sent/failed), otherwise kept (status kept). Either way its recipients list it through the API
 * (their own, and their role's) and mark it read.
 */
@Entity('notification')
@Index(['status', 'createdAt'])
@Index(['recipientUserId', 'createdAt'])
@Index(['recipientRole', 'createdAt'])
@Index(['kind', 'dedupeKey'], { unique: true, where: '"dedupe_key" IS NOT NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** One of NOTIFICATION_KINDS, e.g. `rdc_review_due`. */
  @Column({ type: 'text' })
  kind: NotificationKind;

  /** A person's email, when known. */
  @Column({ type: 'text', name: 'recipient_email', nullable: true })
  recipientEmail: string | null;

  /** The user it is for: given, or the account holding recipientEmail when it was written. */
  @Column({ type: 'uuid', name: 'recipient_user_id', nullable: true })
  recipientUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recipient_user_id' })
  recipientUser?: Relation<User>;

  @Column({ type: 'text', name: 'recipient_name', nullable: true })
  recipientName: string | null;

  /** Or a role whose users should see it (e.g. spoc). */
  @Column({ type: 'text', name: 'recipient_role', nullable: true })
  recipientRole: string | null;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text', name: 'related_entity_type', nullable: true })
  relatedEntityType: string | null;

  @Column({ type: 'text', name: 'related_entity_id', nullable: true })
  relatedEntityId: string | null;

  /** Prevents a daily job from raising the same notification twice (e.g. `review-due:<deploymentId>:<dueOn>`). */
  @Column({ type: 'text', name: 'dedupe_key', nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'text' })
  status: NotificationStatus;

  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Delivery attempts by SMTP. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', name: 'last_attempt_at', nullable: true })
  lastAttemptAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
