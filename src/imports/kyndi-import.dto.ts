import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../common/pagination/page.js';
import { IMPORT_STATUSES, type ImportStatus } from './import.enums.js';
import type { KyndiImport } from './kyndi-import.entity.js';
import { MONTH_PATTERN } from './month.js';
import { ActivityFigures } from './activity-figures.dto.js';
import type { ActivityTotals, FaultToOpen } from './parsing/report-checker.js';
import type { RowIssue } from './parsing/report-parser.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const MONTH_RULE = { message: 'month must be YYYY-MM' };

export class KyndiUploadQueryDto {
  @ApiPropertyOptional({ description: 'Check the report and return a preview; nothing is applied' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({ description: "Supersede the month's committed import (council roles only)" })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  replace?: boolean;

  @ApiPropertyOptional({ description: 'YYYY-MM, used when the file names no month; must agree when it does' })
  @IsOptional() @Matches(MONTH_PATTERN, MONTH_RULE)
  month?: string;
}

export class ImportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2025-10' }) @IsOptional() @Matches(MONTH_PATTERN, MONTH_RULE)
  month?: string;

  @ApiPropertyOptional({ enum: IMPORT_STATUSES }) @IsOptional() @IsIn(IMPORT_STATUSES)
  status?: ImportStatus;
}

export class TemplateQueryDto {
  @ApiPropertyOptional({ description: 'Month to pre-fill, default the previous month' })
  @IsOptional() @Matches(MONTH_PATTERN, MONTH_RULE)
  month?: string;
}

export class RowIssueResponse {
  @ApiProperty({ type: Number, nullable: true, description: 'Spreadsheet row number' }) row: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Column header as written in the file' }) column: string | null;
  @ApiProperty() message: string;
  @ApiProperty({ description: 'Stable code, e.g. unknown_camera, totals_mismatch' }) code: string;
  @ApiPropertyOptional() assetNumber?: string;
}

export class FaultToOpenResponse {
  @ApiProperty() row: number;
  @ApiProperty() cameraId: string;
  @ApiProperty() assetNumber: string;
  @ApiProperty() category: string;
  @ApiProperty() priority: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'An open fault of this category exists: none is opened' }) alreadyOpen: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The fault opened, once committed' }) faultId?: string | null;
}

/** The figures of the file's totals row: those it gives (a report may total some columns only). */
export class StatedTotalsResponse implements Partial<ActivityTotals> {
  @ApiPropertyOptional() incidents?: number;
  @ApiPropertyOptional() arrests?: number;
  @ApiPropertyOptional() hits?: number;
  @ApiPropertyOptional() faults?: number;
}

export class ImportSummaryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2025-10' }) month: string;
  @ApiProperty({ enum: ['column', 'title', 'parameter'] }) monthSource: string;
  @ApiProperty({ enum: IMPORT_STATUSES }) status: ImportStatus;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['csv', 'xlsx'] }) fileType: string;
  @ApiProperty() fileSha256: string;
  @ApiProperty() fileSize: number;
  @ApiProperty({ description: 'The original file is kept in object storage' }) originalKept: boolean;
  @ApiProperty({ description: 'Camera rows in the file' }) rows: number;
  @ApiProperty({ type: ActivityFigures }) totals: ActivityTotals;
  @ApiProperty({ nullable: true, type: StatedTotalsResponse, description: 'The totals row, when the file has one' })
  statedTotals: Partial<ActivityTotals> | null;
  @ApiProperty() errorCount: number;
  @ApiProperty() warningCount: number;
  @ApiProperty() importedById: string;
  @ApiProperty() importedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) supersedes: string | null;
  @ApiProperty({ type: String, nullable: true }) supersededBy: string | null;
  @ApiProperty({ type: String, nullable: true }) supersededAt: string | null;
}

export class ImportResponse extends ImportSummaryResponse {
  @ApiProperty({ type: [RowIssueResponse] }) errors: RowIssue[];
  @ApiProperty({ type: [RowIssueResponse] }) warnings: RowIssue[];
  @ApiProperty({ type: [FaultToOpenResponse] }) faultsToOpen: FaultToOpen[];
}

export function toImportSummary(entity: KyndiImport): ImportSummaryResponse {
  return {
    id: entity.id,
    month: entity.month,
    monthSource: entity.monthSource,
    status: entity.status,
    fileName: entity.fileName,
    fileType: entity.fileType,
    fileSha256: entity.fileSha256,
    fileSize: entity.fileSize,
    originalKept: entity.s3Key !== null,
    rows: entity.rows,
    totals: entity.totals,
    statedTotals: entity.statedTotals,
    errorCount: entity.errors.length,
    warningCount: entity.warnings.length,
    importedById: entity.importedById,
    importedAt: entity.importedAt.toISOString(),
    supersedes: entity.supersedesId,
    supersededBy: entity.supersededById,
    supersededAt: entity.supersededAt?.toISOString() ?? null,
  };
}

export function toImportResponse(entity: KyndiImport): ImportResponse {
  return { ...toImportSummary(entity), errors: entity.errors, warnings: entity.warnings, faultsToOpen: entity.faults };
}
