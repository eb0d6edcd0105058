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
import { Organisation } from '../organisations/organisation.entity.js';
import { Ward } from '../wards/ward.entity.js';
import type { CameraKind, CameraStatus, CameraTechnology, RagRating } from './camera.enums.js';

@Entity('camera')
@Index(['kind', 'status'])
@Index(['wardId'])
export class Camera {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** e.g. MC-001 (fixed) or RDC-01 (rapid deployment). */
  @Index({ unique: true })
  @Column({ type: 'text', name: 'asset_number' })
  assetNumber: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: CameraKind;

  @Column({ type: 'text' })
  technology: CameraTechnology;

  @Column({ type: 'text' })
  status: CameraStatus;

  @Column({ type: 'text' })
  rag: RagRating;

  /** For a rapid deployment camera, the current deployment's address (or the store when in the pool). */
  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'text', name: 'ward_id', nullable: true })
  wardId: string | null;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward>;

  /** WGS84, validated to lie in or near Medway. */
  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @Column({ type: 'text', nullable: true })
  purpose: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'date', name: 'installed_on', nullable: true })
  installedOn: string | null;

  @Column({ type: 'text', nullable: true })
  make: string | null;

  @Column({ type: 'text', nullable: true })
  model: string | null;

  @Column({ type: 'uuid', name: 'monitored_by_id', nullable: true })
  monitoredById: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'monitored_by_id' })
  monitoredBy?: Relation<Organisation>;

  @Column({ type: 'text', name: 'dpia_reference', nullable: true })
  dpiaReference: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  /** Seeded demonstration data, not the council's real estate. */
  @Column({ type: 'boolean', name: 'is_demo', default: false })
  isDemo: boolean;

  @Column({ type: 'date', name: 'decommissioned_on', nullable: true })
  decommissionedOn: string | null;

  /** Optimistic locking: an update carrying an older version is refused with 409. */
  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
