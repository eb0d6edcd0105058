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
} from 'typeorm';
import { Organisation } from '../../organisations/organisation.entity.js';
import { User } from '../../users/user.entity.js';
import type { RequestStatus, Urgency } from '../evidence.enums.js';

export interface CameraWithoutFootage {
  cameraId: string;
  reason: string;
}

/** A police force's request for CCTV footage, decided by the SPOC and fulfilled by Kyndi. */
@Entity('evidence_request')
@Index(['organisationId', 'createdAt'])
@Index(['status', 'createdAt'])
export class EvidenceRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The force's crime or occurrence reference. */
  @Column({ type: 'text', name: 'crime_reference' })
  crimeReference: string;

  @Column({ type: 'text', name: 'offence_type' })
  offenceType: string;

  @Column({ type: 'uuid', name: 'camera_ids', array: true, default: () => "'{}'" })
  cameraIds: string[];

  @Column({ type: 'text', name: 'location_description', nullable: true })
  locationDescription: string | null;

  @Column({ type: 'timestamptz', name: 'window_start' })
  windowStart: Date;

  @Column({ type: 'timestamptz', name: 'window_end' })
  windowEnd: Date;

  @Column({ type: 'text' })
  purpose: string;

  @Column({ type: 'text', name: 'lawful_basis' })
  lawfulBasis: string;

  @Column({ type: 'text' })
  urgency: Urgency;

  @Column({ type: 'text' })
  status: RequestStatus;

  /** The window started before the recorders' retention period: the footage may already be overwritten. */
  @Column({ type: 'boolean', name: 'may_be_overwritten' })
  mayBeOverwritten: boolean;

  @Column({ type: 'uuid', name: 'requested_by_id' })
  requestedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by_id' })
  requestedBy?: Relation<User>;

  /** The requesting force: only its officers see the request. */
  @Column({ type: 'uuid', name: 'organisation_id' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  /** The SPOC's decision: true approved, false rejected, null not yet decided. */
  @Column({ type: 'boolean', name: 'decision_approved', nullable: true })
  decisionApproved: boolean | null;

  @Column({ type: 'uuid', name: 'decided_by_id', nullable: true })
  decidedById: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', name: 'decision_reason', nullable: true })
  decisionReason: string | null;

  @Column({ type: 'timestamptz', name: 'fulfilled_at', nullable: true })
  fulfilledAt: Date | null;

  /** The Kyndi operator who completed the request; null when it was fulfilled by footage from every camera. */
  @Column({ type: 'uuid', name: 'fulfilled_by_id', nullable: true })
  fulfilledById: string | null;

  @Column({ type: 'text', name: 'fulfilment_note', nullable: true })
  fulfilmentNote: string | null;

  /** Requested cameras the operator found no footage for, and why. */
  @Column({ type: 'jsonb', name: 'cameras_without_footage', default: () => "'[]'" })
  camerasWithoutFootage: CameraWithoutFootage[];

  @Column({ type: 'uuid', name: 'closed_by_id', nullable: true })
  closedById: string | null;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'text', name: 'close_reason', nullable: true })
  closeReason: string | null;

  /** Head of the request's custody chain: a removed last entry shows as a gap against these. */
  @Column({ type: 'integer', name: 'custody_sequence', default: 0 })
  custodySequence: number;

  @Column({ type: 'text', name: 'custody_head_hash', nullable: true })
  custodyHeadHash: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
