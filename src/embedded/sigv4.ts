import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * AWS Signature Version 4 verification for the embedded S3 endpoint, which (s3rver) checks no V4 signature at all:
 * every request must carry a valid signature by the service's credentials, in the Authorization header or in a
 * pre-signed URL's query, unexpired. The payload hash is taken as declared (x-amz-content-sha256, itself signed);
 * the body is not re-hashed. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
 */
export interface SignedRequest {
  method: string;
  /** The request target exactly as sent (path and raw query). */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export type Verdict = { ok: true } | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch'; message: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

const deny = (message: string): Verdict => ({ ok: false, code: 'AccessDenied', message });
const mismatch = (): Verdict => ({
  ok: false,
  code: 'SignatureDoesNotMatch',
  message: 'The request signature we calculated does not match the signature you provided',
});

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ */
function escape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function parseQuery(raw: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const key = decode(at < 0 ? part : part.slice(0, at));
    const value = decode(at < 0 ? '' : part.slice(at + 1));
    if (key === undefined || value === undefined) return undefined;
    pairs.push([key, value]);
  }
  return pairs;
}

/** 20251001T120000Z → epoch ms, or NaN. */
function parseAmzDate(text: string | undefined): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(',') : value).trim().replace(/\s+/g, ' ');
}

interface Signature {
  credential: string;
  signedHeaders: string;
  signature: string;
  amzDate: string | undefined;
  payloadHash: string | undefined;
  /** Query pairs that enter the canonical query (all but X-Amz-Signature). */
  query: [string, string][];
  expiresSeconds?: number;
}

function fromHeader(authorization: string, headers: IncomingHttpHeaders, query: [string, string][]): Signature | Verdict {
  if (!authorization.startsWith(`${ALGORITHM} `)) return deny('Only AWS Signature Version 4 is accepted');
  const fields = new Map(
    authorization
      .slice(ALGORITHM.length + 1)
      .split(',')
      .map((part) => part.trim().split('=', 2) as [string, string]),
  );
  const [credential, signedHeaders, signature] = ['Credential', 'SignedHeaders', 'Signature'].map((name) => fields.get(name));
  if (!credential || !signedHeaders || !signature) return deny('The Authorization header is malformed');
  const payloadHash = headerValue(headers, 'x-amz-content-sha256');
  if (!payloadHash) return deny('x-amz-content-sha256 is required');
  return { credential, signedHeaders, signature, amzDate: headerValue(headers, 'x-amz-date'), payloadHash, query };
}

function fromQuery(query: [string, string][]): Signature | Verdict {
  const get = (name: string) => query.find(([key]) => key === name)?.[1];
  if (get('X-Amz-Algorithm') !== ALGORITHM) return deny('Only AWS Signature Version 4 is accepted');
  const [credential, signedHeaders, signature, expires] = ['X-Amz-Credential', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Expires'].map(get);
  if (!credential || !signedHeaders || !signature || !expires || !/^\d+$/.test(expires)) {
    return deny('The pre-signed URL is missing signature parameters');
  }
  return {
    credential,
    signedHeaders,
    signature,
    amzDate: get('X-Amz-Date'),
    payloadHash: get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
    query: query.filter(([key]) => key !== 'X-Amz-Signature'),
    expiresSeconds: Number(expires),
  };
}

function checkTime(signature: Signature, now: number): Verdict | undefined {
  const signedAt = parseAmzDate(signature.amzDate);
  if (Number.isNaN(signedAt)) return deny('A valid X-Amz-Date is required');
  if (signedAt - now > MAX_CLOCK_SKEW_MS) return deny('The request is dated in the future');
  if (signature.expiresSeconds === undefined) {
    if (now - signedAt > MAX_CLOCK_SKEW_MS) return deny('The request time is too far from the current time');
  } else if (signature.expiresSeconds > MAX_PRESIGNED_SECONDS || now > signedAt + signature.expiresSeconds * 1000) {
    return deny('The pre-signed URL has expired');
  }
  return undefined;
}

export function verifySigV4(request: SignedRequest, credentials: Credentials, now = Date.now()): Verdict {
  const at = request.url.indexOf('?');
  const path = at < 0 ? request.url : request.url.slice(0, at);
  const query = parseQuery(at < 0 ? '' : request.url.slice(at + 1));
  if (!query) return deny('The query string is not validly encoded');

  const authorization = headerValue(request.headers, 'authorization');
  const presigned = query.some(([key]) => key === 'X-Amz-Algorithm' || key === 'Signature');
  if (!authorization && !presigned) return deny('Anonymous access is refused: sign the request');
  if (authorization && presigned) return deny('Only one authentication mechanism is allowed');
  const parsed = authorization ? fromHeader(authorization, request.headers, query) : fromQuery(query);
  if ('ok' in parsed) return parsed;

  const [accessKeyId, day, region, service, terminator, ...rest] = parsed.credential.split('/');
  if (accessKeyId !== credentials.accessKeyId || terminator !== 'aws4_request' || rest.length > 0 || !region || !service) {
    return deny('The credential is not one this endpoint knows');
  }
  if (!parsed.amzDate?.startsWith(day)) return deny('The credential date does not match X-Amz-Date');
  const late = checkTime(parsed, now);
  if (late) return late;

  const signedHeaderNames = parsed.signedHeaders.split(';');
  if (!signedHeaderNames.includes('host')) return deny('The host header must be signed');
  const canonicalHeaders = signedHeaderNames.map((name) => `${name}:${headerValue(request.headers, name) ?? ''}\n`).join('');
  const canonicalQuery = parsed.query
    .map(([key, value]) => [escape(key), escape(value)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalRequest = [request.method, path, canonicalQuery, canonicalHeaders, parsed.signedHeaders, parsed.payloadHash].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, parsed.amzDate, scope, sha256(canonicalRequest)].join('\n');
  const signingKey = [day, region, service, 'aws4_request'].reduce<Buffer | string>(
    (key, part) => hmac(key, part),
    `AWS4${credentials.secretAccessKey}`,
  );
  const expected = hmac(signingKey, stringToSign);
  const given = /^[0-9a-f]{64}$/.test(parsed.signature) ? Buffer.from(parsed.signature, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true } : mismatch();
}
