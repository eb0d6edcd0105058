import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import { type Credentials, verifySigV4 } from './sigv4.js';

export interface EmbeddedS3 {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

export const EMBEDDED_S3_WARNING =
  'Embedded S3 endpoint (s3rver): for development and demos, not for production — no versioning, no object lock, ' +
  'objects as plain files under DATA_DIR/s3; it listens on 127.0.0.1 only and refuses requests not signed with ' +
  "this process's own credentials. Set S3_ENDPOINT/S3_BUCKET for real object storage.";

/** s3rver knows one account; its V4 "check" is only that the key id exists, so the id stays and the secret is ours. */
const ACCESS_KEY_ID = 'S3RVER';

function refuse(response: ServerResponse, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  response.writeHead(403, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/**
 * A real S3 HTTP endpoint (s3rver) on 127.0.0.1, storing objects under `directory`. s3rver verifies no V4 signature
 * and serves anonymous requests, so every request first passes a SigV4 check against credentials only this process
 * knows (a fresh secret per start unless one is given): unsigned, altered or expired requests get 403.
 */
export async function startEmbeddedS3(options: {
  directory: string;
  port?: number;
  bucket: string;
  secretAccessKey?: string;
}): Promise<EmbeddedS3> {
  mkdirSync(options.directory, { recursive: true });
  const s3rver = new S3rver({
    directory: options.directory,
    silent: true,
    resetOnClose: false,
    configureBuckets: [{ name: options.bucket, configs: [] }],
  });
  await s3rver.configureBuckets();
  const credentials: Credentials = {
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: options.secretAccessKey ?? randomBytes(32).toString('base64url'),
  };
  const handle = s3rver.callback();
  const server = createServer((request, response) => {
    // CORS preflights carry no credentials and reach no object.
    const verdict = request.method === 'OPTIONS' ? { ok: true as const } : verifySigV4({ method: request.method ?? '', url: request.url ?? '', headers: request.headers }, credentials);
    if (verdict.ok) return void handle(request, response);
    request.resume();
    refuse(response, verdict.code, verdict.message);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    ...credentials,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
