import { ParseUUIDPipe } from '@nestjs/common';
import { badRequest } from '../errors/domain-exception.js';

/** Route ids are UUIDs; anything else is a 400 before it reaches a service or the database. */
export const UuidPipe = new ParseUUIDPipe({
  version: undefined,
  exceptionFactory: () => badRequest('invalid_id', 'The id in the path must be a UUID'),
});
