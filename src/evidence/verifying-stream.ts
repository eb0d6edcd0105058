import { createHash } from 'node:crypto';
import { pipeline, type Readable, Transform } from 'node:stream';

export class ContentMismatchError extends Error {
  constructor(readonly actual: { sha256: string; size: number }) {
    super(`The content sent does not match the recorded SHA-256 (sent ${actual.sha256}, ${actual.size} bytes)`);
    this.name = 'ContentMismatchError';
  }
}

/**
 * Passes `source` on while hashing it, holding back the last chunk until the whole content is hashed: if the digest
 * or size differs from `expected`, `onMismatch` runs and the stream fails without its last chunk, so that the
 * receiver sees a broken transfer (short of its Content-Length), never a complete one.
 */
export function verifyingStream(
  source: Readable,
  expected: { sha256: string; size: number },
  onMismatch: (actual: { sha256: string; size: number }) => Promise<void>,
): Readable {
  const hash = createHash('sha256');
  let size = 0;
  let held: Buffer | null = null;
  const verifier = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      const ready = held;
      held = chunk;
      callback(null, ready ?? undefined);
    },
    flush(callback) {
      const actual = { sha256: hash.digest('hex'), size };
      if (actual.sha256 === expected.sha256 && actual.size === expected.size) return callback(null, held ?? undefined);
      const fail = () => callback(new ContentMismatchError(actual));
      onMismatch(actual).then(fail, fail);
    },
  });
  // Either side failing (storage, or the client going away) tears down both.
  return pipeline(source, verifier, () => undefined);
}
