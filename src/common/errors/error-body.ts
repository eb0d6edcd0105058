import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODE_LIST, type ErrorCode } from './error-codes.js';

/** The one shape of every error response (the OpenAPI component `ErrorBody`). */
export class ErrorBody {
  @ApiProperty({ type: 'integer', example: 404, description: 'The HTTP status, repeated' })
  statusCode: number;

  /** Stable machine-readable code, e.g. `validation_failed`, `not_found`, `camera_already_deployed`. */
  @ApiProperty({
    enum: ERROR_CODE_LIST,
    enumName: 'ErrorCode',
    description: 'Stable machine-readable code (clients switch on it); each is explained in the README',
  })
  error: ErrorCode;

  @ApiProperty({ description: 'For people; may change' })
  message: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Particulars of the code, e.g. `fields` (validation_failed) or `currentVersion` (version_conflict)',
  })
  details?: unknown;

  @ApiProperty({ description: 'The x-request-id of the request, also in the logs and the audit trail' })
  requestId: string;
}
