/**
 * Whether an error means "the database cannot be reached" rather than "this query is wrong": the socket is refused,
 * reset or cut, the pool cannot connect in time, or the server says it is shutting down or full. Such errors become
 * 503 database_unavailable (the same verdict /health/ready gives) instead of a 500.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, cannot connect now), 53300 (too many connections). */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** What pg, pg-pool and TypeORM say when the connection is gone or never came. */
const UNAVAILABLE_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|connection timeout|client has encountered a connection error|client was closed|not queryable|connection is not established|cannot use a pool after calling end/i;

const CONNECTION_ERROR_NAMES = new Set(['ConnectionIsNotSetError', 'CannotExecuteNotConnectedError', 'CannotGetEntityManagerNotConnectedError']);

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  // Object storage (AWS SDK) errors carry $metadata; a refused S3 socket is not the database.
  if ('$metadata' in error) return false;
  const { code, message, name, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (typeof name === 'string' && CONNECTION_ERROR_NAMES.has(name)) return true;
  // Only driver-level messages: a message naming "connection" in our own errors is no evidence.
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message) && !(error as { statusCode?: unknown }).statusCode) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}
