import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { EMBEDDED_S3_WARNING, startEmbeddedS3 } from './embedded-s3.js';

export interface Infrastructure {
  config: AppConfig;
  /** What an operator must be told at start (the banner and the log carry them). */
  warnings: string[];
  stop(): Promise<void>;
}

/**
 * Starts whatever the configuration leaves embedded (PGlite, the S3 endpoint) under DATA_DIR and returns the
 * config pointing at them. From here on the app reaches them through the same pg and S3 clients as real servers.
 */
export async function startInfrastructure(config: AppConfig): Promise<Infrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const warnings: string[] = [];
  const resolved: AppConfig = structuredClone(config);
  if (config.database.embedded || config.s3.embedded) mkdirSync(config.dataDir, { recursive: true });

  if (config.database.embedded) {
    const postgres = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pg') });
    resolved.database.url = postgres.url;
    stops.push(postgres.stop);
  }
  if (config.s3.embedded) {
    const s3 = await startEmbeddedS3({ directory: join(config.dataDir, 's3'), bucket: config.s3.bucket });
    Object.assign(resolved.s3, {
      endpoint: s3.endpoint,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      forcePathStyle: true,
    });
    stops.push(s3.stop);
    warnings.push(EMBEDDED_S3_WARNING);
  }
  resolved.auth.jwtSecret ??= persistentSecret(config.dataDir);
  return {
    config: resolved,
    warnings,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}

/** Embedded mode keeps a generated signing secret under DATA_DIR so tokens survive a restart. */
function persistentSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
