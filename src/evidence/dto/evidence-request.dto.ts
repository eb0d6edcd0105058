import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page.js';
import type { EvidenceRequest } from '../entities/evidence-request.entity.js';
import { REQUEST_STATUSES, type RequestStatus, URGENCIES, type Urgency } from '../evidence.enums.js';
import { IsIsoTimestamp } from '../iso-timestamp.validator.js';
import { formatLondon } from '../london-time.js';
import { IsOptionalNotNull } from '../not-null.validator.js';
import { IsPlainText } from '../plain-text.validator.js';
import { IsReason } from '../reason.validator.js';

export class CreateEvidenceRequestDto {
  @ApiProperty({ example: '46/123456/25', description: 'Crime or occurrence reference' })
  @IsString() @MinLength(1) @MaxLength(64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 /._-]*$/, { message: 'crimeReference may hold letters, digits, spaces and / . _ -' })
  crimeReference: string;

  @ApiProperty({ example: 'Assault occasioning actual bodily harm' })
  @IsString() @MinLength(2) @MaxLength(120) @IsPlainText()
  offenceType: string;

  @ApiPropertyOptional({ type: [String], description: 'Cameras to export; cameras or a location description (or both)' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true })
  cameraIds?: string[];

  @ApiPropertyOptional({ example: 'High Street, Chatham, outside no. 120' })
  @IsOptional() @IsString() @MinLength(3) @MaxLength(500) @IsPlainText()
  locationDescription?: string;

  @ApiProperty({ example: '2025-03-14T21:30:00Z', description: 'UTC (or with an offset)' })
  @IsIsoTimestamp()
  windowStart: string;

  @ApiProperty({ example: '2025-03-14T22:15:00Z', description: 'After windowStart, at most 24 hours later' })
  @IsIsoTimestamp()
  windowEnd: string;

  @ApiProperty({ example: 'Identify the suspect and corroborate the victim account' })
  @IsString() @MinLength(5) @MaxLength(2000) @IsPlainText()
  purpose: string;

  @ApiProperty({ example: 'DPA 2018 s.35 law enforcement' })
  @IsString() @MinLength(3) @MaxLength(200) @IsPlainText()
  lawfulBasis: string;

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES)
  urgency: Urgency;
}

export class EvidenceDecisionDto {
  @ApiProperty() @IsBoolean()
  approve: boolean;

  @ApiProperty({ example: 'Proportionate; footage held' })
  @IsString() @MinLength(3) @MaxLength(1000) @IsPlainText()
  reason: string;
}

export class EvidenceShareDto {
  @ApiProperty({ description: 'An officer of the requesting force' }) @IsUUID()
  userId: string;
}

export class CloseEvidenceRequestDto {
  @ApiProperty({ example: 'Case concluded at Maidstone Crown Court' })
  @IsString() @MinLength(3) @MaxLength(1000) @IsPlainText()
  reason: string;
}

export class CameraWithoutFootageDto {
  @ApiProperty({ description: 'A camera of the request' }) @IsUUID()
  cameraId: string;

  @ApiProperty({ example: 'Recorder overwritten: it keeps 31 days' })
  @IsReason(1000)
  reason: string;
}

/** POST /evidence-requests/:id/complete: every requested camera has an available exhibit or an entry here. */
export class CompleteEvidenceRequestDto {
  @ApiPropertyOptional({ type: [CameraWithoutFootageDto], description: 'Requested cameras with no footage, and why' })
  @IsOptionalNotNull() @IsArray() @ArrayMaxSize(50)
  @ArrayUnique((entry: CameraWithoutFootageDto | null) => entry?.cameraId, { message: 'camerasWithoutFootage must name each camera once' })
  @ValidateNested({ each: true }) @Type(() => CameraWithoutFootageDto)
  camerasWithoutFootage?: CameraWithoutFootageDto[];

  @ApiPropertyOptional({ example: 'Searched the recorder for the whole window', description: 'Required when no exhibit was found at all' })
  @IsOptionalNotNull() @IsReason(2000)
  note?: string;
}

