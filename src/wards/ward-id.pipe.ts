import { type PipeTransform } from '@nestjs/common';
import { badRequest } from '../common/errors/domain-exception.js';

export const WARD_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Ward ids are slugs (e.g. `gillingham-south`); anything else is a 400 before it reaches the database. */
export class WardIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || value.length > 100 || !WARD_ID_PATTERN.test(value)) {
      throw badRequest('invalid_id', 'The ward id in the path must be a ward slug such as gillingham-south');
    }
    return value;
  }
}
