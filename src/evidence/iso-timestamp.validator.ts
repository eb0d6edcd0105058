import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** A full ISO 8601 timestamp with an explicit offset (Z or ±hh:mm): a time without one is ambiguous. */
export const IsIsoTimestamp = () =>
  applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO 8601 timestamp' }),
    Matches(/T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/, {
      message: '$property must include a time and a UTC offset, e.g. 2025-03-14T21:30:00Z',
    }),
  );
