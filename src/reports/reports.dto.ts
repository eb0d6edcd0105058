import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ActivityFigures } from '../imports/activity-figures.dto.js';
import { ACTIVITY_GROUPINGS, type ActivityGrouping } from '../imports/camera-monthly-activity.js';
import { MONTH_PATTERN } from '../imports/month.js';

export { ACTIVITY_GROUPINGS, type ActivityGrouping };
const MONTH_RULE = { message: 'must be a month as YYYY-MM' };

export class ActivityReportQueryDto {
  @ApiProperty({ example: '2024-11', description: 'First month, YYYY-MM' }) @Matches(MONTH_PATTERN, MONTH_RULE)
  from: string;

  @ApiProperty({ example: '2025-10', description: 'Last month, YYYY-MM (inclusive)' }) @Matches(MONTH_PATTERN, MONTH_RULE)
  to: string;

  @ApiPropertyOptional({ enum: ACTIVITY_GROUPINGS, default: 'camera' }) @IsOptional() @IsIn(ACTIVITY_GROUPINGS)
  groupBy?: ActivityGrouping;
}

export class CameraActivityQueryDto {
  @ApiPropertyOptional({ example: '2024-11' }) @IsOptional() @Matches(MONTH_PATTERN, MONTH_RULE)
  from?: string;

  @ApiPropertyOptional({ example: '2025-10' }) @IsOptional() @Matches(MONTH_PATTERN, MONTH_RULE)
  to?: string;
}

export class DecommissionQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 60, default: 12, description: 'How many complete months to look back' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(60)
  months?: number;
}

export { ActivityFigures };

export class ActivityReportRow extends ActivityFigures {
  @ApiPropertyOptional({ description: 'groupBy=camera' }) cameraId?: string;
  @ApiPropertyOptional() assetNumber?: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'groupBy=camera|ward: the ward recorded with the months (where the camera stood then); by camera, a camera that moved has a row per ward',
  })
  wardId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) wardName?: string | null;
  @ApiPropertyOptional({ description: 'groupBy=month' }) month?: string;
  @ApiPropertyOptional({ description: 'groupBy=ward|month: cameras reported' }) cameras?: number;
  @ApiPropertyOptional({ description: 'groupBy=camera|ward: months with figures' }) monthsReported?: number;
}

export class ActivityReportResponse {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: ACTIVITY_GROUPINGS }) groupBy: ActivityGrouping;
  @ApiProperty({ type: [String], description: 'Months of the period with a committed Kyndi import' }) monthsReported: string[];
  @ApiProperty({ type: [String], description: 'Months of the period with no committed import: not counted' })
  monthsWithoutReport: string[];
  @ApiProperty({ type: [ActivityReportRow] }) rows: ActivityReportRow[];
  @ApiProperty({ type: ActivityFigures }) totals: ActivityFigures;
}

export class CameraMonthActivity extends ActivityFigures {
  @ApiProperty() month: string;
  @ApiProperty({ type: String, nullable: true, description: 'The ward the camera stood in that month (recorded at import)' }) wardId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Where it stood that month' }) address: string | null;
  @ApiProperty({ type: String, nullable: true }) faultText: string | null;
  @ApiProperty() importId: string;
}

export class CameraActivityResponse {
  @ApiProperty() cameraId: string;
  @ApiProperty() assetNumber: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [CameraMonthActivity] }) months: CameraMonthActivity[];
  @ApiProperty({ type: ActivityFigures }) totals: ActivityFigures;
}

export class DecommissionCandidate {
  @ApiProperty() cameraId: string;
  @ApiProperty() assetNumber: string;
  @ApiProperty() name: string;
  @ApiProperty() kind: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, nullable: true }) wardId: string | null;
  @ApiProperty({ type: String, nullable: true }) wardName: string | null;
  @ApiProperty({ type: String, nullable: true }) installedOn: string | null;
  @ApiProperty({ description: 'Months of the period in which the camera was in a committed report' }) monthsReported: number;
  @ApiProperty() arrests: number;
  @ApiProperty() hits: number;
  @ApiProperty() faults: number;
}

export class DecommissionCandidatesResponse {
  @ApiProperty() months: number;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [String] }) monthsWithoutReport: string[];
  @ApiProperty({ type: [DecommissionCandidate] }) candidates: DecommissionCandidate[];
}
