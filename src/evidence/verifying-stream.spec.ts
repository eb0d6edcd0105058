import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ContentMismatchError, verifyingStream } from './verifying-stream.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const chunks = (data: Buffer, size: number) => Readable.from(Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.subarray(i * size, (i + 1) * size)));

async function drain(stream: Readable): Promise<{ received: Buffer; error: unknown }> {
  const parts: Buffer[] = [];
  try {
    for await (const chunk of stream) parts.push(chunk as Buffer);
    return { received: Buffer.concat(parts), error: null };
  } catch (error) {
    return { received: Buffer.concat(parts), error };
  }
}

describe('verifyingStream', () => {
  const data = Buffer.from('0123456789'.repeat(100));

  it('passes matching content on whole', async () => {
    let mismatches = 0;
    const onMismatch = async () => void (mismatches += 1);
    const { received, error } = await drain(verifyingStream(chunks(data, 64), { sha256: sha256(data), size: data.length }, onMismatch));
    expect(error).toBeNull();
    expect(received.equals(data)).toBe(true);
    expect(mismatches).toBe(0);
  });

  it('fails different content after the mismatch is handled, without its last chunk', async () => {
    const altered = Buffer.from(data);
    altered[0] = 0x41;
    const seen: string[] = [];
    const { received, error } = await drain(
      verifyingStream(chunks(altered, 64), { sha256: sha256(data), size: data.length }, async (actual) => {
        seen.push(actual.sha256);
      }),
    );
    expect(error).toBeInstanceOf(ContentMismatchError);
    expect(seen).toEqual([sha256(altered)]);
    expect(received.length).toBeLessThan(data.length);
    expect(received.length).toBe(data.length - (data.length % 64 || 64));
  });

  it('fails a short object even when the mismatch handler fails', async () => {
    const { error } = await drain(
      verifyingStream(chunks(data.subarray(0, 10), 4), { sha256: sha256(data), size: data.length }, async () => {
        throw new Error('database down');
      }),
    );
    expect(error).toBeInstanceOf(ContentMismatchError);
  });
});
