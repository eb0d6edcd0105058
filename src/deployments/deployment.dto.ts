import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../common/pagination/page.js';
import { IsCalendarDate } from './is-calendar-date.js';
import {
  DEPLOYMENT_STATUSES,
  type DeploymentStatus,
  MAX_EXTEND_WEEKS,
  REVIEW_FILTERS,
  REVIEW_OUTCOMES,
  type ReviewFilter,
  type ReviewOutcome,
} from './deployment.enums.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateDeploymentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  cameraId: string;

  @ApiProperty({ example: '3 Mardale Close, Rainham' }) @IsString() @MinLength(3) @MaxLength(300)
  address: string;

  @ApiProperty({ description: 'Ward id (e.g. `rainham-south-east`) or name', example: 'rainham-south-east' })
  @IsString() @MinLength(2) @MaxLength(100)
  ward: string;

  @ApiProperty({ example: 51.3615, description: 'WGS84; must lie in Medway (51.25–51.55)' }) @IsNumber()
  latitude: number;

  @ApiProperty({ example: 0.6105, description: 'WGS84; must lie in Medway (0.35–0.75)' }) @IsNumber()
  longitude: number;

  @ApiProperty({ example: '2025-01-20', description: 'YYYY-MM-DD, not in the future' }) @IsCalendarDate()
  deployedOn: string;

  @ApiProperty({ example: 'Anti-social behaviour reported by residents' }) @IsString() @MinLength(3) @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ type: [String], example: ['anti-social behaviour', 'criminal damage'] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(100, { each: true })
  crimeTypes?: string[];

  @ApiPropertyOptional({ example: 'Cllr A. Member (ward member)' }) @IsOptional() @IsString() @MaxLength(300)
  requestedBy?: string;
}

export class DeploymentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true: active only; false: closed only' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: REVIEW_FILTERS, description: 'overdue: review date passed; due: due within withinDays' })
  @IsOptional() @IsIn(REVIEW_FILTERS)
  review?: ReviewFilter;

  @ApiPropertyOptional({ minimum: 0, maximum: 366, default: 14 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(366)
  withinDays?: number;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  cameraId?: string;

  @ApiPropertyOptional({ description: 'Ward id or name' }) @IsOptional() @IsString() @MaxLength(100)
  ward?: string;
}

export class ReviewAttendeeDto {
  @ApiProperty({ example: 'PC J. Smith' }) @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'Kent Police' }) @IsString() @MinLength(1) @MaxLength(200)
  organisation: string;

  @ApiPropertyOptional({ example: 'Neighbourhood officer' }) @IsOptional() @IsString() @MaxLength(200)
  role?: string;
}

export class CreateReviewDto {
  @ApiProperty({ enum: REVIEW_OUTCOMES }) @IsIn(REVIEW_OUTCOMES)
  outcome: ReviewOutcome;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(5000)
  notes: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_EXTEND_WEEKS, description: 'Required for extend, refused otherwise' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_EXTEND_WEEKS)
  extendWeeks?: number;

  @ApiPropertyOptional({ type: [ReviewAttendeeDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ReviewAttendeeDto)
  attendees?: ReviewAttendeeDto[];

  @ApiPropertyOptional({ description: 'YYYY-MM-DD; defaults to today' }) @IsOptional() @IsCalendarDate()
  reviewedOn?: string;

  @ApiPropertyOptional({ description: 'The deployment version the reviewer saw; a stale one is refused with 409' })
  @IsOptional() @IsInt() @Min(1)
  version?: number;
}

export class DeploymentResponse {
  @ApiProperty() id: string;
  @ApiProperty() cameraId: string;
  @ApiProperty({ type: String, nullable: true }) cameraAssetNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) cameraName: string | null;
  @ApiProperty() address: string;
  @ApiProperty({ description: 'Ward id' }) ward: string;
  @ApiProperty({ type: String, nullable: true }) wardName: string | null;
  @ApiProperty() latitude: number;
  @ApiProperty() longitude: number;
  @ApiProperty() deployedOn: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [String] }) crimeTypes: string[];
  @ApiProperty({ type: String, nullable: true }) requestedBy: string | null;
  @ApiProperty({ enum: DEPLOYMENT_STATUSES }) status: DeploymentStatus;
  @ApiProperty() reviewDueOn: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Negative when overdue; null once closed' }) daysUntilReview: number | null;
  @ApiProperty({ type: String, nullable: true }) closedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) closedReason: string | null;
  @ApiProperty({ nullable: true, enum: REVIEW_OUTCOMES }) outcome: ReviewOutcome | null;
  @ApiProperty() isDemo: boolean;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ReviewAttendeeResponse {
  @ApiProperty() name: string;
  @ApiProperty() organisation: string;
  @ApiProperty({ type: String, nullable: true }) role: string | null;
}

export class ReviewResponse {
  @ApiProperty() id: string;
  @ApiProperty() deploymentId: string;
  @ApiProperty() reviewedOn: string;
  @ApiProperty({ enum: REVIEW_OUTCOMES }) outcome: ReviewOutcome;
  @ApiProperty() notes: string;
  @ApiProperty({ type: [ReviewAttendeeResponse] }) attendees: ReviewAttendeeResponse[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Snapshot at the review: period, collectedAt, notAvailable, faults and one entry per evidence source (activity, evidenceRequests)',
  })
  evidenceConsidered: Record<string, unknown>;
  @ApiProperty({ type: Number, nullable: true }) extendWeeks: number | null;
  @ApiProperty() previousReviewDueOn: string;
  @ApiProperty({ type: String, nullable: true }) newReviewDueOn: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewerId: string | null;
  @ApiProperty() createdAt: string;
}

export class DeploymentDetailResponse extends DeploymentResponse {
  @ApiProperty({ type: [ReviewResponse] }) reviews: ReviewResponse[];
}

export class ReviewResultResponse extends ReviewResponse {
  @ApiProperty({ type: DeploymentResponse, description: 'The deployment after the review' })
  deployment: DeploymentResponse;
}
