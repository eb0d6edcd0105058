import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { RAG_RATINGS, type RagRating } from '../cameras/camera.enums.js';
import { PageQueryDto } from '../common/pagination/page.js';
import type { Fault } from './fault.entity.js';
import { FAULT_CATEGORIES, FAULT_SOURCES, FAULT_STATUSES, type FaultCategory, type FaultSource, type FaultStatus } from './fault.enums.js';
import { ApiCountsProperty } from '../common/openapi/api-responses.decorator.js';

export class RaiseFaultDto {
  @ApiProperty({ enum: FAULT_CATEGORIES }) @IsIn(FAULT_CATEGORIES)
  category: FaultCategory;

  @ApiProperty({ example: 'Intermittent loss of picture' }) @IsString() @MinLength(3) @MaxLength(2000)
  description: string;

  @ApiProperty({ enum: RAG_RATINGS, description: 'Repair priority' }) @IsIn(RAG_RATINGS)
  priority: RagRating;
}

export class UpdateFaultDto {
  @ApiProperty({
    enum: FAULT_STATUSES,
    description: 'open → in_progress → fixed; open or in_progress → closed (closeReason required)',
  })
  @IsIn(FAULT_STATUSES)
  status: FaultStatus;

  @ApiPropertyOptional({ description: 'What was done' }) @IsOptional() @IsString() @MaxLength(2000)
  resolution?: string;

  @ApiPropertyOptional({ description: 'Why the fault is closed without a repair (required to close)' })
  @IsOptional() @IsString() @MaxLength(2000)
  closeReason?: string;

  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409 version_conflict' })
  @ValidateIf((_object, value) => value !== undefined) @IsInt() @Min(1)
  version?: number;
}

export class FaultQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: FAULT_STATUSES, description: 'Exactly this status (status=open excludes in_progress)' })
  @IsOptional() @IsIn(FAULT_STATUSES)
  status?: FaultStatus;

  @ApiPropertyOptional({ description: 'true: faults still to deal with (open and in_progress); false: fixed and closed' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  cameraId?: string;

  @ApiPropertyOptional({ enum: FAULT_CATEGORIES }) @IsOptional() @IsIn(FAULT_CATEGORIES)
  category?: FaultCategory;

  @ApiPropertyOptional({ enum: RAG_RATINGS }) @IsOptional() @IsIn(RAG_RATINGS)
  priority?: RagRating;

  @ApiPropertyOptional({ enum: FAULT_SOURCES }) @IsOptional() @IsIn(FAULT_SOURCES)
  source?: FaultSource;
}

export class FaultResponse {
  @ApiProperty() id: string;
  @ApiProperty() cameraId: string;
  @ApiProperty() cameraAssetNumber: string;
  @ApiProperty() cameraName: string;
  @ApiProperty({ enum: FAULT_CATEGORIES }) category: FaultCategory;
  @ApiProperty() description: string;
  @ApiProperty({ enum: RAG_RATINGS }) priority: RagRating;
  @ApiProperty({ enum: FAULT_STATUSES }) status: FaultStatus;
  @ApiProperty({ enum: FAULT_SOURCES }) source: FaultSource;
  @ApiProperty({ type: String, nullable: true }) importId: string | null;
  @ApiProperty() reportedAt: string;
  @ApiProperty({ type: String, nullable: true }) reportedById: string | null;
  @ApiProperty({ type: String, nullable: true }) workStartedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) fixedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) closedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) closeReason: string | null;
  @ApiProperty({ type: String, nullable: true }) resolution: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Hours from report to fix (one decimal), once fixed' })
  timeToRepairHours: number | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export function timeToRepairHours(fault: Pick<Fault, 'reportedAt' | 'fixedAt'>): number | null {
  if (!fault.fixedAt) return null;
  return Math.round(((fault.fixedAt.getTime() - fault.reportedAt.getTime()) / 3_600_000) * 10) / 10;
}

export function toFaultResponse(fault: Fault): FaultResponse {
  return {
    id: fault.id,
    cameraId: fault.cameraId,
    cameraAssetNumber: fault.camera?.assetNumber ?? '',
    cameraName: fault.camera?.name ?? '',
    category: fault.category,
    description: fault.description,
    priority: fault.priority,
    status: fault.status,
    source: fault.source,
    importId: fault.importId,
    reportedAt: fault.reportedAt.toISOString(),
    reportedById: fault.reportedById,
    workStartedAt: fault.workStartedAt?.toISOString() ?? null,
    fixedAt: fault.fixedAt?.toISOString() ?? null,
    closedAt: fault.closedAt?.toISOString() ?? null,
    closeReason: fault.closeReason,
    resolution: fault.resolution,
    timeToRepairHours: timeToRepairHours(fault),
    version: fault.version,
    createdAt: fault.createdAt.toISOString(),
    updatedAt: fault.updatedAt.toISOString(),
  };
}

export class OldestOpenFault {
  @ApiProperty() faultId: string;
  @ApiProperty() cameraId: string;
  @ApiProperty() assetNumber: string;
  @ApiProperty() cameraName: string;
  @ApiProperty({ enum: FAULT_CATEGORIES }) category: FaultCategory;
  @ApiProperty({ enum: FAULT_STATUSES }) status: FaultStatus;
  @ApiProperty() reportedAt: string;
  @ApiProperty({ description: 'Whole days since it was reported' }) ageDays: number;
}

export class QuarterRepairTime {
  @ApiProperty({ example: '2025-Q3', description: 'Calendar quarter (Europe/London)' }) quarter: string;
  @ApiProperty({ example: '2025-07-01' }) startsOn: string;
  @ApiProperty({ description: 'Faults fixed in the quarter' }) fixed: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean hours from report to fix; null when none were fixed' })
  meanHours: number | null;
}

export class NetworkHealthResponse {
  @ApiProperty({ example: '2 faults open' }) summary: string;
  @ApiProperty({ description: 'Faults reported and not yet being worked on' }) open: number;
  @ApiProperty() inProgress: number;
  @ApiProperty({ description: 'open + inProgress' }) outstanding: number;
  @ApiProperty({ description: 'Cameras currently faulty' }) faultyCameras: number;
  @ApiProperty({ type: OldestOpenFault, nullable: true }) oldestOpen: OldestOpenFault | null;
  @ApiProperty({ type: [QuarterRepairTime], description: 'The last four quarters, oldest first (this one last)' })
  meanTimeToRepair: QuarterRepairTime[];
  @ApiCountsProperty({ description: 'Outstanding faults by category, every category listed' })
  byCategory: Record<FaultCategory, number>;
}
