import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { badRequest, DomainException } from '../common/errors/domain-exception.js';
import { assertValidMultipartNames } from '../common/http/input-characters.js';

const HEAD_BYTES = 8 * 1024;

/** An uploaded file spooled to a private temporary file, measured as it arrived. */
export interface ReceivedFile {
  path: string;
  fileName: string;
  size: number;
  sha256: string;
  /** The first bytes, for content sniffing. */
  head: Buffer;
  /** Whether the whole file is valid UTF-8 (otherwise read as Windows-1252). */
  utf8: boolean;
  cleanup(): Promise<void>;
}

export const fileTooLarge = (maxBytes: number) =>
  new DomainException('file_too_large', 413, `The file is larger than the limit of ${maxBytes} bytes`, { maxBytes });

/**
 * Reads the multipart field `file` to a temporary file while hashing it, so memory stays flat whatever the size and
 * the file can be parsed and then stored without holding it in memory.
 */
export async function receiveUpload(request: FastifyRequest, maxBytes: number): Promise<ReceivedFile> {
  const multipart = request as FastifyRequest & {
    isMultipart(): boolean;
    file(options?: { limits?: { fileSize?: number } }): Promise<MultipartFile | undefined>;
  };
  if (!multipart.isMultipart()) {
    throw new DomainException(
      'multipart_required',
      415,
      "Upload the report as multipart/form-data with the file in the field 'file'",
    );
  }
  let part: MultipartFile | undefined;
  try {
    part = await multipart.file({ limits: { fileSize: maxBytes } });
  } catch (error) {
    throw badRequest('invalid_multipart', `The multipart body cannot be read: ${(error as Error).message}`);
  }
  if (!part) throw badRequest('file_required', "The multipart body has no file; send it in the field 'file'");
  if (part.fieldname !== 'file') {
    part.file.resume();
    throw badRequest('file_required', `Send the report in the multipart field 'file', not '${part.fieldname}'`);
  }
  assertValidMultipartNames(part);

  const directory = await mkdtemp(join(tmpdir(), 'kyndi-import-'));
  const cleanup = () => rm(directory, { recursive: true, force: true });
  const path = join(directory, 'upload');
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const heads: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  let utf8 = true;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) return callback(fileTooLarge(maxBytes));
      hash.update(chunk);
      if (headLength < HEAD_BYTES) {
        heads.push(chunk.subarray(0, HEAD_BYTES - headLength));
        headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
      }
      if (utf8) utf8 = decodes(() => decoder.decode(chunk, { stream: true }));
      callback(null, chunk);
    },
  });
  try {
    await pipeline(part.file, meter, createWriteStream(path, { mode: 0o600 }));
    if (utf8) utf8 = decodes(() => decoder.decode());
  } catch (error) {
    await cleanup();
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(maxBytes);
    throw error;
  }
  if (part.file.truncated) {
    await cleanup();
    throw fileTooLarge(maxBytes);
  }
  return {
    path,
    fileName: part.filename || 'upload',
    size,
    sha256: hash.digest('hex'),
    head: Buffer.concat(heads),
    utf8,
    cleanup,
  };
}

function decodes(step: () => unknown): boolean {
  try {
    step();
    return true;
  } catch {
    return false;
  }
}
