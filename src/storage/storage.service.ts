import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MultipartWriter, PartBufferPool } from './multipart-writer.js';
import { createS3Client, S3_CLIENT } from './s3-client.factory.js';

export interface StoredObject {
  key: string;
  size: number;
  sha256: string;
  versionId: string | null;
  /** The ETag storage gave the object (quotes removed); null when it gave none. */
  etag: string | null;
}

/** What storage says about a stored object (HEAD, or a GET's headers). `size` is the whole object's. */
export interface ObjectInfo {
  size: number;
  etag: string | null;
  versionId: string | null;
}

/** An inclusive byte range of an object. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface UploadOptions {
  contentType?: string;
  /** Larger bodies are cut off with ObjectTooLargeError and nothing is kept. */
  maxBytes: number;
  metadata?: Record<string, string>;
  /** Aborting stops the upload (its multipart upload is aborted) with the signal's reason, also just before completion. */
  signal?: AbortSignal;
}

export interface PendingMultipartUpload {
  key: string;
  uploadId: string;
  initiated: Date | null;
}

export class ObjectTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The content exceeds the limit of ${maxBytes} bytes`);
    this.name = 'ObjectTooLargeError';
  }
}

/** The source stream ended before its end (the client disconnected mid-upload). Nothing is kept. */
export class UploadAbortedError extends Error {
  constructor(cause?: unknown) {
    super('The upload was interrupted before the content was complete', { cause });
    this.name = 'UploadAbortedError';
  }
}

export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Object storage failed: ${(cause as Error)?.message ?? cause}`);
    this.name = 'StorageUnavailableError';
  }
}

const PART_SIZE = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;

const storageFailure = (error: unknown): never => {
  throw error instanceof StorageUnavailableError ? error : new StorageUnavailableError(error);
};

const withoutQuotes = (etag: string | undefined): string | null => (etag ? etag.replace(/"/g, '') : null);

/** The whole object's size from `Content-Range: bytes a-b/size`. */
const totalSize = (contentRange: string | undefined, fallback: number | undefined): number => {
  const total = contentRange?.match(/\/(\d+)$/)?.[1];
  return total !== undefined ? Number(total) : (fallback ?? 0);
};

export async function hashStream(stream: AsyncIterable<unknown>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Hands every chunk of `source` to `handle`, pausing the source while the promise `handle` returns is pending
 * (backpressure). Rejects with what `handle` throws, or UploadAbortedError when the source errors or closes before
 * its end (a client that disconnects may surface as 'aborted', 'error' or only 'close', depending on when). The
 * source is left paused, never destroyed, so that an HTTP response can still be sent on its connection.
 */
function consume(source: Readable, handle: (chunk: Buffer) => Promise<unknown> | undefined, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const onSignal = () => settle(signal!.reason);
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onSignal);
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onAbort);
      source.off('aborted', onAbort);
      source.off('close', onClose);
      if (error === undefined) return resolve();
      source.pause();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      if (settled) return;
      let waiting: Promise<unknown> | undefined;
      try {
        waiting = handle(chunk);
      } catch (error) {
        return settle(error);
      }
      if (!waiting) return;
      source.pause();
      waiting.then(() => settled || source.resume(), settle);
    };
    const onEnd = () => settle();
    const onAbort = (cause?: unknown) => settle(new UploadAbortedError(cause));
    const onClose = () => source.readableEnded || onAbort();
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', onAbort);
    source.once('aborted', onAbort);
    source.once('close', onClose);
    if (signal?.aborted) return onSignal();
    signal?.addEventListener('abort', onSignal, { once: true });
  });
}

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266/5987): quotes, backslashes,
 * control and non-ASCII characters cannot break the header, and browsers still get the real name.
 */
