import { randomUUID } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** What a client may send as its own `x-request-id`: logged next to ours, never used as ours. */
export const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/**
 * Every request gets the service's own id (a UUID): the `requestId` of errors, audit rows and custody events, and the
 * `x-request-id` response header. A client's id is not trusted for that: two users sending the same one would share
 * one audit trail, and anything else (scripts, quotes, kilobytes) would end up in logs and the database.
 */
export const newRequestId = (): string => randomUUID();

/** The client's well-formed `x-request-id`, or undefined. */
export function clientRequestId(headers: IncomingHttpHeaders): string | undefined {
  const given = headers['x-request-id'];
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : undefined;
}

/** Request logs carry the service's id (reqId) and, when the client sent a well-formed one, its own beside it. */
export const requestLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger, bindings, options, raw) => {
  const client = clientRequestId((raw as IncomingMessage).headers);
  return logger.child(client ? { ...bindings, clientRequestId: client } : bindings, options);
};
