import type { AppConfig } from '../config/app-config.js';
import { ExpiringMap } from './expiring-map.js';
import { LoginRateLimiter, addressKey } from './login-rate-limiter.js';

const config = { auth: { loginMaxFailures: 3, loginWindowSeconds: 900, loginBackoffSeconds: 30 } } as AppConfig;

describe('LoginRateLimiter', () => {
  const t0 = Date.UTC(2025, 9, 1, 9, 0, 0);

  it('locks a pair after the limit with doubling backoff capped at the window, and forgets a window later', () => {
    const limiter = new LoginRateLimiter(config);
    const fail = (at: number) => limiter.recordFailure('a@x', '203.0.113.1', at);
    [0, 1, 2].forEach((s) => fail(t0 + s * 1000));
    expect(limiter.retryAfter('a@x', '203.0.113.1', t0 + 2000)).toBe(30);
    expect(limiter.retryAfter('a@x', '198.51.100.1', t0 + 2000)).toBe(0);
    expect(limiter.retryAfter('b@x', '203.0.113.1', t0 + 2000)).toBe(0);
    let at = t0 + 2000;
    const waits: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      at += limiter.retryAfter('a@x', '203.0.113.1', at) * 1000;
      fail(at);
      waits.push(limiter.retryAfter('a@x', '203.0.113.1', at));
    }
    expect(waits).toEqual([60, 120, 240, 480, 900, 900, 900]);
    const later = at + 900_000 + 900_000 + 1;
    expect(limiter.retryAfter('a@x', '203.0.113.1', later)).toBe(0);
    fail(later);
    expect(limiter.retryAfter('a@x', '203.0.113.1', later)).toBe(0); // count started again at 1
  });

  it('a success clears the pair and makes the address known', () => {
    const limiter = new LoginRateLimiter(config);
    [0, 1].forEach((s) => limiter.recordFailure('a@x', '203.0.113.1', t0 + s));
    limiter.recordSuccess('a@x', '203.0.113.1', t0 + 10);
    limiter.recordFailure('a@x', '203.0.113.1', t0 + 20);
    expect(limiter.retryAfter('a@x', '203.0.113.1', t0 + 30)).toBe(0);
  });

  it('counts IPv6 addresses by /64 and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:0db8:0000:0001:ffff:1:2:3')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('ExpiringMap', () => {
  it('expires entries and drops the least recently written beyond its capacity', () => {
    const map = new ExpiringMap<number>(2);
    map.set('a', 1, 100);
    map.set('b', 2, 100);
    map.set('a', 3, 100);
    map.set('c', 4, 100);
    expect([map.get('a', 0), map.get('b', 0), map.get('c', 0)]).toEqual([3, undefined, 4]);
    expect(map.get('a', 100)).toBeUndefined();
    expect(map.size).toBe(1);
  });
});
