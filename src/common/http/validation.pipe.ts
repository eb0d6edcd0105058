import { type ArgumentMetadata, HttpException, Logger, ValidationPipe, type ValidationError } from '@nestjs/common';
import { badRequest, DomainException } from '../errors/domain-exception.js';

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

/**
 * A validator or transformer that throws on odd input (validator.js's isEmail/isByteLength throw URIError on text
 * encodeURI cannot encode) has been given input it cannot judge: that is the client's 400, never a 500.
 */
class NonThrowingValidationPipe extends ValidationPipe {
  private readonly log = new Logger('Validation');

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof DomainException || error instanceof HttpException) throw error;
      this.log.warn(`A validator threw on ${metadata.type} input: ${(error as Error)?.message ?? error}`);
      throw badRequest('validation_failed', 'Invalid input: a value could not be validated', {
        fields: [{ field: metadata.data ?? metadata.type, messages: ['could not be validated'] }],
      });
    }
  }
}

/** Rejects unknown fields and lists every invalid field in `details.fields`. */
export function createValidationPipe(): ValidationPipe {
  return new NonThrowingValidationPipe({
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
