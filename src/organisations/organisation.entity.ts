import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrganisationKind } from '../auth/authenticated-user.js';

export const ORGANISATION_KINDS: OrganisationKind[] = ['council', 'contractor', 'police'];

@Entity('organisation')
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  name: string;

  @Column({ type: 'text' })
  kind: OrganisationKind;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
