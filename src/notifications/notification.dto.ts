import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination/page.js';
import { NOTIFICATION_STATUSES, type Notification, type NotificationStatus } from './notification.entity.js';

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES }) @IsOptional() @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;

  @ApiPropertyOptional({ example: 'rdc_review_due' })
  @IsOptional() @IsString() @Matches(/^[a-z0-9_]{1,100}$/, { message: 'kind must be a snake_case notification kind' })
  kind?: string;

  @ApiPropertyOptional({ example: 'camera_deployment' }) @IsOptional() @IsString() @MaxLength(100)
  relatedEntityType?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  relatedEntityId?: string;

  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254)
  recipientEmail?: string;
}

export class NotificationResponse {
  @ApiProperty() id: string;
  @ApiProperty() kind: string;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status: NotificationStatus;
  @ApiProperty({ type: String, nullable: true }) recipientEmail: string | null;
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
