import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page.js';
import { INTEGRITY_TRIGGERS, type IntegrityFailure, type IntegrityTrigger } from '../content-record.js';
import type { EvidenceItem } from '../entities/evidence-item.entity.js';
import { VerificationProblem } from './custody.dto.js';
import { DELETION_TRIGGERS, type DeletionTrigger, ITEM_KINDS, ITEM_STATUSES, type ItemKind, type ItemStatus } from '../evidence.enums.js';
import { IsIsoTimestamp } from '../iso-timestamp.validator.js';
import { formatLondon } from '../london-time.js';
import { IsOptionalNotNull } from '../not-null.validator.js';
import { IsPlainText } from '../plain-text.validator.js';
import { IsReason } from '../reason.validator.js';

const isFootage = (dto: CreateEvidenceItemDto) => (dto.kind ?? 'footage') === 'footage';

export class CreateEvidenceItemDto {
  @ApiProperty({ example: 'KY/2025/0142/1', description: 'Shared by the files of one exhibit; unique per request with partNumber' })
  @IsString() @MinLength(1) @MaxLength(64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9/._-]*$/, { message: 'exhibitReference may hold letters, digits and / . _ -' })
  exhibitReference: string;

  @ApiPropertyOptional({ default: 1, description: 'Which file of the exhibit this is (1, 2, …)' })
  @IsOptional() @IsInt() @Min(1) @Max(999)
  partNumber?: number;

  @ApiPropertyOptional({ enum: ITEM_KINDS, default: 'footage' })
  @IsOptional() @IsIn(ITEM_KINDS)
  kind?: ItemKind;

  @ApiPropertyOptional({ example: 'Native export, DVR 3 channel 7' })
  @IsOptional() @IsString() @MaxLength(500) @IsPlainText()
  description?: string;

  @ApiPropertyOptional({ description: 'Required for footage' })
  @ValidateIf((dto: CreateEvidenceItemDto) => isFootage(dto) || dto.cameraId !== undefined) @IsUUID()
  cameraId?: string;

  @ApiPropertyOptional({ description: 'Recorder time span of the footage (required for footage)' })
  @ValidateIf((dto: CreateEvidenceItemDto) => isFootage(dto) || dto.recordedFrom !== undefined) @IsIsoTimestamp()
  recordedFrom?: string;

  @ApiPropertyOptional()
  @ValidateIf((dto: CreateEvidenceItemDto) => isFootage(dto) || dto.recordedTo !== undefined) @IsIsoTimestamp()
  recordedTo?: string;

  @ApiPropertyOptional({ default: 0, description: 'Recorder clock minus true time, seconds (positive: recorder ahead)' })
  @IsOptional() @IsInt() @Min(-86400) @Max(86400)
  recorderClockOffsetSeconds?: number;

  @ApiProperty({ example: 'Genetec Security Desk 5.11 export' })
  @IsString() @MinLength(1) @MaxLength(200) @IsPlainText()
  exportTool: string;

  @ApiProperty({ example: 'J. Smith (Kyndi control room)' })
  @IsString() @MinLength(1) @MaxLength(200) @IsPlainText()
  operatorName: string;

  @ApiProperty({ example: 'CH07_20250314_2130.g64x', description: 'Sanitised on receipt; never used as the storage key' })
  @IsString() @MinLength(1) @MaxLength(4096)
  originalFileName: string;

  @ApiPropertyOptional({ default: 'application/octet-stream' })
  @IsOptional() @IsString() @MaxLength(127)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$/, { message: 'contentType must be a media type such as video/mp4' })
  contentType?: string;
}

export class EvidenceItemQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ITEM_STATUSES }) @IsOptional() @IsIn(ITEM_STATUSES)
  status?: ItemStatus;
}

export class EvidenceReasonDto {
  @ApiProperty({ example: 'Disclosure to CPS for charging decision' })
  @IsReason(500)
  reason: string;
}

export class EvidenceContentQueryDto {
  @ApiProperty({ description: 'Why the content is obtained (recorded in the chain of custody)' })
  @IsString() @MinLength(3) @MaxLength(500) @IsPlainText()
  reason: string;
}

