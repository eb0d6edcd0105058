import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode, type ErrorStatus, type StatusOf } from '../errors/error-codes.js';

export const ERROR_CODES_KEY = 'medway:error-codes';
export const ERROR_SCHEMAS_KEY = 'medway:error-schemas';

/** A code, or `code@status` for a code listed with several statuses (e.g. `evidence_deleted@410`). */
export type DeclaredError = ErrorCode | { [C in ErrorCode]: `${C}@${StatusOf<C>}` }[ErrorCode];

export interface DeclaredErrorCode {
  code: ErrorCode;
  status: ErrorStatus;
}

/**
 * The error codes a route (or every route of a controller) may answer with, beyond the generic ones the document
 * builder adds from the route's shape (401/403 for @Auth, 400 for a body or query, 404 for a path parameter, …).
 * Each becomes a documented response of its status with the `ErrorBody` schema, its `error` an enum of the codes.
 */
export const ApiErrors =
  (...errors: DeclaredError[]): MethodDecorator & ClassDecorator =>
  (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor?.value ?? target;
    const existing: DeclaredError[] = Reflect.getMetadata(ERROR_CODES_KEY, holder) ?? [];
    Reflect.defineMetadata(ERROR_CODES_KEY, [...existing, ...errors], holder);
  };

/**
 * An error code whose body carries `model`'s fields besides the error shape (the rejected import: 422 with the import
 * and its row errors). Declares the code too.
 */
export const ApiErrorCarrying = (code: ErrorCode, model: Type<unknown>) =>
  applyDecorators(ApiExtraModels(model), ApiErrors(code), (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor?.value ?? target;
    const existing: Record<string, string> = Reflect.getMetadata(ERROR_SCHEMAS_KEY, holder) ?? {};
    Reflect.defineMetadata(ERROR_SCHEMAS_KEY, { ...existing, [code]: getSchemaPath(model) }, holder);
  });

export function declaredErrorCodes(errors: readonly DeclaredError[]): DeclaredErrorCode[] {
  return errors.flatMap((error) => {
    const [code, status] = error.split('@') as [ErrorCode, string | undefined];
    const statuses: readonly ErrorStatus[] = status ? [Number(status) as ErrorStatus] : ERROR_CODES[code].statuses;
    return statuses.map((s) => ({ code, status: s }));
  });
}
