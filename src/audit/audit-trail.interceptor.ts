import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { type RequestContext, RequestContexts } from '../common/http/request-context.js';
import { HTTP_WRITE_METHODS } from './audit-actions.js';
import { type AuditEntry, AuditService } from './audit.service.js';

const STATE_CHANGING = new Set<string>(HTTP_WRITE_METHODS);

/**
 * Runs each handler inside its request context (who, request id, address) and makes sure every successful
 * state-changing request leaves at least one audit row: services record precise before/after rows; where a
 * handler recorded none, a row naming the route, the id and the response is written here.
 */
@Injectable()
export class AuditTrailInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    const routePath = request.routeOptions?.url ?? request.url;
    const store: RequestContext = {
      requestId: String(request.id),
      ip: request.ip,
      method: request.method,
      path: routePath,
      user: request.user,
      auditRecorded: false,
    };
    return from(
      RequestContexts.run(store, async () => {
        const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
        if (STATE_CHANGING.has(request.method) && !store.auditRecorded) {
          await this.audit.record(fallbackEntry(request, routePath, result));
        }
        return result;
      }),
    );
  }
}

function fallbackEntry(request: FastifyRequest, routePath: string, result: unknown): AuditEntry {
  const segments = routePath.replace(/^\/api\/v1\//, '').split('/').filter(Boolean);
  const params = (request.params ?? {}) as Record<string, string>;
  const resultId = (result as { id?: unknown } | undefined)?.id;
  return {
    action: `${request.method as (typeof HTTP_WRITE_METHODS)[number]} /${routePath.replace(/^\//, '')}`,
    entityType: segments[0] ?? 'unknown',
    entityId: params.id ?? (typeof resultId === 'string' ? resultId : null),
    after: result && typeof result === 'object' && !Buffer.isBuffer(result) ? result : null,
  };
}
