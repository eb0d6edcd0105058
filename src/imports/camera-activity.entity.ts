import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Camera } from '../cameras/camera.entity.js';
import { Ward } from '../wards/ward.entity.js';
import { KyndiImport } from './kyndi-import.entity.js';

/**
 * One camera's figures for one month, as one import reported them, with where the camera stood that month (recorded
 * at import, so that moving a camera later does not move its history). Only rows of committed imports count in
 * reports; a superseded import's rows stay for the record.
 */
@Entity('camera_activity')
@Index(['cameraId', 'month'])
@Index(['month'])
@Index(['wardId', 'month'])
export class CameraActivity {
  @PrimaryColumn({ type: 'uuid', name: 'import_id' })
  importId: string;

  @ManyToOne(() => KyndiImport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'import_id' })
  import?: Relation<KyndiImport>;

  @PrimaryColumn({ type: 'uuid', name: 'camera_id' })
  cameraId: string;

  @ManyToOne(() => Camera, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'camera_id' })
  camera?: Relation<Camera>;

  /** YYYY-MM, the import's month. */
  @Column({ type: 'text' })
  month: string;

  /** The ward the camera was in for the month: its deployment's for an RDC out on one, else its own at import. */
  @Column({ type: 'text', name: 'ward_id', nullable: true })
  wardId: string | null;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward>;

  /** Where the camera stood for the month, by the same rule as the ward. */
  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'integer' })
  incidents: number;

  @Column({ type: 'integer' })
  arrests: number;

  @Column({ type: 'integer' })
  hits: number;

  @Column({ type: 'integer' })
  faults: number;

  @Column({ type: 'text', name: 'fault_text', nullable: true })
  faultText: string | null;

  /** The spreadsheet row it came from. */
  @Column({ type: 'integer', name: 'source_row' })
  sourceRow: number;
}
