import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, IsUUID, MaxLength, ValidateBy } from 'class-validator';
import { PageQueryDto } from '../common/pagination/page.js';
import { AUDIT_ACTIONS, isAuditActionFilter } from './audit-actions.js';
import type { AuditLog } from './audit-log.entity.js';
import { ApiJsonValueProperty } from '../common/openapi/api-responses.decorator.js';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({
    description:
      'An action (one of the list; a former name of it is found too), a prefix ending in * (e.g. camera.*), or the ' +
      "route of a change no service named (e.g. 'POST /api/v1/...')",
    example: 'fault.close',
  })
  @IsOptional()
  @ValidateBy({
    name: 'isAuditAction',
    validator: {
      validate: isAuditActionFilter,
      defaultMessage: () => `action must be one of ${AUDIT_ACTIONS.join(', ')}, a prefix such as camera.*, or a route`,
    },
  })
  action?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50)
  entityType?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  requestId?: string;

  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString()
  to?: string;
}

export class AuditEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ type: String, nullable: true }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorEmail: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole: string | null;
  @ApiProperty({ type: String, nullable: true }) organisationId: string | null;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ type: String, nullable: true }) entityId: string | null;
  @ApiJsonValueProperty({ description: 'The entity before the change (null when created)' }) before: unknown;
  @ApiJsonValueProperty({ description: 'The entity after the change (null when deleted)' }) after: unknown;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
}

export function toAuditEntryResponse(row: AuditLog): AuditEntryResponse {
  return { ...row, id: String(row.id), occurredAt: row.occurredAt.toISOString() };
}
