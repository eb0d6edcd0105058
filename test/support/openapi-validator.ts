import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';

/**
 * Checks responses against the OpenAPI document the application serves: the status is documented for the
 * operation (method + route template), the content type is one documented for that status, and a JSON body
 * validates against its schema. OpenAPI 3.0 `nullable` is read as JSON Schema's `null` type.
 *
 * ajv (with ajv-formats) does the validation: it is the JSON Schema validator Fastify itself uses, already in the
 * tree, and well kept. The OpenAPI-specific parts are small and live here: finding the operation, the status and
 * the media type, and turning `nullable` into JSON Schema.
 */

/** Routes the harness does not check, each with the reason. */
export const UNCHECKED_ROUTES: ReadonlyArray<{ route: RegExp; reason: string }> = [
  { route: /^\/docs(-json|-yaml)?(\/.*)?$/, reason: 'the documentation itself (Swagger UI page and assets, the document)' },
];

export interface ObservedResponse {
  method: string;
  /** The route template that handled the request (`/api/v1/cameras/:id`), undefined when no route matched. */
  route: string | undefined;
  url: string;
  status: number;
  contentType: string | undefined;
  /** The serialised body; undefined when it was streamed (only its content type is checked then). */
  body: string | Buffer | undefined;
}

export interface Violation {
  operation: string;
  url: string;
  status: number;
  pointer: string;
  message: string;
}

interface OperationInfo {
  key: string;
  operationId?: string;
  responses: Record<string, { content?: Record<string, unknown> }>;
  pointer: string;
}

type JsonObject = Record<string, unknown>;

const DOCUMENT_ID = 'openapi.json';
const ERROR_BODY_POINTER = '/components/schemas/ErrorBody';

export class OpenApiResponseValidator {
  private readonly ajv: Ajv;
  private readonly operations = new Map<string, OperationInfo>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: JsonObject) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    ajvFormats.default(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(toJsonSchema(structuredClone(document)) as JsonObject, DOCUMENT_ID);
    const paths = (document.paths ?? {}) as Record<string, Record<string, OperationInfo['responses'] & JsonObject>>;
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const key = `${method.toUpperCase()} ${path}`;
        this.operations.set(key, {
          key,
          operationId: operation.operationId as string | undefined,
          responses: (operation.responses ?? {}) as OperationInfo['responses'],
          pointer: `/paths/${escapePointer(path)}/${method}`,
        });
      }
    }
  }

  check(response: ObservedResponse): Violation[] {
    if (response.route && UNCHECKED_ROUTES.some((unchecked) => unchecked.route.test(response.route!))) return [];
    const violation = (pointer: string, message: string, operation = describe(response)): Violation => ({
      operation,
      url: response.url,
      status: response.status,
      pointer,
      message,
    });
    if (response.route === undefined) return this.checkUnrouted(response, violation);

    // HEAD is GET without the body (RFC 9110 §9.3.2): Fastify serves it for every GET route, documented as the GET.
    const head = response.method.toUpperCase() === 'HEAD';
    const key = `${head ? 'GET' : response.method.toUpperCase()} ${toOpenApiPath(response.route)}`;
    const operation = this.operations.get(key);
    if (!operation) {
      return [violation('', `the document has no operation ${key}: the route is served but not documented`)];
    }
    const status = String(response.status);
    const documented =
      operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
    if (!documented) {
      return [violation('', `status ${status} is not documented for ${key}. ${this.hint(operation, response)}`, key)];
    }
    if (head) return [];
    return this.checkBody(response, operation, status, documented.content ?? {}).map((problem) =>
      violation(problem.pointer, problem.message, key),
    );
  }

  /** No route matched: the not-found handler answers, in the error shape. */
  private checkUnrouted(response: ObservedResponse, violation: (pointer: string, message: string) => Violation): Violation[] {
    if (response.status !== 404) return [violation('', `status ${response.status} for a request no route matched`)];
    const json = parseJson(response);
    if ('problem' in json) return [violation('', json.problem)];
    return this.validate(`${DOCUMENT_ID}#${ERROR_BODY_POINTER}`, json.value).map((p) => violation(p.pointer, p.message));
  }

  private checkBody(
    response: ObservedResponse,
    operation: OperationInfo,
    status: string,
    content: Record<string, unknown>,
  ): Array<{ pointer: string; message: string }> {
    const mediaTypes = Object.keys(content);
    const empty = response.body !== undefined && response.body.length === 0;
    if (mediaTypes.length === 0) {
      if (empty || response.status === 204) return [];
      return [{ pointer: '', message: `a body was sent but status ${status} documents none. ${this.hint(operation, response)}` }];
    }
    const actual = (response.contentType ?? '').split(';')[0].trim().toLowerCase();
    const mediaType = mediaTypes.find((documented) => mediaTypeMatches(documented, actual));
    if (!mediaType) {
      return [{ pointer: '', message: `content type "${actual || '(none)'}" is not documented (${mediaTypes.join(', ')})` }];
    }
    if (response.body === undefined || !isJson(actual)) return [];
    const json = parseJson(response);
    if ('problem' in json) return [{ pointer: '', message: json.problem }];
    const schemaPointer = `${operation.pointer}/responses/${status}/content/${escapePointer(mediaType)}/schema`;
    if (!('schema' in (content[mediaType] as JsonObject))) {
      return [{ pointer: '', message: `status ${status} (${mediaType}) has no schema` }];
    }
    return this.validate(`${DOCUMENT_ID}#${schemaPointer}`, json.value).map((problem) =>
      problem.pointer === '/error' && problem.keyword === 'enum'
        ? { ...problem, message: `${problem.message}. ${this.hint(operation, response)}` }
        : problem,
    );
  }

  private validate(ref: string, value: unknown): Array<{ pointer: string; message: string; keyword: string }> {
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref.replace(/[{}]/g, encodeURIComponent) });
      this.compiled.set(ref, validate);
    }
    if (validate(value)) return [];
    return relevantErrors(validate.errors ?? []).map((error) => ({
      pointer: error.instancePath || '/',
      message: describeError(error),
      keyword: error.keyword,
    }));
  }

  /** What to add to the route so that the document describes this response. */
  private hint(operation: OperationInfo, response: ObservedResponse): string {
    const handler = operation.operationId?.replace('_', '.') ?? operation.key;
    if (response.status >= 400) {
      const code = errorCode(response);
      return code
        ? `Add @ApiErrors('${code}') to ${handler} (and '${code}' to ERROR_CODES if it is new).`
        : `Declare the ${response.status} response on ${handler}.`;
    }
    return `Declare it on ${handler} (e.g. @ApiOkResponse({ type }), @ApiCreatedResponse, @ApiPageResponse, @ApiContentResponse).`;
  }
}

