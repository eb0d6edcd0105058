import { connect } from 'node:net';
import { TestApp } from '../support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('error shape', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('uses { statusCode, error, message, requestId } for unknown routes, with the request id of the response header', async () => {
    const response = await app.http().get('/api/v1/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.headers['x-request-id']).toMatch(UUID);
    expect(response.body).toEqual({
      statusCode: 404,
      error: 'not_found',
      message: expect.any(String),
      requestId: response.headers['x-request-id'],
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

  describe('errors Fastify and Node raise themselves come in the same shape, with the request id', () => {
    const expectShape = (response: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, error: string) => {
      expect(response.status).toBe(status);
      expect(response.headers['x-request-id']).toMatch(UUID);
      expect(response.body).toEqual({ statusCode: status, error, message: expect.any(String), requestId: response.headers['x-request-id'] });
    };

    it('a 300-character path parameter is an invalid id (400), not a bare 414', async () => {
      const admin = await app.as('admin');
      expectShape(await app.http().get(`/api/v1/users/${'a'.repeat(300)}`).set('Authorization', admin.auth), 400, 'invalid_id');
    });

    it('a path parameter beyond 1,000 characters is 414 uri_too_long', async () => {
      const admin = await app.as('admin');
      const response = await app.http().get(`/api/v1/users/${'a'.repeat(2000)}`).set('Authorization', admin.auth);
      expectShape(response, 414, 'uri_too_long');
      expect(JSON.stringify(response.body)).not.toContain('a'.repeat(100));
    });

    it('a badly percent-encoded path is 400', async () => {
      const admin = await app.as('admin');
      expectShape(await app.http().get('/api/v1/users/%E0%A4%A').set('Authorization', admin.auth), 400, 'bad_request');
    });

    it('an unknown route and a malformed JSON body', async () => {
      expectShape(await app.http().delete('/api/v1/auth/login'), 404, 'not_found');
      expectShape(await app.http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":'), 400, 'bad_request');
    });

    it('a JSON body over the 1 MiB limit is 413', async () => {
      const body = JSON.stringify({ email: 'a@test.example', password: 'x'.repeat(1024 * 1024 + 10) });
      expectShape(await app.http().post('/api/v1/auth/login').set('content-type', 'application/json').send(body), 413, 'payload_too_large');
    });

    it('a request Node cannot parse as HTTP is 400 in the shape', async () => {
      const address = app.app.getHttpServer().address();
      if (!address || typeof address === 'string') await new Promise<void>((resolve) => app.app.getHttpServer().listen(0, '127.0.0.1', resolve));
      const { port } = app.app.getHttpServer().address() as { port: number };
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'));
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1\.1 400 /);
      const [head, body] = raw.split('\r\n\r\n');
      const requestId = /x-request-id: (\S+)/i.exec(head)?.[1];
      expect(requestId).toMatch(UUID);
      expect(JSON.parse(body)).toEqual({ statusCode: 400, error: 'bad_request', message: expect.any(String), requestId });
    });
  });
});