/** Every field may be left out; none may be null. */
export class EvidenceRetentionDto {
  @ApiPropertyOptional({
    example: '2026-12-31T00:00:00Z',
    description: 'Keep until then, strictly in the future (clears "until case closed"); moving it earlier needs a reason',
  })
  @IsOptionalNotNull() @IsIsoTimestamp()
  retainUntil?: string;

  @ApiPropertyOptional({ description: 'Keep until the request is closed, then for the post-closure period' })
  @IsOptionalNotNull() @IsBoolean()
  retainUntilCaseClosed?: boolean;

  @ApiPropertyOptional({ description: 'A legal hold blocks every deletion until cleared; setting one on an item in the recycle bin restores it' })
  @IsOptionalNotNull() @IsBoolean()
  legalHold?: boolean;

  @ApiPropertyOptional({
    example: 'Appeal lodged; hold until the Court of Appeal decides',
    description: 'Recorded in the chain of custody and the audit log; required for a change that shortens retention',
  })
  @IsOptionalNotNull() @IsReason(1000)
  reason?: string;
}

export class IntegrityFailureResponse {
  @ApiProperty() detectedAt: string;
  @ApiProperty({ enum: INTEGRITY_TRIGGERS }) trigger: IntegrityTrigger;
  @ApiProperty({ type: [VerificationProblem] }) problems: VerificationProblem[];
}

export const INTEGRITY_STATES = ['not_checked', 'passed', 'failed'] as const;
export type IntegrityState = (typeof INTEGRITY_STATES)[number];

export class ItemIntegrityResponse {
  @ApiProperty({ enum: INTEGRITY_STATES, description: 'failed: quarantined (status integrity_failed), never served' })
  status: IntegrityState;
  @ApiProperty({ type: String, nullable: true }) lastCheckedAt: string | null;
  @ApiProperty({ type: IntegrityFailureResponse, nullable: true }) failure: IntegrityFailure | null;
}

export function itemIntegrity(item: EvidenceItem): ItemIntegrityResponse {
  const failed = item.status === 'integrity_failed' || item.integrityFailure !== null;
  return {
    status: failed ? 'failed' : item.lastVerificationOk === true ? 'passed' : item.lastVerificationOk === false ? 'failed' : 'not_checked',
    lastCheckedAt: item.lastVerifiedAt?.toISOString() ?? null,
    failure: item.integrityFailure,
  };
}

/** POST /evidence/:id/restore: out of the recycle bin, with a reason and a new retention (default: the upload default from now). */
export class RestoreEvidenceDto {
  @ApiProperty({ example: 'Deleted in error: the force still needs it for trial' })
  @IsReason(1000)
  reason: string;

  @ApiPropertyOptional({ example: '2026-12-31T00:00:00Z', description: 'Strictly in the future; default now + EVIDENCE_RETENTION_DAYS' })
  @IsOptionalNotNull() @IsIsoTimestamp()
  retainUntil?: string;

  @ApiPropertyOptional({ description: 'Keep until the request is closed instead of a date' })
  @IsOptionalNotNull() @IsBoolean()
  retainUntilCaseClosed?: boolean;
}

