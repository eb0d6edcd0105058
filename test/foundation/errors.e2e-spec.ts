import { TestApp } from '../support/test-app.js';

describe('error shape', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('uses { statusCode, error, message, requestId } for unknown routes and echoes the request id', async () => {
    const response = await app.http().get('/api/v1/no-such-thing').set('x-request-id', 'test-request-0001');
    expect(response.status).toBe(404);
    expect(response.headers['x-request-id']).toBe('test-request-0001');
    expect(response.body).toEqual({
      statusCode: 404,
      error: 'not_found',
      message: expect.any(String),
      requestId: 'test-request-0001',
    });
  });

  it('gives malformed JSON a 400 in the same shape', async () => {
    const response = await app.http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'bad_request', requestId: expect.any(String) });
  });

  it('gives a content type the route cannot read a 415', async () => {
    const response = await app.http().post('/api/v1/auth/login').set('content-type', 'application/xml').send('<login/>');
    expect(response.status).toBe(415);
    expect(response.body.error).toBe('unsupported_media_type');
  });

  it('rejects a non-UUID id in the path with 400 invalid_id', async () => {
    const admin = await app.as('admin');
    const response = await app.http().get('/api/v1/users/123').set('Authorization', admin.auth);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_id');
  });

  it('rejects a bad page size and a forged cursor', async () => {
    const admin = await app.as('admin');
    const tooBig = await app.http().get('/api/v1/users?limit=5000').set('Authorization', admin.auth);
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.details.fields[0].field).toBe('limit');
    const forged = await app.http().get('/api/v1/users?cursor=bm9wZQ').set('Authorization', admin.auth);
    expect(forged.status).toBe(400);
    expect(forged.body.error).toBe('invalid_cursor');
  });
});
