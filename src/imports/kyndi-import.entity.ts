import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { User } from '../users/user.entity.js';
import type { ImportFileType, ImportStatus } from './import.enums.js';
import type { MonthSource } from './parsing/report-month.js';
import type { RowIssue } from './parsing/report-parser.js';
import type { ActivityTotals, FaultToOpen } from './parsing/report-checker.js';

/** One upload of a Kyndi monthly activity report, whatever became of it. */
@Entity('kyndi_import')
@Index(['month', 'status'])
@Index(['importedAt'])
// At most one import counts for a month; replacing one marks the earlier superseded in the same transaction.
@Index('UQ_kyndi_import_committed_month', ['month'], { unique: true, where: `"status" = 'committed'` })
export class KyndiImport {
  /** Chosen before the file is stored, so the S3 key can name it. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** YYYY-MM */
  @Column({ type: 'text' })
  month: string;

  @Column({ type: 'text', name: 'month_source' })
  monthSource: MonthSource;

  @Column({ type: 'text' })
  status: ImportStatus;

  @Column({ type: 'text', name: 'file_name' })
  fileName: string;

  @Column({ type: 'text', name: 'file_type' })
  fileType: ImportFileType;

  @Column({ type: 'text', name: 'file_sha256' })
  fileSha256: string;

  @Column({ type: 'integer', name: 'file_size' })
  fileSize: number;

  /** The original file in object storage; null for previews, which keep no file. */
  @Column({ type: 'text', name: 's3_key', nullable: true })
  s3Key: string | null;

  @Column({ type: 'text', name: 's3_version_id', nullable: true })
  s3VersionId: string | null;

  @Column({ type: 'uuid', name: 'imported_by_id' })
  importedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'imported_by_id' })
  importedBy?: Relation<User>;

  /** Kyndi operators see their own organisation's imports. */
  @Column({ type: 'uuid', name: 'imported_by_organisation_id' })
  importedByOrganisationId: string;

  @Column({ type: 'timestamptz', name: 'imported_at' })
  importedAt: Date;

  /** Camera rows in the file (the totals row excluded). */
  @Column({ type: 'integer' })
  rows: number;

  @Column({ type: 'jsonb' })
  totals: ActivityTotals;

  /** The file's own totals row, when it has one. */
  @Column({ type: 'jsonb', name: 'stated_totals', nullable: true })
  statedTotals: Partial<ActivityTotals> | null;

  @Column({ type: 'jsonb' })
  errors: RowIssue[];

  @Column({ type: 'jsonb' })
  warnings: RowIssue[];

  /** Faults the report opens (or would open), with those skipped because one is already open. */
  @Column({ type: 'jsonb' })
  faults: FaultToOpen[];

  @Column({ type: 'uuid', name: 'supersedes_id', nullable: true })
  supersedesId: string | null;

  @Column({ type: 'uuid', name: 'superseded_by_id', nullable: true })
  supersededById: string | null;

  @Column({ type: 'timestamptz', name: 'superseded_at', nullable: true })
  supersededAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
