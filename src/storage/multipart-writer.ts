import {
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

/**
 * Part-sized buffers kept for reuse between parts and uploads. Allocating a fresh 8 MiB buffer per part (as
 * lib-storage does) costs page faults on first touch and, being external memory, a full GC every few parts:
 * measured at about a quarter of the service's CPU per uploaded GiB (bench/upload.bench.ts).
 */
export class PartBufferPool {
  private readonly free: Buffer[] = [];

  constructor(
    readonly partSize: number,
    private readonly keep: number,
  ) {}

  acquire(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.partSize);
  }

  release(buffer: Buffer): void {
    if (this.free.length < this.keep) this.free.push(buffer);
  }
}

export interface ObjectTarget {
  bucket: string;
  key: string;
  contentType: string;
  metadata?: Record<string, string>;
}

/**
 * Writes a stream of chunks to one S3 object: a single PutObject when it fits in one part, otherwise a multipart
 * upload with up to `concurrency` parts in flight. `write` copies the chunk into the current part and returns a
 * promise when the caller must wait for a part to finish before writing more (backpressure). The first S3 failure
 * is thrown by the next `write` or by `finish`; after any failure call `settle` (parts in flight finish and their
 * buffers return to the pool) and abort `uploadId` if set.
 */
export class MultipartWriter {
  uploadId: string | undefined;
  private current: Buffer | null = null;
  private filled = 0;
  private nextPartNumber = 1;
  private created: Promise<string> | null = null;
  private readonly completed: CompletedPart[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly client: S3Client,
    private readonly pool: PartBufferPool,
    private readonly target: ObjectTarget,
    private readonly concurrency: number,
  ) {}

  write(chunk: Buffer): Promise<void> | undefined {
    this.throwIfFailed();
    let offset = 0;
    while (offset < chunk.length) {
      this.current ??= this.pool.acquire();
      const copied = chunk.copy(this.current, this.filled, offset);
      this.filled += copied;
      offset += copied;
      if (this.filled === this.current.length) this.sendPart();
    }
    return this.inFlight.size >= this.concurrency ? this.slotFree() : undefined;
  }

  /** Sends what is left and completes the object; returns its ETag and version id (null on unversioned buckets). */
  async finish(): Promise<{ versionId: string | null; etag: string | null }> {
    this.throwIfFailed();
    if (this.nextPartNumber === 1) {
      const { bucket, key, contentType, metadata } = this.target;
      try {
        const result = await this.client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: this.current ? this.current.subarray(0, this.filled) : Buffer.alloc(0),
            ContentLength: this.filled,
            ContentType: contentType,
            Metadata: metadata,
          }),
        );
        return { versionId: result.VersionId ?? null, etag: result.ETag ?? null };
      } finally {
        this.releaseCurrent();
      }
    }
    if (this.filled > 0) this.sendPart();
    await this.settle();
    this.throwIfFailed();
    const parts = [...this.completed].sort((a, b) => a.PartNumber! - b.PartNumber!);
    const result = await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.target.bucket,
        Key: this.target.key,
        UploadId: this.uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    return { versionId: result.VersionId ?? null, etag: result.ETag ?? null };
  }

  /** Waits until no part is in flight and gives every buffer back. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    this.releaseCurrent();
  }

  private async slotFree(): Promise<void> {
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    this.throwIfFailed();
  }

  private sendPart(): void {
    const buffer = this.current!;
    const length = this.filled;
    const partNumber = this.nextPartNumber++;
    this.current = null;
    this.filled = 0;
    const sent: Promise<void> = this.multipartUploadId()
      .then((uploadId) =>
        this.client.send(
          new UploadPartCommand({
            Bucket: this.target.bucket,
            Key: this.target.key,
            UploadId: uploadId,
            PartNumber: partNumber,
            Body: buffer.subarray(0, length),
            ContentLength: length,
          }),
        ),
      )
      .then(
        (result) => void this.completed.push({ PartNumber: partNumber, ETag: result.ETag }),
        (error: unknown) => void (this.failure ??= { error }),
      )
      .finally(() => {
        // Only now is the SDK done with the buffer (retries included).
        this.pool.release(buffer);
        this.inFlight.delete(sent);
      });
    this.inFlight.add(sent);
  }

  private multipartUploadId(): Promise<string> {
    const { bucket, key, contentType, metadata } = this.target;
    this.created ??= this.client
      .send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType, Metadata: metadata }))
      .then((result) => (this.uploadId = result.UploadId!));
    return this.created;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  private releaseCurrent(): void {
    if (this.current) this.pool.release(this.current);
    this.current = null;
    this.filled = 0;
  }
}
