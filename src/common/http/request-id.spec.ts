import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { clientRequestId, newRequestId, requestLogger } from './request-id.js';

describe('request ids', () => {
  it('accepts only the documented pattern as a client id', () => {
    expect(clientRequestId({ 'x-request-id': 'kyndi-upload-2025-10-01.7' })).toBe('kyndi-upload-2025-10-01.7');
    for (const bad of ['short', '<script>alert(1)</script>', 'a b c d e f g h', 'x'.repeat(101), `bad"quote"id`]) {
      expect(clientRequestId({ 'x-request-id': bad })).toBeUndefined();
    }
    expect(clientRequestId({})).toBeUndefined();
  });

  it('logs a well-formed client id as clientRequestId beside the service’s own', () => {
    const children: Record<string, unknown>[] = [];
    const logger = { child: (bindings: Record<string, unknown>) => (children.push(bindings), logger) } as unknown as FastifyBaseLogger;
    const raw = (id?: string) => ({ headers: id ? { 'x-request-id': id } : {} }) as IncomingMessage;
    const own = newRequestId();
    requestLogger.call({} as FastifyInstance, logger, { reqId: own }, {}, raw('client-id-00001'));
    requestLogger.call({} as FastifyInstance, logger, { reqId: own }, {}, raw('<script>'));
    expect(children).toEqual([{ reqId: own, clientRequestId: 'client-id-00001' }, { reqId: own }]);
  });
});
