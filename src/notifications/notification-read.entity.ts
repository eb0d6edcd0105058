import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';
import { Notification } from './notification.entity.js';

/** A person has read a notification. Per user: a notification to a role is read by each of its holders in turn. */
@Entity('notification_read')
export class NotificationRead {
  @PrimaryColumn({ type: 'uuid', name: 'notification_id' })
  notificationId: string;

  @ManyToOne(() => Notification, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'notification_id' })
  notification?: Relation<Notification>;

  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz', name: 'read_at' })
  readAt: Date;
}
