import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
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
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../common/pagination/page.js';
import { ActivityFigures } from '../imports/activity-figures.dto.js';
import type { Camera } from './camera.entity.js';
import {
  CAMERA_KINDS,
  CAMERA_STATUSES,
  CAMERA_TECHNOLOGIES,
  type CameraKind,
  type CameraStatus,
  type CameraTechnology,
  RAG_RATINGS,
  type RagRating,
} from './camera.enums.js';
import { ApiCountsProperty, ApiJsonValueProperty } from '../common/openapi/api-responses.decorator.js';

const DATE_ONLY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ASSET_NUMBER = /^[A-Za-z0-9][A-Za-z0-9/_-]{0,39}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** May be left out, but not null: for fields that always have a value. */
const IsOptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);

/** Fields shared by create and update; every one may be omitted on update, and nullable ones cleared with null. */
class CameraFieldsDto {
  @ApiPropertyOptional({ enum: CAMERA_STATUSES, description: 'faulty follows open faults and cannot be set directly' })
  @IsOptionalNotNull() @IsIn(CAMERA_STATUSES)
  status?: CameraStatus;

  @ApiPropertyOptional({ enum: RAG_RATINGS, description: 'Repair priority; defaults to green' })
  @IsOptionalNotNull() @IsIn(RAG_RATINGS)
  rag?: RagRating;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'gillingham-south', description: 'Ward id from GET /api/v1/wards' })
  @IsOptional() @IsString() @Matches(SLUG, { message: 'ward must be a ward id such as gillingham-south' }) @MaxLength(100)
  ward?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(500)
  address?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'WGS84; 51.25–51.55; give with longitude' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false })
  latitude?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'WGS84; 0.35–0.75; give with latitude' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false })
  longitude?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(2000)
  purpose?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(4000)
  notes?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2019-04-01' })
  @IsOptional() @Matches(DATE_ONLY, { message: 'installedOn must be a date YYYY-MM-DD' })
  installedOn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(200)
  make?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(200)
  model?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Organisation that monitors the camera (e.g. Kyndi)' })
  @IsOptional() @IsUUID()
  monitoredById?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(100)
  dpiaReference?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull() @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @MaxLength(50, { each: true })
  tags?: string[];
}

export class CreateCameraDto extends CameraFieldsDto {
  @ApiProperty({ example: 'MC-088' })
  @IsString() @Matches(ASSET_NUMBER, { message: 'assetNumber must be letters, digits, -, _ or / (at most 40)' })
  assetNumber: string;

  @ApiProperty({ example: 'Chatham High Street j/w Military Road' }) @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ enum: CAMERA_KINDS }) @IsIn(CAMERA_KINDS)
  kind: CameraKind;

  @ApiProperty({ enum: CAMERA_TECHNOLOGIES }) @IsIn(CAMERA_TECHNOLOGIES)
  technology: CameraTechnology;
}

export class UpdateCameraDto extends CameraFieldsDto {
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @Matches(ASSET_NUMBER, { message: 'assetNumber must be letters, digits, -, _ or /' })
  assetNumber?: string;

  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: CAMERA_KINDS }) @IsOptionalNotNull() @IsIn(CAMERA_KINDS)
  kind?: CameraKind;

  @ApiPropertyOptional({ enum: CAMERA_TECHNOLOGIES }) @IsOptionalNotNull() @IsIn(CAMERA_TECHNOLOGIES)
  technology?: CameraTechnology;

  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409 version_conflict' })
  @IsOptionalNotNull() @IsInt() @Min(1)
  version?: number;
}

export const CAMERA_SORTS = ['assetNumber', 'name', 'status', 'rag', 'ward', 'installedOn', 'kind', 'updatedAt'] as const;
export type CameraSort = (typeof CAMERA_SORTS)[number];

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Filters shared by the list, the CSV export and the summary's callers. */
export class CameraFilterDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CAMERA_KINDS }) @IsOptional() @IsIn(CAMERA_KINDS)
  kind?: CameraKind;

  @ApiPropertyOptional({ enum: CAMERA_STATUSES, description: 'Without it, decommissioned cameras are left out' })
  @IsOptional() @IsIn(CAMERA_STATUSES)
  status?: CameraStatus;

  @ApiPropertyOptional({ description: 'Ward id' }) @IsOptional() @IsString() @Matches(SLUG, { message: 'ward must be a ward id' })
  ward?: string;

  @ApiPropertyOptional({ enum: RAG_RATINGS }) @IsOptional() @IsIn(RAG_RATINGS)
  rag?: RagRating;

  @ApiPropertyOptional({ enum: CAMERA_TECHNOLOGIES }) @IsOptional() @IsIn(CAMERA_TECHNOLOGIES)
  technology?: CameraTechnology;

  @ApiPropertyOptional({ description: 'Text search over asset number, name and address' })
  @IsOptional() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Only demo (true) or only real (false) cameras' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  isDemo?: boolean;

  @ApiPropertyOptional({ description: 'Include decommissioned cameras when no status filter is given' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  includeDecommissioned?: boolean;

  @ApiPropertyOptional({ enum: CAMERA_SORTS, default: 'assetNumber' }) @IsOptional() @IsIn(CAMERA_SORTS)
  sort?: CameraSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' }) @IsOptional() @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class CameraResponse {
  @ApiProperty() id: string;
  @ApiProperty() assetNumber: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CAMERA_KINDS }) kind: CameraKind;
  @ApiProperty({ enum: CAMERA_TECHNOLOGIES }) technology: CameraTechnology;
  @ApiProperty({ enum: CAMERA_STATUSES }) status: CameraStatus;
  @ApiProperty({ enum: RAG_RATINGS }) rag: RagRating;
  @ApiProperty({ type: String, nullable: true, description: 'Ward id' }) ward: string | null;
  @ApiProperty({ type: String, nullable: true }) wardName: string | null;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: Number, nullable: true }) latitude: number | null;
  @ApiProperty({ type: Number, nullable: true }) longitude: number | null;
  @ApiProperty({ type: String, nullable: true }) purpose: string | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ type: String, nullable: true }) installedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) make: string | null;
  @ApiProperty({ type: String, nullable: true }) model: string | null;
  @ApiProperty({ type: String, nullable: true }) monitoredById: string | null;
  @ApiProperty({ type: String, nullable: true }) dpiaReference: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty() isDemo: boolean;
  @ApiProperty({ type: String, nullable: true }) decommissionedOn: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class CameraMonthFigures extends ActivityFigures {
  @ApiProperty({ example: '2025-10' }) month: string;
}

