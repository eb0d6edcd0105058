import { ERROR_CODE_LIST } from '../../src/common/errors/error-codes.js';
import { routeDeclarations } from '../../src/common/openapi/route-declarations.js';
import { TestApp } from '../support/test-app.js';

interface MediaTypeNode {
  schema?: ErrorSchemaNode;
}
interface ErrorSchemaNode {
  $ref?: string;
  allOf?: Array<{ $ref?: string }>;
  oneOf?: ErrorSchemaNode[];
}
interface OperationNode {
  operationId: string;
  summary?: string;
  'x-roles'?: string[];
  'x-public'?: boolean;
  responses: Record<string, { content?: Record<string, MediaTypeNode> }>;
}
interface DocumentNode {
  paths: Record<string, Record<string, OperationNode>>;
  components: { schemas: Record<string, { enum?: string[]; properties?: Record<string, { allOf?: Array<{ $ref?: string }> }> }> };
}
type SchemaNode = Record<string, unknown>;

const ERROR_BODY_REF = '#/components/schemas/ErrorBody';

/** Schemas that say nothing about their value: `{ type: object }` without properties, additionalProperties or a combinator. */
function bareObjects(node: unknown, pointer: string, found: string[]): string[] {
  if (!node || typeof node !== 'object') return found;
  const schema = node as SchemaNode;
  const isBare =
    schema.type === 'object' && !schema.properties && !schema.additionalProperties && !schema.allOf && !schema.oneOf && !schema.anyOf;
  if (isBare) found.push(pointer);
  for (const [key, value] of Object.entries(schema)) bareObjects(value, `${pointer}/${key}`, found);
  return found;
}

describe('the OpenAPI document (/docs-json)', () => {
  let app: TestApp;
  let document: DocumentNode;
  let operations: Array<{ key: string; operation: OperationNode }>;
  beforeAll(async () => {
    app = await TestApp.start();
    document = (await app.http().get('/docs-json')).body;
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
    );
  });
  afterAll(() => app.close());

  it('documents every operation\'s success body: a JSON schema or a non-JSON media type, or a 204', () => {
    const missing = operations
      .filter(({ operation }) =>
        !Object.entries(operation.responses).some(
          ([status, response]) =>
            status === '204' ||
            (status.startsWith('2') &&
              Object.entries(response.content ?? {}).some(([type, media]) => type !== 'application/json' || media.schema)),
        ),
      )
      .map(({ key, operation }) => `${key} (${operation.operationId}): add @ApiOkResponse({ type }), @ApiCreatedResponse, @ApiPageResponse(Item) or @ApiContentResponse`);
    expect(missing).toEqual([]);
  });

  it('has no property typed as a bare object: nullable fields keep their type, free-form values are declared', () => {
    const found = bareObjects(document.components.schemas, '#/components/schemas', []);
    for (const { key, operation } of operations) bareObjects(operation.responses, `${key} responses`, found);
    expect(found.map((pointer) => `${pointer}: declare the type (e.g. @ApiProperty({ type: String, nullable: true }) for string | null; @ApiCountsProperty, @ApiJsonValueProperty or { type: 'object', additionalProperties } for maps and free-form values)`)).toEqual([]);
  });

  it('documents every error status of every operation as the one error shape, in JSON', () => {
    const problems: string[] = [];
    for (const { key, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const types = Object.keys(response.content ?? {});
        const schema = response.content?.['application/json']?.schema;
        const isErrorBody = (node?: ErrorSchemaNode): boolean =>
          node?.$ref === ERROR_BODY_REF || node?.allOf?.[0]?.$ref === ERROR_BODY_REF || Boolean(node?.oneOf?.every(isErrorBody));
        const isReadiness = key === 'GET /health/ready' && status === '503';
        if (types.join() !== 'application/json' || !(isErrorBody(schema) || isReadiness)) {
          problems.push(`${key} ${status} is not an ErrorBody in JSON: declare its codes with @ApiErrors(...) on ${operation.operationId}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('declares who may call every operation (x-roles from @Auth, or x-public), and the 401/403 of those that need a token', () => {
    const undeclared = operations.filter(({ operation }) => !operation['x-public'] && !operation['x-roles']?.length);
    expect(undeclared.map(({ key }) => `${key}: add @Auth(...) (or @Public())`)).toEqual([]);
    const withoutAuthErrors = operations.filter(
      ({ operation }) => operation['x-roles'] && !(operation.responses['401'] && operation.responses['403']),
    );
    expect(withoutAuthErrors.map(({ key }) => key)).toEqual([]);
    const publicOperations = operations.filter(({ operation }) => operation['x-public']).map(({ key }) => key).sort();
    expect(publicOperations).toEqual(['GET /health/live', 'GET /health/ready', 'POST /api/v1/auth/login']);
  });

  it('has one operation for every route, named Controller_method', () => {
    const routes = [...routeDeclarations(app.app).keys()].sort();
    expect(operations.map(({ operation }) => operation.operationId).sort()).toEqual(routes);
  });

  it('gives every operation a summary (it heads the README\'s route table)', () => {
    const without = operations.filter(({ operation }) => !operation.summary);
    expect(without.map(({ key, operation }) => `${key}: add @ApiOperation({ summary }) to ${operation.operationId}`)).toEqual([]);
  });

  it('enumerates ERROR_CODES, and only those, in ErrorBody.error', () => {
    expect(document.components.schemas.ErrorBody.properties?.error.allOf?.[0].$ref).toBe('#/components/schemas/ErrorCode');
    expect([...(document.components.schemas.ErrorCode.enum ?? [])].sort()).toEqual([...ERROR_CODE_LIST].sort());
  });
});