export class EvidenceRequestQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES }) @IsOptional() @IsIn(REQUEST_STATUSES)
  status?: RequestStatus;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64)
  crimeReference?: string;
}

export class EvidenceDecisionResponse {
  @ApiProperty() approved: boolean;
  @ApiProperty() reason: string;
  @ApiProperty() decidedById: string;
  @ApiProperty() decidedAt: string;
  @ApiProperty({ example: '2025-03-15 09:12:00 GMT' }) decidedAtLondon: string;
}

export class EvidenceRequestResponse {
  @ApiProperty() id: string;
  @ApiProperty() crimeReference: string;
  @ApiProperty() offenceType: string;
  @ApiProperty({ type: [String] }) cameraIds: string[];
  @ApiProperty({ type: String, nullable: true }) locationDescription: string | null;
  @ApiProperty() windowStart: string;
  @ApiProperty() windowEnd: string;
  @ApiProperty({ example: '2025-03-14 21:30:00 GMT' }) windowStartLondon: string;
  @ApiProperty({ example: '2025-03-14 22:15:00 GMT' }) windowEndLondon: string;
  @ApiProperty() purpose: string;
  @ApiProperty() lawfulBasis: string;
  @ApiProperty({ enum: URGENCIES }) urgency: Urgency;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty({ description: 'The window is older than the recorders keep footage: it may already be overwritten' })
  mayBeOverwritten: boolean;
  @ApiProperty() requestedById: string;
  @ApiProperty({ description: 'The requesting force' }) organisationId: string;
  @ApiProperty({ type: EvidenceDecisionResponse, nullable: true }) decision: EvidenceDecisionResponse | null;
  @ApiProperty({ type: [String], description: 'Officers of the force the SPOC shared the evidence with' })
  sharedWith: string[];
  @ApiProperty({ type: String, nullable: true }) fulfilledAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The operator who completed it; null when footage from every camera fulfilled it' })
  fulfilledById: string | null;
  @ApiProperty({ type: String, nullable: true }) fulfilmentNote: string | null;
  @ApiProperty({ type: [CameraWithoutFootageDto] }) camerasWithoutFootage: CameraWithoutFootageDto[];
  @ApiProperty({ type: String, nullable: true }) closedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) closeReason: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() createdAtLondon: string;
  @ApiProperty() updatedAt: string;
}

export function toEvidenceRequestResponse(request: EvidenceRequest, sharedWith: string[]): EvidenceRequestResponse {
  return {
    id: request.id,
    crimeReference: request.crimeReference,
    offenceType: request.offenceType,
    cameraIds: request.cameraIds,
    locationDescription: request.locationDescription,
    windowStart: request.windowStart.toISOString(),
    windowEnd: request.windowEnd.toISOString(),
    windowStartLondon: formatLondon(request.windowStart),
    windowEndLondon: formatLondon(request.windowEnd),
    purpose: request.purpose,
    lawfulBasis: request.lawfulBasis,
    urgency: request.urgency,
    status: request.status,
    mayBeOverwritten: request.mayBeOverwritten,
    requestedById: request.requestedById,
    organisationId: request.organisationId,
    decision:
      request.decidedAt && request.decidedById && request.decisionApproved !== null
        ? {
            approved: request.decisionApproved,
            reason: request.decisionReason ?? '',
            decidedById: request.decidedById,
            decidedAt: request.decidedAt.toISOString(),
            decidedAtLondon: formatLondon(request.decidedAt),
          }
        : null,
    sharedWith,
    fulfilledAt: request.fulfilledAt?.toISOString() ?? null,
    fulfilledById: request.fulfilledById,
    fulfilmentNote: request.fulfilmentNote,
    camerasWithoutFootage: request.camerasWithoutFootage,
    closedAt: request.closedAt?.toISOString() ?? null,
    closeReason: request.closeReason,
    createdAt: request.createdAt.toISOString(),
    createdAtLondon: formatLondon(request.createdAt),
    updatedAt: request.updatedAt.toISOString(),
  };
}
