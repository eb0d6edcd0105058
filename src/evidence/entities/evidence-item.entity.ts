import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { Camera } from '../../cameras/camera.entity.js';
import { User } from '../../users/user.entity.js';
import type { IntegrityFailure } from '../content-record.js';
import type { DeletionTrigger, ItemKind, ItemStatus, UploadFailureReason } from '../evidence.enums.js';
import { EvidenceRequest } from './evidence-request.entity.js';

/** bigint comes back from pg as a string; sizes stay far below 2^53. */
const bigintAsNumber = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * One file of an exhibit. Several files (the native export parts, the player) share an exhibit reference and are
 * told apart by part number.
 */
@Entity('evidence_item')
@Index(['requestId', 'exhibitReference', 'partNumber'], { unique: true })
@Index(['status', 'retainUntil'])
@Index(['status', 'deletionDueAt'])
@Index(['createdById'])
export class EvidenceItem {
  /** Generated before insert: the storage key is derived from it. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid', name: 'request_id' })
  requestId: string;

  @ManyToOne(() => EvidenceRequest, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'request_id' })
  request?: Relation<EvidenceRequest>;

  /** e.g. KY/2025/0142/1, shared by the files of one exhibit. */
  @Column({ type: 'text', name: 'exhibit_reference' })
  exhibitReference: string;

  @Column({ type: 'integer', name: 'part_number', default: 1 })
  partNumber: number;

  @Column({ type: 'text' })
  kind: ItemKind;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'uuid', name: 'camera_id', nullable: true })
  cameraId: string | null;

  @ManyToOne(() => Camera, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'camera_id' })
  camera?: Relation<Camera>;

  @Column({ type: 'timestamptz', name: 'recorded_from', nullable: true })
  recordedFrom: Date | null;

  @Column({ type: 'timestamptz', name: 'recorded_to', nullable: true })
  recordedTo: Date | null;

  /** Recorder clock minus true time, in seconds (positive: the recorder runs ahead). */
  @Column({ type: 'integer', name: 'recorder_clock_offset_seconds', default: 0 })
  recorderClockOffsetSeconds: number;

  @Column({ type: 'text', name: 'export_tool' })
  exportTool: string;

  /** The person who made the export (may differ from the account that uploads it). */
  @Column({ type: 'text', name: 'operator_name' })
  operatorName: string;

  /** Sanitised; shown and offered as the download name, never used as the storage key. */
  @Column({ type: 'text', name: 'original_file_name' })
  originalFileName: string;

  @Column({ type: 'text', name: 'content_type' })
  contentType: string;

  @Column({ type: 'text' })
  status: ItemStatus;

  @Column({ type: 'text', name: 'failure_reason', nullable: true })
  failureReason: UploadFailureReason | null;

  /** evidence/<requestId>/<itemId> */
  @Index({ unique: true })
  @Column({ type: 'text', name: 'storage_key' })
  storageKey: string;

  /** Set when the bucket has versioning: the exact object version that is the evidence. */
  @Column({ type: 'text', name: 'storage_version_id', nullable: true })
  storageVersionId: string | null;

  @Column({ type: 'bigint', name: 'size_bytes', nullable: true, transformer: bigintAsNumber })
  sizeBytes: number | null;

  /** Lower-case hex SHA-256 of the content, computed while streaming it to storage. */
  @Column({ type: 'text', nullable: true })
  sha256: string | null;

  @Column({ type: 'integer', name: 'upload_attempts', default: 0 })
  uploadAttempts: number;

  @Column({ type: 'timestamptz', name: 'upload_started_at', nullable: true })
  uploadStartedAt: Date | null;

  /**
   * While `uploading`: the attempt renews this (database clock) as it streams. Once it has passed, the attempt is
   * dead and a new PUT or the cleanup job takes the item over.
   */
  @Column({ type: 'timestamptz', name: 'upload_lease_expires_at', nullable: true })
  uploadLeaseExpiresAt: Date | null;

  @Column({ type: 'timestamptz', name: 'uploaded_at', nullable: true })
  uploadedAt: Date | null;

  @Column({ type: 'uuid', name: 'created_by_id' })
  createdById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<User>;

  @Column({ type: 'timestamptz', name: 'retain_until', nullable: true })
  retainUntil: Date | null;

  /** Kept until the request is closed, then for the post-closure period. */
  @Column({ type: 'boolean', name: 'retain_until_case_closed', default: false })
  retainUntilCaseClosed: boolean;

  @Column({ type: 'boolean', name: 'legal_hold', default: false })
  legalHold: boolean;

  @Column({ type: 'text', name: 'legal_hold_reason', nullable: true })
  legalHoldReason: string | null;

  /** In the recycle bin (pending_deletion): when the purge may delete the content. */
  @Column({ type: 'timestamptz', name: 'deletion_due_at', nullable: true })
  deletionDueAt: Date | null;

  /** Why it went to the recycle bin (kept once deleted). */
  @Column({ type: 'text', name: 'deletion_trigger', nullable: true })
  deletionTrigger: DeletionTrigger | null;

  @Column({ type: 'timestamptz', name: 'deleted_at', nullable: true })
  deletedAt: Date | null;

  /** Set when the item goes to the recycle bin (expiry or the SPOC's reason); kept once deleted. */
  @Column({ type: 'text', name: 'deletion_reason', nullable: true })
  deletionReason: string | null;

  @Column({ type: 'timestamptz', name: 'last_verified_at', nullable: true })
  lastVerifiedAt: Date | null;

  @Column({ type: 'boolean', name: 'last_verification_ok', nullable: true })
  lastVerificationOk: boolean | null;

  /** Why the item was quarantined (status integrity_failed); also in its `quarantined` custody entry. */
  @Column({ type: 'jsonb', name: 'integrity_failure', nullable: true })
  integrityFailure: IntegrityFailure | null;

  /** Head of the item's custody chain: a removed last entry shows as a gap against these. */
  @Column({ type: 'integer', name: 'custody_sequence', default: 0 })
  custodySequence: number;

  @Column({ type: 'text', name: 'custody_head_hash', nullable: true })
  custodyHeadHash: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
