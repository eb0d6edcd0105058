import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DependencyCheck, Readiness } from './health.service.js';

export class LivenessResponse {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

export class DependencyCheckResponse implements DependencyCheck {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiProperty({ type: 'integer' }) latencyMs: number;
  @ApiPropertyOptional({ description: 'Why the check failed' }) error?: string;
}

export class ReadinessChecksResponse {
  @ApiProperty({ type: DependencyCheckResponse }) database: DependencyCheckResponse;
  @ApiProperty({ type: DependencyCheckResponse }) storage: DependencyCheckResponse;
}

export class ReadinessResponse implements Readiness {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status: 'ok' | 'unavailable';
  @ApiProperty({ type: ReadinessChecksResponse }) checks: ReadinessChecksResponse;
}
