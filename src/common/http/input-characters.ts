import { badRequest, type DomainException } from '../errors/domain-exception.js';
import type { FieldError } from './validation.pipe.js';

/**
 * U+0000 (PostgreSQL text and jsonb refuse it: the request would end in a 500) and UTF-16 surrogates that are not
 * part of a pair (not text at all: the database silently turns them into U+FFFD, validators throw on them).
 */
const INVALID = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVALID_ALL = new RegExp(INVALID.source, 'g');

/** Input nests no deeper than this (JSON bodies are capped well below it by the JSON parser). */
const MAX_DEPTH = 100;

function problem(text: string): string | undefined {
  const match = INVALID.exec(text);
  if (!match) return undefined;
  return match[0] === '\u0000' ? 'contains a NUL character (U+0000)' : 'contains an unpaired UTF-16 surrogate';
}

/** A field name safe to echo back and log: offending characters are spelled as \uXXXX. */
function printable(key: string): string {
  return key.replace(INVALID_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Every string (and object key) in `value` that holds a NUL or a lone surrogate, as `path` + its location. */
export function findInvalidCharacters(value: unknown, path: string, found: FieldError[] = [], depth = 0): FieldError[] {
  if (typeof value === 'string') {
    const message = problem(value);
    if (message) found.push({ field: path, messages: [message] });
  } else if (Array.isArray(value)) {
    if (depth < MAX_DEPTH) value.forEach((item, index) => findInvalidCharacters(item, `${path}[${index}]`, found, depth + 1));
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && depth < MAX_DEPTH) {
    for (const [key, inner] of Object.entries(value)) {
      const field = `${path}.${printable(key)}`;
      const keyProblem = problem(key);
      if (keyProblem) found.push({ field, messages: [`name ${keyProblem}`] });
      findInvalidCharacters(inner, field, found, depth + 1);
    }
  }
  return found;
}

export function invalidCharacters(fields: FieldError[]): DomainException {
  return badRequest(
    'invalid_characters',
    `Text may not contain NUL characters or unpaired surrogates: ${fields.map((f) => f.field).join(', ')}`,
    { fields },
  );
}

/** Throws 400 invalid_characters naming every offending field of the given request parts. */
export function assertValidCharacters(parts: Record<string, unknown>): void {
  const fields = Object.entries(parts).flatMap(([location, value]) => findInvalidCharacters(value, location));
  if (fields.length > 0) throw invalidCharacters(fields);
}

interface MultipartPart {
  fieldname: string;
  filename: string;
  fields?: Record<string, unknown>;
  file: { resume(): unknown };
}

/**
 * The names a multipart file part carries (and the fields sent before it), checked before the service stores or logs
 * any of them. On refusal the file stream is drained so that the request completes.
 */
export function assertValidMultipartNames(part: MultipartPart): void {
  const fields = [
    ...findInvalidCharacters(part.fieldname, 'multipart.file.fieldname'),
    ...findInvalidCharacters(part.filename, 'multipart.file.filename'),
  ];
  for (const [name, entry] of Object.entries(part.fields ?? {})) {
    for (const item of [entry].flat() as ({ type?: string; value?: unknown } | undefined)[]) {
      if (item?.type !== 'field') continue;
      fields.push(...findInvalidCharacters(name, 'multipart.fields'), ...findInvalidCharacters(item.value, `multipart.${printable(name)}`));
    }
  }
  if (fields.length === 0) return;
  part.file.resume();
  throw invalidCharacters(fields);
}
