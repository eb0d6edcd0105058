import { ValidateIf } from 'class-validator';

/**
 * May be left out, but never null: `@IsOptional()` lets null through to the service, where it would be stored
 * (a null date becomes 1970) or break a NOT NULL column. With this, null fails the field's other rules.
 */
export const IsOptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);
