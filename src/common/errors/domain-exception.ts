import type { ErrorCode, ErrorCodeFor, StatusOf } from './error-codes.js';

/**
 * A rule of the service was broken. `code` is stable and machine-readable (clients switch on it) and one of
 * ERROR_CODES, with a status that list allows for it; `message` is for people. The global filter turns it into the
 * one error shape.
 */
export class DomainException<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: C,
    readonly statusCode: StatusOf<C>,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainException';
  }
}

export const badRequest = (code: ErrorCodeFor<400>, message: string, details?: unknown) =>
  new DomainException(code, 400, message, details);
export const unauthorized = (message = 'Authentication required', code: ErrorCodeFor<401> = 'unauthorized') =>
  new DomainException(code, 401, message);
export const forbidden = (message = 'You do not have access to this resource', code: ErrorCodeFor<403> = 'forbidden') =>
  new DomainException(code, 403, message);
export const notFound = (entity: string, id?: string) =>
  new DomainException('not_found', 404, id ? `${entity} ${id} was not found` : `${entity} was not found`);
export const conflict = (code: ErrorCodeFor<409>, message: string, details?: unknown) =>
  new DomainException(code, 409, message, details);
export const unprocessable = (code: ErrorCodeFor<422>, message: string, details?: unknown) =>
  new DomainException(code, 422, message, details);
export const serviceUnavailable = (code: ErrorCodeFor<503>, message: string, details?: unknown) =>
  new DomainException(code, 503, message, details);
