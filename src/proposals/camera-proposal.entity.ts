import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Camera } from '../cameras/camera.entity.js';
import { Ward } from '../wards/ward.entity.js';
import type { ProposalStatus, ProposalType, ProposerType } from './proposal.enums.js';

/** A proposal to decommission, redeploy or add a camera, decided by the Community Safety Partnership. */
@Entity('camera_proposal')
@Index(['status', 'createdAt'])
@Index(['cameraId'])
export class CameraProposal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  type: ProposalType;

  /** The camera to decommission or redeploy; null for a new camera. */
  @Column({ type: 'uuid', name: 'camera_id', nullable: true })
  cameraId: string | null;

  @ManyToOne(() => Camera, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'camera_id' })
  camera?: Relation<Camera>;

  /** Proposed location (new camera, redeploy). */
  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'text', name: 'ward_id', nullable: true })
  wardId: string | null;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward>;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  /** Who proposed it, in words. */
  @Column({ type: 'text', name: 'proposed_by' })
  proposedBy: string;

  @Column({ type: 'text', name: 'proposer_type' })
  proposerType: ProposerType;

  /** Where to tell the proposer of the decision, when they gave an address. */
  @Column({ type: 'text', name: 'proposer_email', nullable: true })
  proposerEmail: string | null;

  @Column({ type: 'text' })
  rationale: string;

  /** Figures gathered automatically at submission (activity, faults, deployment history). */
  @Column({ type: 'jsonb' })
  evidence: Record<string, unknown>;

  @Column({ type: 'text' })
  status: ProposalStatus;

  @Column({ type: 'timestamptz', name: 'review_started_at', nullable: true })
  reviewStartedAt: Date | null;

  @Column({ type: 'uuid', name: 'review_started_by_id', nullable: true })
  reviewStartedById: string | null;

  @Column({ type: 'uuid', name: 'decided_by_id', nullable: true })
  decidedById: string | null;

  @Column({ type: 'date', name: 'decided_on', nullable: true })
  decidedOn: string | null;

  @Column({ type: 'text', name: 'decision_rationale', nullable: true })
  decisionRationale: string | null;

  /** The body that took the decision, e.g. Community Safety Partnership. */
  @Column({ type: 'text', name: 'decision_body', nullable: true })
  decisionBody: string | null;

  @Column({ type: 'uuid', name: 'created_by_id', nullable: true })
  createdById: string | null;

  @Column({ type: 'boolean', name: 'is_demo', default: false })
  isDemo: boolean;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
