import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EntityNotFoundError, OptimisticLockVersionMismatchError, QueryFailedError } from 'typeorm';
import { DomainException } from './domain-exception.js';
import type { ErrorBody } from './error-body.js';
import type { ErrorCode } from './error-codes.js';

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  500: 'internal_error',
  503: 'service_unavailable',
};

type Mapped = Omit<ErrorBody, 'requestId'>;

/** A status without a code of its own gets its class's generic code, so that `error` is always one of ERROR_CODES. */
const codeForStatus = (status: number): ErrorCode =>
  CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');

/** Maps every error, ours or a library's, to ErrorBody. Unknown errors become a 500 that leaks no internals. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = this.map(exception);
    if (mapped.statusCode >= 500) {
      this.logger.error(
        { err: exception, requestId: request?.id, path: request?.url },
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    const body: ErrorBody = { ...mapped, requestId: String(request?.id ?? '') };
    if (reply.sent) return;
    reply.status(mapped.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  map(exception: unknown): Mapped {
    if (exception instanceof DomainException) {
      return this.body(exception.statusCode, exception.code, exception.message, exception.details);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? ((response as { message: string[] }).message.join('; '))
            : String((response as { message?: unknown }).message ?? exception.message);
      return this.body(status, codeForStatus(status), message);
    }
    if (exception instanceof OptimisticLockVersionMismatchError) {
      return this.body(409, 'version_conflict', 'The record was changed by someone else; reload it and try again');
    }
    if (exception instanceof EntityNotFoundError) {
      return this.body(404, 'not_found', 'The record was not found');
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception as QueryFailedError & { driverError?: { code?: string; detail?: string } }).driverError
        ?.code;
      if (code === '23505') return this.body(409, 'already_exists', 'A record with these values already exists');
      if (code === '23503') return this.body(409, 'reference_conflict', 'The record refers to, or is referred to by, another record');
      if (code === '22P02' || code === '22007' || code === '22008') {
        return this.body(400, 'bad_request', 'A value has the wrong format');
      }
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return this.body(
        fastifyStatus,
        codeForStatus(fastifyStatus),
        (exception as Error).message ?? 'Bad request',
      );
    }
    return this.body(HttpStatus.INTERNAL_SERVER_ERROR, 'internal_error', 'An unexpected error occurred');
  }

  private body(statusCode: number, error: ErrorCode, message: string, details?: unknown): Mapped {
    return details === undefined ? { statusCode, error, message } : { statusCode, error, message, details };
  }
}
