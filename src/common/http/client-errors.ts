import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { codeForStatus } from '../errors/all-exceptions.filter.js';
import type { ErrorBody } from '../errors/error-body.js';
import { newRequestId } from './request-id.js';

const MESSAGES: Record<number, string> = {
  400: 'The request is not valid HTTP',
  408: 'The request took too long to arrive',
  431: 'The request headers are too large',
};

/**
 * Answers requests Node's HTTP parser refuses (before Fastify or Nest see them) in the one error shape, with a
 * request id of their own, instead of Fastify's bare default.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const statusCode = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const requestId = newRequestId();
  const body: ErrorBody = { statusCode, error: codeForStatus(statusCode), message: MESSAGES[statusCode], requestId };
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nx-request-id: ${requestId}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}
