import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Ward } from './ward.entity.js';

/** A ward councillor: told when a decision affects a camera in their ward. */
@Entity('ward_member')
@Index(['wardId', 'email'], { unique: true })
export class WardMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', name: 'ward_id' })
  wardId: string;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward>;

  @Column({ type: 'text' })
  name: string;

  /** Stored lower-case. */
  @Column({ type: 'text' })
  email: string;

  /** Seeded demonstration data, not a real councillor. */
  @Column({ type: 'boolean', name: 'is_demo', default: false })
  isDemo: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
