import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class CameraImportQueryDto {
  @ApiPropertyOptional({ default: false, description: 'true: check and preview only; false (default): apply every row or none' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportRowErrorResponse {
  @ApiProperty({ description: 'Line in the file; the header is line 1' }) row: number;
  @ApiProperty({ type: String, nullable: true }) column: string | null;
  @ApiProperty() message: string;
}

export class ImportPreviewRow {
  @ApiProperty() row: number;
  @ApiProperty() assetNumber: string;
  @ApiProperty({ enum: ['create', 'update', 'unchanged'] }) action: 'create' | 'update' | 'unchanged';
  @ApiProperty({ type: [String], description: 'Fields the row changes' }) changes: string[];
}

export class CameraImportResponse {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ description: 'true when the rows were written' }) committed: boolean;
  @ApiProperty() rows: number;
  @ApiProperty() creates: number;
  @ApiProperty() updates: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() errorCount: number;
  @ApiProperty({ type: [ImportRowErrorResponse], description: 'The first 1000 errors' }) errors: ImportRowErrorResponse[];
  @ApiProperty({ type: [ImportPreviewRow], description: 'The first 1000 rows' }) preview: ImportPreviewRow[];
  @ApiProperty() sha256: string;
}
