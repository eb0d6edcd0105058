import { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from '../config/app-config.js';

export const S3_CLIENT = Symbol('S3_CLIENT');

export function createS3Client(s3: AppConfig['s3']): S3Client {
  return new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: s3.forcePathStyle,
    credentials:
      s3.accessKeyId && s3.secretAccessKey
        ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
        : undefined,
    // Flexible checksums corrupt streamed uploads to some S3-compatible servers; we hash the content ourselves.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}
