import { Matches, type ValidationOptions } from 'class-validator';

/** No control characters other than tab and newlines: PostgreSQL text cannot hold NUL and reports are printed. */
const PLAIN_TEXT = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

export const IsPlainText = (options?: ValidationOptions) =>
  Matches(PLAIN_TEXT, { message: '$property must not contain control characters', ...options });
