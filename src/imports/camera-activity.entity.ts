import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Camera } from '../cameras/camera.entity.js';
import { KyndiImport } from './kyndi-import.entity.js';

/**
 * One camera's figures for one month, as one import reported them. Only rows of committed imports count in reports;
 * a superseded import's rows stay for the record.
 */
@Entity('camera_activity')
@Index(['cameraId', 'month'])
@Index(['month'])
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
