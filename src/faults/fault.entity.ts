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
import type { RagRating } from '../cameras/camera.enums.js';
import type { FaultCategory, FaultSource, FaultStatus } from './fault.enums.js';

@Entity('fault')
@Index(['cameraId', 'status'])
@Index(['status', 'reportedAt'])
export class Fault {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'camera_id' })
  cameraId: string;

  @ManyToOne(() => Camera, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'camera_id' })
  camera?: Relation<Camera>;

  @Column({ type: 'text' })
  category: FaultCategory;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text' })
  priority: RagRating;

  @Column({ type: 'text' })
  status: FaultStatus;

  @Column({ type: 'text' })
  source: FaultSource;

  /** The monthly import that raised it, when source = kyndi_import. */
  @Column({ type: 'uuid', name: 'import_id', nullable: true })
  importId: string | null;

  @Column({ type: 'timestamptz', name: 'reported_at' })
  reportedAt: Date;

  @Column({ type: 'uuid', name: 'reported_by_id', nullable: true })
  reportedById: string | null;

  @Column({ type: 'timestamptz', name: 'work_started_at', nullable: true })
  workStartedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'fixed_at', nullable: true })
  fixedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'text', name: 'close_reason', nullable: true })
  closeReason: string | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