export class CameraRecentActivity {
  @ApiProperty({ example: '2024-12' }) from: string;
  @ApiProperty({ example: '2025-11' }) to: string;
  @ApiProperty({ type: [CameraMonthFigures], description: 'Months with figures in a committed Kyndi report' })
  months: CameraMonthFigures[];
  @ApiProperty({ type: ActivityFigures }) totals: ActivityFigures;
  @ApiProperty({ type: [String], description: 'Months of the window without figures for this camera' })
  monthsWithoutFigures: string[];
}

export class CameraDetailResponse extends CameraResponse {
  @ApiProperty({ description: 'Faults open or in progress' }) openFaultCount: number;
  @ApiProperty({ type: String, nullable: true }) monitoredByName: string | null;
  @ApiProperty({
    type: CameraRecentActivity,
    description: 'Monthly activity from the Kyndi reports, last 12 months to this one (any span: GET /cameras/:id/activity)',
  })
  monthlyActivity: CameraRecentActivity;
}

export function toCameraResponse(camera: Camera, wardNames: Map<string, string>): CameraResponse {
  return {
    id: camera.id,
    assetNumber: camera.assetNumber,
    name: camera.name,
    kind: camera.kind,
    technology: camera.technology,
    status: camera.status,
    rag: camera.rag,
    ward: camera.wardId,
    wardName: camera.wardId ? (wardNames.get(camera.wardId) ?? null) : null,
    address: camera.address,
    latitude: camera.latitude,
    longitude: camera.longitude,
    purpose: camera.purpose,
    notes: camera.notes,
    installedOn: camera.installedOn,
    make: camera.make,
    model: camera.model,
    monitoredById: camera.monitoredById,
    dpiaReference: camera.dpiaReference,
    tags: camera.tags ?? [],
    isDemo: camera.isDemo,
    decommissionedOn: camera.decommissionedOn,
    version: camera.version,
    createdAt: camera.createdAt.toISOString(),
    updatedAt: camera.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a camera: its editable state, so history can show field-level changes. */
export function cameraAuditSnapshot(camera: Camera): Record<string, unknown> {
  return {
    assetNumber: camera.assetNumber,
    name: camera.name,
    kind: camera.kind,
    technology: camera.technology,
    status: camera.status,
    rag: camera.rag,
    ward: camera.wardId,
    address: camera.address,
    latitude: camera.latitude,
    longitude: camera.longitude,
    purpose: camera.purpose,
    notes: camera.notes,
    installedOn: camera.installedOn,
    make: camera.make,
    model: camera.model,
    monitoredById: camera.monitoredById,
    dpiaReference: camera.dpiaReference,
    tags: camera.tags ?? [],
    decommissionedOn: camera.decommissionedOn,
    version: camera.version,
  };
}

export class CameraSummaryResponse {
  @ApiCountsProperty({ example: { fixed: 87, rapid_deployment: 29 } }) byKind: Record<CameraKind, number>;
  @ApiCountsProperty({ description: 'Every status, decommissioned included' }) byStatus: Record<CameraStatus, number>;
  @ApiCountsProperty() byTechnology: Record<CameraTechnology, number>;
  @ApiCountsProperty({ description: 'Every ward id, plus `unassigned`' }) byWard: Record<string, number>;
  @ApiCountsProperty() byRag: Record<RagRating, number>;
  @ApiProperty({ description: 'Cameras in the estate (decommissioned ones are not counted)' }) total: number;
  @ApiProperty() decommissioned: number;
}

export class FieldChange {
  @ApiProperty() field: string;
  @ApiJsonValueProperty() from: unknown;
  @ApiJsonValueProperty() to: unknown;
}

export class CameraHistoryEntry {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty() action: string;
  @ApiProperty({ type: String, nullable: true, description: 'Shown to admin, spoc, cst_officer and auditor; null for other roles' }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'As actorId' }) actorEmail: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole: string | null;
  @ApiProperty({ type: [FieldChange] }) changes: FieldChange[];
}