export function formatViolations(violations: Violation[]): string {
  return violations
    .map((v) => `  ${v.operation} → ${v.status} (${v.url})${v.pointer ? ` at ${v.pointer}` : ''}: ${v.message}`)
    .join('\n');
}

/** `/api/v1/cameras/:id` → `/api/v1/cameras/{id}`. */
export const toOpenApiPath = (route: string) => route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function describe(response: ObservedResponse): string {
  return `${response.method.toUpperCase()} ${response.route ? toOpenApiPath(response.route) : '(no route)'}`;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function mediaTypeMatches(documented: string, actual: string): boolean {
  const [type, subtype] = documented.toLowerCase().split('/');
  const [actualType, actualSubtype] = actual.split('/');
  return (type === '*' || type === actualType) && (subtype === '*' || subtype === actualSubtype);
}

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

function parseJson(response: ObservedResponse): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(String(response.body ?? '')) };
  } catch {
    return { problem: 'the body is not valid JSON' };
  }
}

function errorCode(response: ObservedResponse): string | undefined {
  const json = parseJson(response);
  const value = 'value' in json ? json.value : undefined;
  return value && typeof value === 'object' && typeof (value as JsonObject).error === 'string'
    ? ((value as JsonObject).error as string)
    : undefined;
}

/**
 * anyOf reports each branch; keep the specific errors, not the summary nor the "must be null" of a nullable's null
 * branch (the value was not null: the other branch's errors say what is wrong).
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const isNullBranch = (error: ErrorObject) =>
    error.keyword === 'type' && (error.params as { type?: unknown }).type === 'null' && /\/anyOf\/\d+\/type$/.test(error.schemaPath);
  const specific = errors.filter((error) => error.keyword !== 'anyOf' && error.keyword !== 'oneOf' && !isNullBranch(error));
  const seen = new Set<string>();
  return (specific.length > 0 ? specific : errors).filter((error) => {
    const key = `${error.instancePath} ${describeError(error)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `required property "${params.missingProperty}" is missing`;
  if (error.keyword === 'additionalProperties') return `property "${params.additionalProperty}" is not documented`;
  if (error.keyword === 'enum') return `${error.message}: ${JSON.stringify(params.allowedValues)}`;
  return error.message ?? error.keyword;
}

/**
 * OpenAPI 3.0 schemas → JSON Schema: `nullable: true` adds the `null` type (and `null` to an enum); beside a `$ref`
 * or a combinator it becomes `anyOf [schema, null]`. Walks the whole document; only schema objects carry `nullable`.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const source = node as JsonObject;
  const converted: JsonObject = {};
  for (const [key, value] of Object.entries(source)) converted[key] = toJsonSchema(value);
  if (converted.nullable !== true) return converted;
  delete converted.nullable;
  if (typeof converted.type === 'string' && !converted.allOf && !converted.oneOf && !converted.anyOf) {
    converted.type = [converted.type, 'null'];
    if (Array.isArray(converted.enum) && !converted.enum.includes(null)) converted.enum = [...converted.enum, null];
    return converted;
  }
  const { description, ...schema } = converted;
  return { ...(description === undefined ? {} : { description }), anyOf: [schema, { type: 'null' }] };
}
