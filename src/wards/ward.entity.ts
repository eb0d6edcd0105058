import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Medway Council wards (2023 boundaries): reference data loaded by migration. */
@Entity('ward')
export class Ward {
  /** Slug, e.g. `chatham-central-and-brompton`. */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text', unique: true })
  name: string;

  /** Number of councillors elected for the ward. */
  @Column({ type: 'integer' })
  councillors: number;
}
