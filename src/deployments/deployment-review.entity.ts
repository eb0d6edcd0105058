import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { User } from '../users/user.entity.js';
import { CameraDeployment } from './camera-deployment.entity.js';
import type { ReviewOutcome } from './deployment.enums.js';

export interface ReviewAttendee {
  name: string;
  organisation: string;
  role?: string | null;
}

/** One 12-week review of a deployment: who attended, what evidence they had, what they decided. */
@Entity('deployment_review')
@Index(['deploymentId', 'reviewedOn'])
export class DeploymentReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'deployment_id' })
  deploymentId: string;

  @ManyToOne(() => CameraDeployment, (deployment) => deployment.reviews, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'deployment_id' })
  deployment?: Relation<CameraDeployment>;

  @Column({ type: 'date', name: 'reviewed_on' })
  reviewedOn: string;

  @Column({ type: 'text' })
  outcome: ReviewOutcome;

  @Column({ type: 'text' })
  notes: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attendees: ReviewAttendee[];

  /** Snapshot taken when the review was recorded, so later imports do not rewrite what the panel saw. */
  @Column({ type: 'jsonb', name: 'evidence_considered' })
  evidenceConsidered: Record<string, unknown>;

  @Column({ type: 'integer', name: 'extend_weeks', nullable: true })
  extendWeeks: number | null;

  @Column({ type: 'date', name: 'previous_review_due_on' })
  previousReviewDueOn: string;

  @Column({ type: 'date', name: 'new_review_due_on', nullable: true })
  newReviewDueOn: string | null;

  @Column({ type: 'uuid', name: 'reviewer_id', nullable: true })
  reviewerId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
