import { isIP } from 'node:net';

/**
 * Whose `X-Forwarded-For` the service believes: nobody (false) or the listed proxy addresses/CIDRs. Never everyone
 * (a client could then choose the address that the login limits count and that audit and custody record), and not a
 * bare hop count, which cannot check that the nearest peer is a proxy at all (Fastify 5 treats one as "trust nobody").
 */
export type TrustProxy = false | string[];

/** Names proxy-addr (Fastify's trustProxy) understands for address ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function validEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Parses TRUST_PROXY; returns the value or the problem to report at boot. */
export function parseTrustProxy(raw: string | undefined): { value: TrustProxy } | { problem: string } {
  const text = raw?.trim() ?? '';
  if (text === '' || text.toLowerCase() === 'false') return { value: false };
  if (text.toLowerCase() === 'true') {
    return {
      problem:
        'TRUST_PROXY=true would believe X-Forwarded-For from any client; list the proxies (addresses or CIDRs, comma-separated)',
    };
  }
  if (/^\d+$/.test(text)) {
    return { problem: 'TRUST_PROXY takes the proxies\' addresses or CIDRs, not a hop count (which cannot tell a proxy from a client)' };
  }
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.filter((entry) => !validEntry(entry));
  if (bad.length > 0) return { problem: `TRUST_PROXY has entries that are not IP addresses or CIDRs: ${bad.join(', ')}` };
  return { value: entries };
}
