import { type ObservedResponse, OpenApiResponseValidator, toJsonSchema } from './openapi-validator.js';

const errorBody = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string', enum: ['not_found', 'forbidden', 'conflict'] },
    message: { type: 'string' },
    requestId: { type: 'string' },
  },
  required: ['statusCode', 'error', 'message', 'requestId'],
};

const document = {
  openapi: '3.0.0',
  paths: {
    '/api/v1/things/{id}': {
      get: {
        operationId: 'ThingsController_get',
        responses: {
          200: { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          404: {
            description: '',
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    { $ref: '#/components/schemas/ErrorBody' },
                    { type: 'object', properties: { error: { type: 'string', enum: ['not_found'] } } },
                  ],
                },
              },
            },
          },
        },
      },
      delete: { operationId: 'ThingsController_remove', responses: { 204: { description: '' } } },
    },
    '/api/v1/things/export.csv': {
      get: { responses: { 200: { description: '', content: { 'text/csv': { schema: { type: 'string' } } } } } },
    },
  },
  components: {
    schemas: {
      ErrorBody: errorBody,
      Owner: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      Thing: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          count: { type: 'integer' },
          note: { type: 'string', nullable: true },
          kind: { type: 'string', enum: ['a', 'b'], nullable: true },
          owner: { nullable: true, type: 'object', allOf: [{ $ref: '#/components/schemas/Owner' }] },
        },
        required: ['id', 'count', 'note', 'kind', 'owner'],
      },
    },
  },
};

const thing = { id: '0b6c6b8e-6f3a-4a53-9d38-6f3c1a6a2f10', count: 2, note: null, kind: null, owner: null };

const response = (overrides: Partial<ObservedResponse> = {}): ObservedResponse => ({
  method: 'GET',
  route: '/api/v1/things/:id',
  url: '/api/v1/things/0b6c6b8e',
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(thing),
  ...overrides,
});

describe('OpenApiResponseValidator', () => {
  const validator = new OpenApiResponseValidator(document);

  it('checks HEAD against the GET operation (its statuses), without a body', () => {
    expect(validator.check(response({ method: 'HEAD', body: '' }))).toEqual([]);
    expect(validator.check(response({ method: 'HEAD', status: 404, body: '' }))).toEqual([]);
    expect(validator.check(response({ method: 'HEAD', status: 409, body: '' }))[0]?.message).toMatch(/status 409 is not documented for GET/);
  });

  it('accepts a documented response, reading nullable as allowing null (scalars, enums and references)', () => {
    expect(validator.check(response())).toEqual([]);
    expect(validator.check(response({ body: JSON.stringify({ ...thing, note: 'x', kind: 'a', owner: { name: 'n' } }) }))).toEqual([]);
  });

  it('reports a status the operation does not document, and says what to declare', () => {
    const body = JSON.stringify({ statusCode: 409, error: 'conflict', message: 'm', requestId: 'r' });
    const [violation, ...rest] = validator.check(response({ status: 409, body }));
    expect(rest).toEqual([]);
    expect(violation).toMatchObject({ operation: 'GET /api/v1/things/{id}', status: 409 });
    expect(violation.message).toContain("status 409 is not documented");
    expect(violation.message).toContain("@ApiErrors('conflict') to ThingsController.get");
  });

  it('reports a property of the wrong type with its JSON pointer', () => {
    const violations = validator.check(response({ body: JSON.stringify({ ...thing, count: 'two' }) }));
    expect(violations).toEqual([expect.objectContaining({ pointer: '/count', message: 'must be integer' })]);
  });

  it('reports a missing required property', () => {
    const { count: _count, ...withoutCount } = thing;
    const violations = validator.check(response({ body: JSON.stringify(withoutCount) }));
    expect(violations).toEqual([expect.objectContaining({ pointer: '/', message: 'required property "count" is missing' })]);
  });

  it('reports null where the schema does not allow it, inside a referenced schema too', () => {
    const violations = validator.check(response({ body: JSON.stringify({ ...thing, owner: { name: null } }) }));
    expect(violations).toEqual([expect.objectContaining({ pointer: '/owner/name', message: 'must be string' })]);
  });

  it('reports an error code the operation does not list', () => {
    const body = JSON.stringify({ statusCode: 404, error: 'forbidden', message: 'm', requestId: 'r' });
    const violations = validator.check(response({ status: 404, body }));
    expect(violations).toEqual([expect.objectContaining({ pointer: '/error' })]);
    expect(violations[0].message).toContain("@ApiErrors('forbidden')");
  });

  it('reports a content type that is not documented, and accepts one that is', () => {
    const csv = response({ route: '/api/v1/things/export.csv', contentType: 'text/csv; charset=utf-8', body: 'a,b\n' });
    expect(validator.check(csv)).toEqual([]);
    expect(validator.check({ ...csv, contentType: 'application/json', body: '{}' })).toEqual([
      expect.objectContaining({ message: 'content type "application/json" is not documented (text/csv)' }),
    ]);
  });

  it('reports a body on a status that documents none', () => {
    expect(validator.check(response({ method: 'DELETE', status: 204, body: '' }))).toEqual([]);
    expect(validator.check(response({ method: 'DELETE', status: 200, body: '{}' }))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('status 200 is not documented') }),
    ]);
  });

  it('reports a served route the document does not have', () => {
    expect(validator.check(response({ route: '/api/v1/secret' }))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('the document has no operation GET /api/v1/secret') }),
    ]);
  });

  it('checks requests no route matched against the error shape, and leaves the docs alone', () => {
    const notFound = { statusCode: 404, error: 'not_found', message: 'm', requestId: 'r' };
    expect(validator.check(response({ route: undefined, status: 404, body: JSON.stringify(notFound) }))).toEqual([]);
    expect(validator.check(response({ route: undefined, status: 404, body: '{"message":"x"}' }))).not.toEqual([]);
    expect(validator.check(response({ route: '/docs-json', body: '{}' }))).toEqual([]);
  });
});

describe('toJsonSchema', () => {
  it('turns OpenAPI nullable into JSON Schema null types', () => {
    expect(toJsonSchema({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(toJsonSchema({ type: 'string', enum: ['a'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(toJsonSchema({ nullable: true, description: 'd', allOf: [{ $ref: '#/x' }] })).toEqual({
      description: 'd',
      anyOf: [{ allOf: [{ $ref: '#/x' }] }, { type: 'null' }],
    });
  });
});
