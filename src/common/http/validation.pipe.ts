import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { badRequest } from '../errors/domain-exception.js';

export interface FieldError {
  field: string;
  messages: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Rejects unknown fields and lists every invalid field in `details.fields`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return badRequest(
        'validation_failed',
        `Invalid input: ${fields.map((f) => f.messages.join(', ')).join('; ')}`,
        { fields },
      );
    },
  });
}
