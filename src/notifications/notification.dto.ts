import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination/page.js';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification-kinds.js';
import { NOTIFICATION_STATUSES, type Notification, type NotificationStatus } from './notification.entity.js';

export class NotificationQueryDto extends PageQueryDto {
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
  @ApiProperty({ nullable: true }) recipientEmail: string | null;
  @ApiProperty({ nullable: true }) recipientName: string | null;
  @ApiProperty({ nullable: true }) recipientRole: string | null;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ nullable: true }) relatedEntityType: string | null;
  @ApiProperty({ nullable: true }) relatedEntityId: string | null;
  @ApiProperty({ nullable: true }) dedupeKey: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true }) lastAttemptAt: string | null;
  @ApiProperty({ nullable: true }) sentAt: string | null;
  @ApiProperty({ nullable: true, description: 'Why the last delivery failed' }) error: string | null;
  @ApiProperty() createdAt: string;
}

export function toNotificationResponse(notification: Notification): NotificationResponse {
  return {
    id: notification.id,
    kind: notification.kind,
    status: notification.status,
    recipientEmail: notification.recipientEmail,
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
  };
}
