import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from '../errors/error-codes.js';
import { JSON_VALUE_MARK } from './api-responses.decorator.js';
import type { RouteDeclaration } from './route-declarations.js';

export const ERROR_BODY_REF = '#/components/schemas/ErrorBody';
const JSON_MEDIA_TYPE = 'application/json';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;
/** Fastify reads a body on these whatever the route: a malformed, oversized or unreadable one is refused first. */
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

type Schema = SchemaObject | ReferenceObject;
/** Who may call the operation: `x-roles` (from @Auth) or `x-public` (from @Public). */
export type DescribedOperation = OperationObject & { 'x-roles'?: string[]; 'x-public'?: boolean };

/**
 * Completes what @nestjs/swagger reads from the decorators, from the routes' own declarations, so that every route,
 * including ones added later, documents who may call it and every error it may answer with:
 *  - `x-roles` (or `x-public`) from @Auth/@Public, and the roles in the description;
 *  - the generic errors its shape implies: 401/403 and 503 database_unavailable for @Auth; 404, 414 (and 400
 *    invalid_id with a pipe) for a path parameter; 400 validation_failed for a query or body DTO, invalid_cursor for a
 *    paged list; 400 invalid_characters for any input; 400 bad_request and json_too_deep, 413 and 415 for a method
 *    with a body;
 *  - the codes declared with @ApiErrors(...);
 * each error status as `ErrorBody` (application/json only) with `error` narrowed to the route's codes; a code declared
 * with @ApiErrorCarrying gets its own branch (oneOf) whose body also has the carried schema (the rejected import).
 * An error status the route documents with a schema of its own and no codes (health's 503) is kept, as JSON.
 */
export function describeOperations(document: OpenAPIObject, routes: ReadonlyMap<string, RouteDeclaration>): void {
  markJsonValues(document.components?.schemas ?? {});
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const route = operation.operationId ? routes.get(operation.operationId) : undefined;
      describeAccess(operation, route);
      describeErrors(operation, method, route);
    }
  }
}

function describeAccess(operation: DescribedOperation, route: RouteDeclaration | undefined): void {
  if (!route || route.access === 'undeclared') return;
  const access = route.access === 'public' ? 'Public: no token needed.' : `Roles: ${route.access.join(', ')}.`;
  if (route.access === 'public') {
    operation['x-public'] = true;
    operation.security = [];
  } else {
    operation['x-roles'] = [...route.access];
  }
  operation.description = [operation.description, access].filter(Boolean).join('\n\n');
}

function describeErrors(operation: OperationObject, method: string, route: RouteDeclaration | undefined): void {
  const codes = new Map<number, Set<ErrorCode>>();
  const add = (status: number, code: ErrorCode) => {
    if (!codes.has(status)) codes.set(status, new Set());
    codes.get(status)!.add(code);
  };
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  if (route && Array.isArray(route.access)) {
    add(401, 'unauthorized');
    add(401, 'invalid_token');
    add(403, 'forbidden');
    // The guard looks the caller up on every request.
    add(503, 'database_unavailable');
  }
  if (parameters.some((p) => p.in === 'path')) {
    add(404, 'not_found');
    add(414, 'uri_too_long');
    add(400, 'invalid_characters');
    if (route?.validatesPathParameters) add(400, 'invalid_id');
  }
  if (parameters.some((p) => p.in === 'query')) {
    add(400, 'validation_failed');
    add(400, 'invalid_characters');
  }
  if (parameters.some((p) => p.in === 'query' && p.name === 'cursor')) add(400, 'invalid_cursor');
  const body = operation.requestBody as { content?: Record<string, unknown> } | undefined;
  if (body?.content?.[JSON_MEDIA_TYPE]) add(400, 'validation_failed');
  if (BODY_METHODS.has(method)) {
    add(400, 'bad_request');
    add(400, 'invalid_characters');
    add(400, 'json_too_deep');
    add(413, 'payload_too_large');
    add(415, 'unsupported_media_type');
  }
  for (const { code, status } of route?.errors ?? []) add(status, code);

  const responses = operation.responses as Record<string, ResponseObject>;
  for (const [status, set] of [...codes].sort(([a], [b]) => a - b)) {
    const existing = responses[String(status)];
    const sorted = [...set].sort();
    responses[String(status)] = {
      description: describeCodes(existing?.description, sorted),
      content: { [JSON_MEDIA_TYPE]: { schema: errorSchema(sorted, route?.carrying ?? {}) } },
    };
  }
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) < 400 || codes.has(Number(status)) || !response.content) continue;
    const schema = ownSchema(response) ?? (response.content[JSON_MEDIA_TYPE]?.schema as Schema | undefined);
    response.content = schema ? { [JSON_MEDIA_TYPE]: { schema } } : {};
  }
}

/** ErrorBody with `error` one of `codes`; a carrying code is a branch of its own with the carried schema. */
function errorSchema(codes: ErrorCode[], carrying: Partial<Record<ErrorCode, string>>): SchemaObject {
  const body = (enumerated: ErrorCode[], extra?: string): SchemaObject => ({
    allOf: [
      { $ref: ERROR_BODY_REF },
      { type: 'object', properties: { error: { type: 'string', enum: enumerated } } },
      ...(extra ? [{ $ref: extra }] : []),
    ],
  });
  const plain = codes.filter((code) => !carrying[code]);
  const carried = codes.filter((code) => carrying[code]);
  if (carried.length === 0) return body(plain);
  return { oneOf: [...carried.map((code) => body([code], carrying[code])), ...(plain.length ? [body(plain)] : [])] };
}

/** The schema a route declared for an error status itself (not the ErrorBody), if any. */
function ownSchema(response: ResponseObject | undefined): Schema | undefined {
  for (const media of Object.values(response?.content ?? {})) {
    const schema = media.schema as Schema | undefined;
    if (schema && !('$ref' in schema && schema.$ref === ERROR_BODY_REF)) return schema;
  }
  return undefined;
}

function describeCodes(description: string | undefined, codes: ErrorCode[]): string {
  const lines = codes.map((code) => `- \`${code}\`: ${ERROR_CODES[code].meaning}`);
  return [description, lines.join('\n')].filter(Boolean).join('\n\n');
}

/** ApiJsonValueProperty's schemas: drop the placeholder type, so the schema accepts any value. */
function markJsonValues(schemas: Record<string, Schema>): void {
  const visit = (schema: unknown) => {
    if (!schema || typeof schema !== 'object') return;
    const record = schema as Record<string, unknown>;
    if (record[JSON_VALUE_MARK] === true) {
      delete record.type;
      delete record.additionalProperties;
    }
    for (const value of Object.values(record)) visit(value);
  };
  visit(schemas);
}
