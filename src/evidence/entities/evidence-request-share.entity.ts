import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../../users/user.entity.js';
import { EvidenceRequest } from './evidence-request.entity.js';

/** The SPOC let another officer of the requesting force download the request's evidence. */
@Entity('evidence_request_share')
@Index(['requestId', 'userId'], { unique: true })
export class EvidenceRequestShare {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'request_id' })
  requestId: string;

  @ManyToOne(() => EvidenceRequest, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'request_id' })
  request?: Relation<EvidenceRequest>;

  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'uuid', name: 'shared_by_id' })
  sharedById: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
