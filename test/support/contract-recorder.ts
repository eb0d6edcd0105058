import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { formatViolations, type ObservedResponse, OpenApiResponseValidator } from './openapi-validator.js';

/** One validator per distinct document in a test file (apps with other settings serve the same document). */
const validators = new Map<string, OpenApiResponseValidator>();

/**
 * Records every response the application sends (a Fastify onSend hook, added by the harness only) and checks each
 * against the OpenAPI document the application itself serves at /docs-json.
 */
export class ContractRecorder {
  private observed: ObservedResponse[] = [];
  private validator: OpenApiResponseValidator | undefined;

  record(fastify: FastifyInstance): void {
    fastify.addHook('onSend', async (request, reply, payload) => {
      this.observed.push({
        method: request.method,
        route: request.routeOptions?.url,
        url: request.url,
        status: reply.statusCode,
        contentType: headerValue(reply.getHeader('content-type')),
        body: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : payload == null ? '' : undefined,
      });
      return payload;
    });
  }

  async loadDocument(app: NestFastifyApplication): Promise<void> {
    const served = await app.inject({ method: 'GET', url: '/docs-json' });
    if (served.statusCode !== 200) throw new Error(`GET /docs-json answered ${served.statusCode}`);
    const cached = validators.get(served.body);
    this.validator = cached ?? new OpenApiResponseValidator(JSON.parse(served.body));
    validators.set(served.body, this.validator);
  }

  /** Throws, naming each response that the document does not describe, since the last call. */
  assertConforms(): void {
    const observed = this.observed;
    this.observed = [];
    if (!this.validator) return;
    const violations = observed.flatMap((response) => this.validator!.check(response));
    if (violations.length === 0) return;
    throw new Error(
      `${violations.length} response(s) do not match the OpenAPI document (/docs-json); fix the document ` +
        `(decorators on the route or its DTOs), not the test:\n${formatViolations(violations)}`,
    );
  }
}

function headerValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? String(value[0]) : String(value);
}
