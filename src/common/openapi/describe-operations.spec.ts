import type { OpenAPIObject } from '@nestjs/swagger';
import { declaredErrorCodes } from './api-errors.decorator.js';
import { describeOperations, ERROR_BODY_REF } from './describe-operations.js';
import type { RouteDeclaration } from './route-declarations.js';

/** Walks a parsed document in assertions. */
function at(value: unknown, ...path: (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], value);
}
const errorCodesOf = (response: unknown) => at(response, 'content', 'application/json', 'schema', 'allOf', 1, 'properties', 'error', 'enum');

function documentWith(operations: Record<string, Record<string, unknown>>): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: operations,
    components: { schemas: { Thing: { type: 'object', properties: { value: { type: 'object', additionalProperties: true, nullable: true, 'x-json-value': true } } } } },
  } as unknown as OpenAPIObject;
}

const route = (operationId: string, overrides: Partial<RouteDeclaration> = {}): [string, RouteDeclaration] => [
  operationId,
  { operationId, access: ['admin', 'spoc'], errors: [], carrying: {}, validatesPathParameters: false, ...overrides },
];

describe('describeOperations', () => {
  it('adds the roles and the 401/403 of an @Auth route, and marks public ones', () => {
    const document = documentWith({
      '/things': { get: { operationId: 'Things_list', responses: { 200: { description: '' } } } },
      '/login': { post: { operationId: 'Auth_login', responses: { 200: { description: '' } } } },
    });
    describeOperations(document, new Map([route('Things_list'), route('Auth_login', { access: 'public' })]));
    const list = document.paths['/things'].get;
    expect(list).toMatchObject({ 'x-roles': ['admin', 'spoc'], description: expect.stringContaining('Roles: admin, spoc.') });
    expect(errorCodesOf(at(list, 'responses', '401'))).toEqual(['invalid_token', 'unauthorized']);
    expect(errorCodesOf(at(list, 'responses', '503'))).toEqual(['database_unavailable']);
    expect(errorCodesOf(at(list, 'responses', '403'))).toEqual(['forbidden']);
    const login = document.paths['/login'].post;
    expect(login).toMatchObject({ 'x-public': true, security: [] });
    expect(at(login, 'responses', '401')).toBeUndefined();
  });

  it('derives generic errors from the shape: path parameter, piped id, query, cursor, body', () => {
    const document = documentWith({
      '/things/{id}': {
        patch: {
          operationId: 'Things_update',
          parameters: [{ name: 'id', in: 'path' }, { name: 'cursor', in: 'query' }],
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { 200: { description: '' } },
        },
      },
    });
    describeOperations(document, new Map([route('Things_update', { validatesPathParameters: true })]));
    const responses = at(document.paths['/things/{id}'].patch, 'responses');
    expect(errorCodesOf(at(responses, '400'))).toEqual([
      'bad_request',
      'invalid_characters',
      'invalid_cursor',
      'invalid_id',
      'json_too_deep',
      'validation_failed',
    ]);
    expect(errorCodesOf(at(responses, '404'))).toEqual(['not_found']);
    expect(errorCodesOf(at(responses, '414'))).toEqual(['uri_too_long']);
    expect(errorCodesOf(at(responses, '413'))).toEqual(['payload_too_large']);
    expect(errorCodesOf(at(responses, '415'))).toEqual(['unsupported_media_type']);
    expect(at(responses, '400', 'content', 'application/json', 'schema', 'allOf', 0)).toEqual({ $ref: ERROR_BODY_REF });
  });

  it('documents declared codes under their status, a carrying code as its own branch with the carried schema', () => {
    const document = documentWith({
      '/imports': {
        post: {
          operationId: 'Imports_upload',
          responses: {
            201: { description: '' },
            422: { description: 'Rejected', content: { 'text/csv': { schema: { $ref: '#/components/schemas/Thing' } } } },
          },
        },
      },
    });
    const errors = declaredErrorCodes(['import_rejected', 'evidence_deleted@410', 'too_many_rows']);
    const carrying = { import_rejected: '#/components/schemas/Thing' } as const;
    describeOperations(document, new Map([route('Imports_upload', { errors, carrying })]));
    const responses = at(document.paths['/imports'].post, 'responses');
    expect(Object.keys(at(responses, '422', 'content') as object)).toEqual(['application/json']);
    const [rejected, plain] = at(responses, '422', 'content', 'application/json', 'schema', 'oneOf') as unknown[];
    expect(at(rejected, 'allOf', 1, 'properties', 'error', 'enum')).toEqual(['import_rejected']);
    expect(at(rejected, 'allOf', 2)).toEqual({ $ref: '#/components/schemas/Thing' });
    expect(at(plain, 'allOf', 1, 'properties', 'error', 'enum')).toEqual(['too_many_rows']);
    expect(errorCodesOf(at(responses, '400'))).toEqual(['bad_request', 'invalid_characters', 'json_too_deep', 'too_many_rows']);
    expect(errorCodesOf(at(responses, '410'))).toEqual(['evidence_deleted']);
    expect(at(responses, '409')).toBeUndefined();
    expect(at(responses, '422', 'description')).toMatch(/^Rejected\n\n- `import_rejected`: /);
  });

  it('turns a declared JSON value into a schema without a type', () => {
    const document = documentWith({});
    describeOperations(document, new Map());
    expect(at(document, 'components', 'schemas', 'Thing', 'properties', 'value')).toEqual({ nullable: true, 'x-json-value': true });
  });
});
