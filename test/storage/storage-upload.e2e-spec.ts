import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { ObjectTooLargeError, StorageService } from '../../src/storage/storage.service.js';
import { TestApp } from '../support/test-app.js';

const MiB = 1024 * 1024;
const PART = 8 * MiB;

const bytes = (size: number): Buffer => randomBytes(size);
function chunked(buffer: Buffer, chunkSize: number): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < buffer.length; offset += chunkSize) chunks.push(buffer.subarray(offset, offset + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}
const sha256 = (buffer: Buffer) => createHash('sha256').update(buffer).digest('hex');

describe('streamed upload to S3 (single put or multipart, SHA-256 in the same pass)', () => {
  let app: TestApp;
  let storage: StorageService;
  beforeAll(async () => {
    app = await TestApp.start();
    storage = app.app.get(StorageService);
  });
  afterAll(() => app.close());

  it.each([
    ['empty', 0, 64 * 1024],
    ['smaller than a part', 3 * MiB + 17, 64 * 1024],
    ['exactly one part', PART, 1000 * 1000],
    ['one part and a byte', PART + 1, 64 * 1024],
    ['several parts with a remainder, odd chunks', 2 * PART + 12345, 777_777],
    ['exactly two parts, one chunk each', 2 * PART, PART],
  ])('stores %s intact (%d bytes)', async (_name, size, chunkSize) => {
    const content = bytes(size);
    const key = `test/storage/${size}-${chunkSize}`;
    const stored = await storage.uploadStream(key, chunked(content, chunkSize), { maxBytes: 100 * MiB });
    expect(stored).toMatchObject({ key, size, sha256: sha256(content) });
    expect(await storage.hashObject(key)).toEqual({ sha256: sha256(content), size });
  });

  it('uploads several objects at once without mixing their parts (part buffers are shared)', async () => {
    const contents = [1, 2, 3].map((seed) => bytes(PART + seed * 1000));
    const results = await Promise.all(
      contents.map((content, i) => storage.uploadStream(`test/storage/parallel-${i}`, chunked(content, 300_000), { maxBytes: 100 * MiB })),
    );
    for (const [i, content] of contents.entries()) {
      expect(results[i].sha256).toBe(sha256(content));
      expect((await storage.hashObject(`test/storage/parallel-${i}`)).sha256).toBe(sha256(content));
    }
  });

  it('stops at the size limit in the middle of a multipart upload and keeps nothing', async () => {
    const key = 'test/storage/too-large';
    const upload = storage.uploadStream(key, chunked(bytes(2 * PART), MiB), { maxBytes: PART + 10 });
    await expect(upload).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(await storage.exists(key)).toBe(false);
  });
});
