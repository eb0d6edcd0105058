import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainException, badRequest } from '../common/errors/domain-exception.js';
import { assertValidMultipartNames } from '../common/http/input-characters.js';

/**
 * Reads the one file of a multipart/form-data request into memory (imports are small; the size limit set in
 * app.factory.ts answers 413 above it). Not multipart → 415; no file in `field` → 400.
 */
export async function readUploadedFile(request: FastifyRequest, field = 'file'): Promise<{ filename: string; content: Buffer }> {
  const multipart = request as FastifyRequest & { isMultipart(): boolean; file(): Promise<MultipartFile | undefined> };
  if (!multipart.isMultipart()) {
    throw new DomainException('unsupported_media_type', 415, `Send the file as multipart/form-data in the field "${field}"`);
  }
  const file = await multipart.file();
  if (!file || file.fieldname !== field) {
    if (file) file.file.resume();
    throw badRequest('file_missing', `Send the file as multipart/form-data in the field "${field}"`);
  }
  assertValidMultipartNames(file);
  return { filename: file.filename, content: await file.toBuffer() };
}
