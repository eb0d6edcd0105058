/**
 * A rule of the service was broken. `code` is stable and machine-readable (clients switch on it);
 * `message` is for people. The global filter turns it into the one error shape.
 */
export class DomainException extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainException';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new DomainException(code, 400, message, details);
export const unauthorized = (message = 'Authentication required', code = 'unauthorized') =>
  new DomainException(code, 401, message);
export const forbidden = (message = 'You do not have access to this resource', code = 'forbidden') =>
  new DomainException(code, 403, message);
export const notFound = (entity: string, id?: string) =>
  new DomainException('not_found', 404, id ? `${entity} ${id} was not found` : `${entity} was not found`);
export const conflict = (code: string, message: string, details?: unknown) =>
  new DomainException(code, 409, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new DomainException(code, 422, message, details);
export const serviceUnavailable = (code: string, message: string, details?: unknown) =>
  new DomainException(code, 503, message, details);
