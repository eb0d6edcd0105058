import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination/page.js';
import type { JobRun } from './job-run.entity.js';
import { ApiJsonValueProperty } from '../common/openapi/api-responses.decorator.js';

export class JobRunQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  job?: string;
}

export class JobRunResponse {
  @ApiProperty() id: string;
  @ApiProperty() job: string;
  @ApiProperty() trigger: string;
  @ApiProperty() startedAt: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt: string | null;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] }) outcome: string;
  @ApiJsonValueProperty({ description: 'What the run returned (its figures)' }) result: unknown;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

export class JobResponse {
  @ApiProperty() name: string;
  @ApiProperty() cron: string;
  @ApiProperty() description: string;
}

export class TriggerResponse {
  @ApiProperty({ enum: ['ran', 'skipped'] }) status: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ type: JobRunResponse }) run?: JobRunResponse;
}

export function toJobRunResponse(run: JobRun): JobRunResponse {
  return {
    id: run.id,
    job: run.job,
    trigger: run.trigger,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    outcome: run.outcome,
    result: run.result ?? null,
    error: run.error,
  };
}
