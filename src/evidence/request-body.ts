import type { IncomingMessage } from 'node:http';


const DRAIN_MAX_MS = 15_000;
const DRAIN_MAX_BYTES = 256 * 1024 * 1024;

/**
 * After an upload fails early (too large, storage down) the client is usually still sending. Reading and discarding
 * the rest for a bounded time/size lets it receive the error response instead of a connection reset; past the bound
 * the connection is dropped.
 */
export function discardRemainingBody(raw: IncomingMessage): void {
  if (raw.complete || raw.readableEnded || raw.destroyed) return;
  let discarded = 0;
  const timer = setTimeout(() => raw.destroy(), DRAIN_MAX_MS);
  timer.unref();
  const onData = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DRAIN_MAX_BYTES) raw.destroy();
  };
  raw.on('data', onData);
  raw.once('close', () => {
    clearTimeout(timer);
    raw.off('data', onData);
  });
  raw.on('error', () => undefined);
  raw.resume();
}

/** `Content-Length` as a number, or null when absent (chunked) or malformed. */
export function declaredLength(raw: IncomingMessage): number | null {
  const header = raw.headers['content-length'];
  return typeof header === 'string' && /^\d{1,16}$/.test(header) ? Number(header) : null;
}
