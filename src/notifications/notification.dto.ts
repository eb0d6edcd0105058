import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination/page.js';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification-kinds.js';
import { NOTIFICATION_STATUSES, type Notification, type NotificationStatus } from './notification.entity.js';

/** `mine`: addressed to the caller or to the caller's role; `all`: the whole outbox (council staff and auditors). */
export const NOTIFICATION_SCOPES = ['mine', 'all'] as const;
export type NotificationScope = (typeof NOTIFICATION_SCOPES)[number];

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: NOTIFICATION_SCOPES,
    description: 'Default `all` for admin, spoc, cst_officer and auditor (the outbox), `mine` for everyone else (who may not ask for all)',
  })
  @IsOptional() @IsIn(NOTIFICATION_SCOPES)
  scope?: NotificationScope;

  @ApiPropertyOptional({ description: 'true: only those the caller has not read; false: only those they have' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES }) @IsOptional() @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;

  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS }) @IsOptional() @IsIn(NOTIFICATION_KINDS)
  kind?: NotificationKind;

  @ApiPropertyOptional({ example: 'camera_deployment' }) @IsOptional() @IsString() @MaxLength(100)
  relatedEntityType?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  relatedEntityId?: string;

  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254)
  recipientEmail?: string;
}

export class NotificationResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status: NotificationStatus;
  @ApiProperty({ type: String, nullable: true }) recipientEmail: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The user it is for, when it is for a user of the service' }) recipientUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) recipientName: string | null;
  @ApiProperty({ type: String, nullable: true }) recipientRole: string | null;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: String, nullable: true }) relatedEntityType: string | null;
  @ApiProperty({ type: String, nullable: true }) relatedEntityId: string | null;
  @ApiProperty({ type: String, nullable: true }) dedupeKey: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastAttemptAt: string | null;
  @ApiProperty({ type: String, nullable: true }) sentAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last delivery failed' }) error: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'When the caller marked it read (each user has their own)' }) readAt: string | null;
}

export function toNotificationResponse(notification: Notification, readAt: Date | null): NotificationResponse {
  return {
    id: notification.id,
    kind: notification.kind,
    status: notification.status,
    recipientEmail: notification.recipientEmail,
    recipientUserId: notification.recipientUserId,
    recipientName: notification.recipientName,
    recipientRole: notification.recipientRole,
    subject: notification.subject,
    body: notification.body,
    relatedEntityType: notification.relatedEntityType,
    relatedEntityId: notification.relatedEntityId,
    dedupeKey: notification.dedupeKey,
    attempts: notification.attempts,
    lastAttemptAt: notification.lastAttemptAt?.toISOString() ?? null,
    sentAt: notification.sentAt?.toISOString() ?? null,
    error: notification.error,
    createdAt: notification.createdAt.toISOString(),
    readAt: readAt?.toISOString() ?? null,
  };
}
