import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Camera } from '../cameras/camera.entity.js';
import { Ward } from '../wards/ward.entity.js';
import type { DeploymentStatus, ReviewOutcome } from './deployment.enums.js';
import { DeploymentReview } from './deployment-review.entity.js';

export const ONE_ACTIVE_DEPLOYMENT_PER_CAMERA = 'UQ_camera_deployment_active_camera';

/** A rapid deployment camera placed at a location, reviewed every RDC_REVIEW_WEEKS weeks until it is closed. */
@Entity('camera_deployment')
@Index(ONE_ACTIVE_DEPLOYMENT_PER_CAMERA, ['cameraId'], { unique: true, where: `"status" = 'active'` })
@Index(['status', 'reviewDueOn'])
@Index(['cameraId', 'deployedOn'])
export class CameraDeployment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'camera_id' })
  cameraId: string;

  @ManyToOne(() => Camera, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'camera_id' })
  camera?: Relation<Camera>;

  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'text', name: 'ward_id' })
  wardId: string;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward>;

  @Column({ type: 'double precision' })
  latitude: number;

  @Column({ type: 'double precision' })
  longitude: number;

  @Column({ type: 'date', name: 'deployed_on' })
  deployedOn: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text', name: 'crime_types', array: true, default: () => "'{}'" })
  crimeTypes: string[];

  /** Who asked for it, in words (a ward member, Kent Police, an officer). */
  @Column({ type: 'text', name: 'requested_by', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'text' })
  status: DeploymentStatus;

  @Column({ type: 'date', name: 'review_due_on' })
  reviewDueOn: string;

  @Column({ type: 'date', name: 'closed_on', nullable: true })
  closedOn: string | null;

  @Column({ type: 'text', name: 'closed_reason', nullable: true })
  closedReason: string | null;

  /** The final review's outcome (remove or make_permanent); null while active or when closed otherwise. */
  @Column({ type: 'text', nullable: true })
  outcome: ReviewOutcome | null;

  @Column({ type: 'uuid', name: 'created_by_id', nullable: true })
  createdById: string | null;

  @Column({ type: 'boolean', name: 'is_demo', default: false })
  isDemo: boolean;

  @OneToMany(() => DeploymentReview, (review) => review.deployment)
  reviews?: Relation<DeploymentReview[]>;

  /** Optimistic locking: a review carrying an older version is refused with 409. */
  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
