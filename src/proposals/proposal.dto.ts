import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../common/pagination/page.js';
import { IsCalendarDate } from '../deployments/is-calendar-date.js';
import {
  DEFAULT_DECISION_BODY,
  PROPOSAL_STATUSES,
  PROPOSAL_TYPES,
  PROPOSER_TYPES,
  type ProposalStatus,
  type ProposalType,
  type ProposerType,
} from './proposal.enums.js';

export class CreateProposalDto {
  @ApiProperty({ enum: PROPOSAL_TYPES }) @IsIn(PROPOSAL_TYPES)
  type: ProposalType;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required to decommission or redeploy; refused for a new camera' })
  @IsOptional() @IsUUID()
  cameraId?: string;

  @ApiPropertyOptional({ description: 'Proposed location (new camera, redeploy)' })
  @IsOptional() @IsString() @MinLength(3) @MaxLength(300)
  address?: string;

  @ApiPropertyOptional({ description: 'Proposed ward id or name (new camera, redeploy)' })
  @IsOptional() @IsString() @MinLength(2) @MaxLength(100)
  ward?: string;

  @ApiPropertyOptional({ description: 'WGS84, in Medway; give both or neither' }) @IsOptional() @IsNumber()
  latitude?: number;

  @ApiPropertyOptional() @IsOptional() @IsNumber()
  longitude?: number;

  @ApiProperty({ example: 'Cllr A. Member' }) @IsString() @MinLength(2) @MaxLength(200)
  proposedBy: string;

  @ApiProperty({ enum: PROPOSER_TYPES }) @IsIn(PROPOSER_TYPES)
  proposerType: ProposerType;

  @ApiPropertyOptional({ description: 'Where to tell the proposer of the decision' })
  @IsOptional() @IsEmail() @MaxLength(254)
  proposerEmail?: string;

  @ApiProperty() @IsString() @MinLength(3) @MaxLength(5000)
  rationale: string;
}

export class ProposalQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES }) @IsOptional() @IsIn(PROPOSAL_STATUSES)
  status?: ProposalStatus;

  @ApiPropertyOptional({ enum: PROPOSAL_TYPES }) @IsOptional() @IsIn(PROPOSAL_TYPES)
  type?: ProposalType;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  cameraId?: string;
}

export class StartReviewDto {
  @ApiPropertyOptional({ description: 'The proposal version the caller saw; a stale one is refused with 409' })
  @IsOptional() @IsInt() @Min(1)
  version?: number;
}

export class DecisionDto {
  @ApiProperty() @IsBoolean()
  approve: boolean;

  @ApiProperty() @IsString() @MinLength(3) @MaxLength(5000)
  rationale: string;

  @ApiPropertyOptional({ default: DEFAULT_DECISION_BODY }) @IsOptional() @IsString() @MinLength(2) @MaxLength(200)
  body?: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD, the meeting date; defaults to today' }) @IsOptional() @IsCalendarDate()
  decidedOn?: string;

  @ApiPropertyOptional({ description: 'The proposal version the caller saw; a stale one is refused with 409' })
  @IsOptional() @IsInt() @Min(1)
  version?: number;
}

export class ProposedLocationResponse {
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: String, nullable: true }) ward: string | null;
  @ApiProperty({ type: String, nullable: true }) wardName: string | null;
  @ApiProperty({ type: Number, nullable: true }) latitude: number | null;
  @ApiProperty({ type: Number, nullable: true }) longitude: number | null;
}

export class DecisionResponse {
  @ApiProperty() approved: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'User id' }) decidedBy: string | null;
  @ApiProperty() decidedOn: string;
  @ApiProperty() rationale: string;
  @ApiProperty() body: string;
}

export class ProposalResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: PROPOSAL_TYPES }) type: ProposalType;
  @ApiProperty({ enum: PROPOSAL_STATUSES }) status: ProposalStatus;
  @ApiProperty({ type: String, nullable: true }) cameraId: string | null;
  @ApiProperty({ type: String, nullable: true }) cameraAssetNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) cameraName: string | null;
  @ApiProperty({ type: ProposedLocationResponse, nullable: true }) proposedLocation: ProposedLocationResponse | null;
  @ApiProperty() proposedBy: string;
  @ApiProperty({ enum: PROPOSER_TYPES }) proposerType: ProposerType;
  @ApiProperty({ type: String, nullable: true }) proposerEmail: string | null;
  @ApiProperty() rationale: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Figures gathered at submission (as a review\'s evidenceConsidered, plus the deployment history)',
  })
  evidence: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) reviewStartedAt: string | null;
  @ApiProperty({ type: DecisionResponse, nullable: true }) decision: DecisionResponse | null;
  @ApiProperty() isDemo: boolean;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