export class EvidenceItemResponse {
  @ApiProperty() id: string;
  @ApiProperty() requestId: string;
  @ApiProperty() exhibitReference: string;
  @ApiProperty() partNumber: number;
  @ApiProperty({ enum: ITEM_KINDS }) kind: ItemKind;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true }) cameraId: string | null;
  @ApiProperty({ type: String, nullable: true }) recordedFrom: string | null;
  @ApiProperty({ type: String, nullable: true }) recordedTo: string | null;
  @ApiProperty({ type: String, nullable: true }) recordedFromLondon: string | null;
  @ApiProperty({ type: String, nullable: true }) recordedToLondon: string | null;
  @ApiProperty() recorderClockOffsetSeconds: number;
  @ApiProperty() exportTool: string;
  @ApiProperty() operatorName: string;
  @ApiProperty() originalFileName: string;
  @ApiProperty() contentType: string;
  @ApiProperty({ enum: ITEM_STATUSES }) status: ItemStatus;
  @ApiProperty({ type: String, nullable: true }) failureReason: string | null;
  @ApiProperty() storageKey: string;
  @ApiProperty({ type: String, nullable: true }) storageVersionId: string | null;
  @ApiProperty({ type: Number, nullable: true }) size: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256, lower-case hex' }) sha256: string | null;
  @ApiProperty() uploadAttempts: number;
  @ApiProperty({ type: String, nullable: true }) uploadedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) uploadedAtLondon: string | null;
  @ApiProperty() createdById: string;
  @ApiProperty({ type: String, nullable: true }) retainUntil: string | null;
  @ApiProperty() retainUntilCaseClosed: boolean;
  @ApiProperty() legalHold: boolean;
  @ApiProperty({ type: String, nullable: true }) legalHoldReason: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'In the recycle bin: when the content will be deleted' })
  deletionDueAt: string | null;
  @ApiProperty({ type: String, nullable: true, enum: DELETION_TRIGGERS }) deletionTrigger: DeletionTrigger | null;
  @ApiProperty({ type: String, nullable: true }) deletedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) deletionReason: string | null;
  @ApiProperty({ type: String, nullable: true }) lastVerifiedAt: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) lastVerificationOk: boolean | null;
  @ApiProperty({ type: ItemIntegrityResponse }) integrity: ItemIntegrityResponse;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export function toEvidenceItemResponse(item: EvidenceItem): EvidenceItemResponse {
  return {
    id: item.id,
    requestId: item.requestId,
    exhibitReference: item.exhibitReference,
    partNumber: item.partNumber,
    kind: item.kind,
    description: item.description,
    cameraId: item.cameraId,
    recordedFrom: item.recordedFrom?.toISOString() ?? null,
    recordedTo: item.recordedTo?.toISOString() ?? null,
    recordedFromLondon: formatLondon(item.recordedFrom),
    recordedToLondon: formatLondon(item.recordedTo),
    recorderClockOffsetSeconds: item.recorderClockOffsetSeconds,
    exportTool: item.exportTool,
    operatorName: item.operatorName,
    originalFileName: item.originalFileName,
    contentType: item.contentType,
    status: item.status,
    failureReason: item.failureReason,
    storageKey: item.storageKey,
    storageVersionId: item.storageVersionId,
    size: item.sizeBytes,
    sha256: item.sha256,
    uploadAttempts: item.uploadAttempts,
    uploadedAt: item.uploadedAt?.toISOString() ?? null,
    uploadedAtLondon: formatLondon(item.uploadedAt),
    createdById: item.createdById,
    retainUntil: item.retainUntil?.toISOString() ?? null,
    retainUntilCaseClosed: item.retainUntilCaseClosed,
    legalHold: item.legalHold,
    legalHoldReason: item.legalHoldReason,
    deletionDueAt: item.deletionDueAt?.toISOString() ?? null,
    deletionTrigger: item.deletionTrigger,
    deletedAt: item.deletedAt?.toISOString() ?? null,
    deletionReason: item.deletionReason,
    lastVerifiedAt: item.lastVerifiedAt?.toISOString() ?? null,
    lastVerificationOk: item.lastVerificationOk,
    integrity: itemIntegrity(item),
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

export class UploadResultResponse {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'SHA-256 of the stored content, lower-case hex' }) sha256: string;
  @ApiProperty() size: number;
  @ApiProperty({ enum: ['available'] }) status: 'available';
  @ApiProperty({ type: String, nullable: true }) storageVersionId: string | null;
}

export class DownloadUrlResponse {
  @ApiProperty({ description: 'Pre-signed GET URL' }) url: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ description: 'The content\'s recorded SHA-256, to check the downloaded file against' }) sha256: string;
  @ApiProperty() size: number;
}

export class QuarantineReleaseDto {
  @ApiProperty({ example: 'Copy for the forensic examiner investigating the integrity failure' })
  @IsString() @MinLength(10) @MaxLength(1000) @IsPlainText()
  reason: string;
}