export function attachmentDisposition(fileName?: string): string {
  if (!fileName) return 'attachment';
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Every object-storage operation of the service: one S3 code path for MinIO, AWS and the embedded endpoint. */
@Injectable()
export class StorageService {
  private readonly logger = new Logger(StorageService.name);
  readonly bucket: string;
  /** Signs download URLs for the address clients use, which may differ from the one the service uses. */
  private readonly presigner: S3Client;
  /** Enough for one upload's parts in flight and the one filling, kept between uploads. */
  private readonly partBuffers = new PartBufferPool(PART_SIZE, PARTS_IN_FLIGHT + 1);

  constructor(
    @Inject(S3_CLIENT) private readonly s3: S3Client,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.bucket = config.s3.bucket;
    this.presigner = config.s3.publicEndpoint
      ? createS3Client({ ...config.s3, endpoint: config.s3.publicEndpoint })
      : s3;
  }

  /**
   * Streams `source` to S3 (multipart when large) while computing SHA-256 and size in the same pass; memory stays
   * at a few parts whatever the size. On any failure the multipart upload is aborted (a failed abort is logged: the
   * stale-upload cleanup or a bucket lifecycle rule removes it later) and the cause rethrown: ObjectTooLargeError,
   * UploadAbortedError (the source ended early: client disconnect) or StorageUnavailableError.
   */
  async uploadStream(key: string, source: Readable, options: UploadOptions): Promise<StoredObject> {
    // A source that already went away before we got to it would otherwise never end the upload.
    if (source.destroyed && !source.readableEnded) throw new UploadAbortedError(source.errored ?? undefined);
    const hash = createHash('sha256');
    let size = 0;
    const writer = new MultipartWriter(
      this.s3,
      this.partBuffers,
      { bucket: this.bucket, key, contentType: options.contentType ?? 'application/octet-stream', metadata: options.metadata },
      PARTS_IN_FLIGHT,
    );
    try {
      await consume(
        source,
        (chunk) => {
          size += chunk.length;
          if (size > options.maxBytes) throw new ObjectTooLargeError(options.maxBytes);
          hash.update(chunk);
          try {
            return writer.write(chunk)?.catch(storageFailure);
          } catch (error) {
            return storageFailure(error);
          }
        },
        options.signal,
      );
      options.signal?.throwIfAborted();
      const { versionId, etag } = await writer.finish().catch(storageFailure);
      return { key, size, sha256: hash.digest('hex'), versionId, etag: withoutQuotes(etag ?? undefined) };
    } catch (error) {
      await writer.settle();
      await this.abortMultipartUpload(key, writer.uploadId);
      const known = error instanceof ObjectTooLargeError || error instanceof UploadAbortedError || error instanceof StorageUnavailableError;
      if (known || (options.signal?.aborted && error === options.signal.reason)) {
        throw error;
      }
      throw new StorageUnavailableError(error);
    }
  }

  private async abortMultipartUpload(key: string, uploadId: string | undefined): Promise<void> {
    if (!uploadId) return;
    try {
      await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (error) {
      this.logger.warn(
        `Could not abort multipart upload ${uploadId} of ${key} (${(error as Error).name}: ${(error as Error).message}); ` +
          'the stale-upload cleanup will retry',
      );
    }
  }

  async putBuffer(key: string, body: Buffer, contentType: string): Promise<StoredObject> {
    try {
      const result = await this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
      );
      return {
        key,
        size: body.length,
        sha256: createHash('sha256').update(body).digest('hex'),
        versionId: result.VersionId ?? null,
        etag: withoutQuotes(result.ETag),
      };
    } catch (error) {
      throw new StorageUnavailableError(error);
    }
  }

  async getStream(key: string, versionId?: string | null): Promise<Readable> {
    return (await this.open(key, { versionId })).stream;
  }

  /**
   * A GET of the object (or of one byte range of it) with what storage says about the whole object, so that the
   * caller can check its identity before passing on a byte. The stream must be consumed or destroyed.
   */
  async open(key: string, options: { versionId?: string | null; range?: ByteRange } = {}): Promise<{ stream: Readable; info: ObjectInfo }> {
    const { range } = options;
    const result = await this.s3.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        VersionId: options.versionId ?? undefined,
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }),
    );
    return {
      stream: result.Body as Readable,
      info: {
        size: range ? totalSize(result.ContentRange, undefined) : (result.ContentLength ?? 0),
        etag: withoutQuotes(result.ETag),
        versionId: result.VersionId ?? null,
      },
    };
  }

  async head(key: string, versionId?: string | null): Promise<ObjectInfo> {
    const result = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId ?? undefined }));
    return { size: result.ContentLength ?? 0, etag: withoutQuotes(result.ETag), versionId: result.VersionId ?? null };
  }

  /** Re-reads the stored object and returns its SHA-256 and size, streaming. */
  async hashObject(key: string, versionId?: string | null): Promise<{ sha256: string; size: number }> {
    return hashStream(await this.getStream(key, versionId));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }

  async delete(key: string, versionId?: string | null): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId ?? undefined }));
  }

  /**
   * Removes every version of `key` (and its delete markers) on a versioned bucket, or the object on an unversioned
   * one, where a plain delete would only hide the data behind a delete marker. Returns how many versions went.
   */
  async deleteEveryVersion(key: string): Promise<number> {
    let listed;
    try {
      listed = await this.s3.send(new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: key }));
    } catch (error) {
      // An endpoint without versioning (the embedded one answers 405 to ?versions) has one object to delete.
      if (!['NotImplemented', 'MethodNotAllowed'].includes((error as { name?: string }).name ?? '')) throw error;
      listed = {};
    }
    const versions = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].filter(
      (version) => version.Key === key && version.VersionId && version.VersionId !== 'null',
    );
    if (versions.length === 0) {
      await this.delete(key);
      return 0;
    }
    for (const version of versions) await this.delete(key, version.VersionId);
    return versions.length;
  }

  /** A GET URL valid for `expiresInSeconds`; pins the object version when one is given (versioned buckets). */
  presignDownload(
    key: string,
    options: { expiresInSeconds: number; fileName?: string; versionId?: string | null },
  ): Promise<string> {
    return getSignedUrl(
      this.presigner,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        VersionId: options.versionId ?? undefined,
        ResponseContentDisposition: attachmentDisposition(options.fileName),
      }),
      { expiresIn: options.expiresInSeconds },
    );
  }

  /** Throws when the bucket cannot be reached; used by readiness. */
  async checkReachable(timeoutMs = 2000): Promise<void> {
    await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: AbortSignal.timeout(timeoutMs) });
  }

  async ensureBucket(): Promise<void> {
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch {
      await this.s3.send(new CreateBucketCommand({ Bucket: this.bucket }));
      this.logger.log(`Created bucket ${this.bucket}`);
    }
  }

  /**
   * The multipart uploads under `prefix` not yet completed or aborted, or null when the endpoint cannot list them
   * (the embedded endpoint; a bucket lifecycle rule covers those).
   */
  async listMultipartUploads(prefix: string): Promise<PendingMultipartUpload[] | null> {
    const uploads: PendingMultipartUpload[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    // A listing holds at most 1000 uploads: follow the markers until the end.
    for (;;) {
      let listed;
      try {
        listed = await this.s3.send(
          new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
        );
      } catch (error) {
        if (['NotImplemented', 'MethodNotAllowed'].includes((error as { name?: string }).name ?? '')) return null;
        throw error;
      }
      for (const upload of listed.Uploads ?? []) {
        if (upload.Key && upload.UploadId) uploads.push({ key: upload.Key, uploadId: upload.UploadId, initiated: upload.Initiated ?? null });
      }
      if (!listed.IsTruncated || (!listed.NextKeyMarker && !listed.NextUploadIdMarker)) return uploads;
      keyMarker = listed.NextKeyMarker;
      uploadIdMarker = listed.NextUploadIdMarker;
    }
  }

  async abortMultipartUploadById(key: string, uploadId: string): Promise<void> {
    await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
  }

  /**
   * Everything stored under exactly `key`: every version (or the object) and every unfinished multipart upload. For
   * the leftovers of an upload attempt that never made the item available. Returns what went (null: not listable).
   */
  async removeEverythingAt(key: string): Promise<{ versionsDeleted: number; multipartUploadsAborted: number | null }> {
    const pending = await this.listMultipartUploads(key);
    let multipartUploadsAborted: number | null = null;
    if (pending) {
      multipartUploadsAborted = 0;
      for (const upload of pending.filter((u) => u.key === key)) {
        await this.abortMultipartUploadById(key, upload.uploadId);
        multipartUploadsAborted += 1;
      }
    }
    return { versionsDeleted: await this.deleteEveryVersion(key), multipartUploadsAborted };
  }
}
