import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { type Readable, Transform } from 'node:stream';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { createS3Client, S3_CLIENT } from './s3-client.factory.js';

export interface StoredObject {
  key: string;
  size: number;
  sha256: string;
  versionId: string | null;
}

export interface UploadOptions {
  contentType?: string;
  /** Larger bodies are cut off with ObjectTooLargeError and nothing is kept. */
  maxBytes: number;
  metadata?: Record<string, string>;
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
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > options.maxBytes) return callback(new ObjectTooLargeError(options.maxBytes));
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const fail = (error?: Error) => {
      if (!meter.destroyed) meter.destroy(new UploadAbortedError(error));
    };
    // A client that disconnects may surface as 'aborted', 'error' or only 'close' before 'end', depending on when.
    const closedEarly = () => {
      if (!source.readableEnded) fail();
    };
    source.once('error', fail);
    source.once('aborted', fail);
    source.once('close', closedEarly);
    source.pipe(meter);

    const upload = new Upload({
      client: this.s3,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: meter,
        ContentType: options.contentType ?? 'application/octet-stream',
        Metadata: options.metadata,
      },
      partSize: PART_SIZE,
      queueSize: 4,
      // We abort ourselves: lib-storage's own abort replaces the original error with the abort's when that fails.
      leavePartsOnError: true,
    });
    try {
      const result = await upload.done();
      return { key, size, sha256: hash.digest('hex'), versionId: result.VersionId ?? null };
    } catch (error) {
      source.unpipe(meter);
      if (!meter.destroyed) meter.destroy();
      await this.abortMultipartUpload(key, upload.uploadId);
      const cause = meter.errored ?? error;
      if (cause instanceof ObjectTooLargeError || cause instanceof UploadAbortedError) throw cause;
      throw new StorageUnavailableError(error);
    } finally {
      source.off('error', fail);
      source.off('aborted', fail);
      source.off('close', closedEarly);
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
      };
    } catch (error) {
      throw new StorageUnavailableError(error);
    }
  }

  async getStream(key: string, versionId?: string | null): Promise<Readable> {
    const result = await this.s3.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId ?? undefined }),
    );
    return result.Body as Readable;
  }

  /** Re-reads the stored object and returns its SHA-256 and size, streaming. */
  async hashObject(key: string, versionId?: string | null): Promise<{ sha256: string; size: number }> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of await this.getStream(key, versionId)) {
      size += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
    return { sha256: hash.digest('hex'), size };
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
   * Aborts multipart uploads under `prefix` started before `olderThan`. Returns how many were aborted, or null when
   * the endpoint cannot list multipart uploads (the embedded endpoint); a bucket lifecycle rule covers those.
   */
  async abortStaleMultipartUploads(prefix: string, olderThan: Date): Promise<number | null> {
    let aborted = 0;
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
        if ((error as { name?: string }).name === 'NotImplemented') return null;
        throw error;
      }
      for (const upload of listed.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || !upload.Initiated || upload.Initiated >= olderThan) continue;
        await this.s3.send(
          new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId }),
        );
        aborted += 1;
      }
      if (!listed.IsTruncated || (!listed.NextKeyMarker && !listed.NextUploadIdMarker)) return aborted;
      keyMarker = listed.NextKeyMarker;
      uploadIdMarker = listed.NextUploadIdMarker;
    }
  }
}
