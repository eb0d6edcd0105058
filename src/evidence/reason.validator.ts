import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsPlainText } from './plain-text.validator.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * A reason recorded in the chain of custody: trimmed, then 3 to `maxLength` characters of plain text, so that a blank
 * one ("   ") is refused rather than recorded as an empty reason.
 */
export const IsReason = (maxLength: number) =>
  applyDecorators(Transform(trim), IsString(), MinLength(3), MaxLength(maxLength), IsPlainText());
