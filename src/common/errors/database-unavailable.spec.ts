import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { badRequest } from './domain-exception.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises refused, reset and cut connections and pool timeouts', () => {
    expect(isDatabaseUnavailable(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: withCode('ECONNRESET') }))).toBe(true);
  });

  it('recognises the server refusing service (shutdown, cannot connect now, too many connections)', () => {
    for (const code of ['57P01', '57P03', '53300', '08006']) {
      expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], withCode(code)))).toBe(true);
    }
  });

  it('leaves query errors, our own errors and object storage errors alone', () => {
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], withCode('23505')))).toBe(false);
    expect(isDatabaseUnavailable(badRequest('bad_request', 'connection terminated by the caller'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(withCode('ECONNREFUSED'), { $metadata: { attempts: 3 } }))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
