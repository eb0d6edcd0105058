import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { resolve } from 'node:path';
import type { AppConfig } from './app-config.js';
import { EnvironmentVariables } from './environment-variables.js';
import { parseTrustProxy } from './trust-proxy.js';

export const DEMO_ADMIN = { email: 'admin@council.example', password: 'Admin-Passw0rd!' };
const GiB = 1024 ** 3;

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
}

/** Validates the environment and builds the typed config; throws ConfigurationError naming every bad variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = plainToInstance(EnvironmentVariables, { ...environment }, { exposeDefaultValues: true });
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  const problems = [
    ...describe(validateSync(env, { whitelist: false, forbidUnknownValues: false })),
    ...('problem' in trustProxy ? [trustProxy.problem] : []),
    ...objectStorageProblems(env),
  ];
  if (problems.length > 0 || 'problem' in trustProxy) throw new ConfigurationError(problems);

  const embeddedDatabase = !env.DATABASE_URL && !env.DB_HOST;
  const embeddedS3 = !env.S3_BUCKET && !env.S3_ENDPOINT;
  const dataDir = resolve(env.DATA_DIR ?? './.data');
  const demoData = env.DEMO_DATA ?? embeddedDatabase;
  const admin = env.ADMIN_EMAIL
    ? { email: env.ADMIN_EMAIL.toLowerCase(), password: env.ADMIN_PASSWORD! }
    : demoData
      ? DEMO_ADMIN
      : undefined;

  return {
    port: env.PORT ?? 3000,
    host: env.HOST ?? '0.0.0.0',
    trustProxy: trustProxy.value,
    dataDir,
    logLevel: env.LOG_LEVEL ?? 'info',
    database: {
      embedded: embeddedDatabase,
      url: env.DATABASE_URL ?? (env.DB_HOST ? databaseUrlFromParts(env) : undefined),
      // PGlite runs one session: one connection keeps transactions from interleaving.
      poolSize: embeddedDatabase ? 1 : (env.DB_POOL_SIZE ?? 10),
      ssl: env.DB_SSL ?? false,
    },
    s3: {
      embedded: embeddedS3,
      endpoint: env.S3_ENDPOINT,
      publicEndpoint: env.S3_PUBLIC_ENDPOINT,
      region: env.S3_REGION ?? 'eu-west-2',
      bucket: env.S3_BUCKET ?? 'medway-cctv',
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE ?? Boolean(env.S3_ENDPOINT || embeddedS3),
      createBucket: env.S3_CREATE_BUCKET ?? embeddedS3,
    },
    auth: {
      jwtSecret: env.JWT_SECRET,
      jwtTtlSeconds: env.JWT_TTL_SECONDS ?? 8 * 3600,
      loginMaxFailures: env.LOGIN_MAX_FAILURES ?? 5,
      loginWindowSeconds: env.LOGIN_WINDOW_SECONDS ?? 15 * 60,
      loginBackoffSeconds: env.LOGIN_BACKOFF_SECONDS ?? 30,
    },
    admin,
    demoData,
    schedulerEnabled: env.SCHEDULER_ENABLED ?? true,
    evidence: {
      maxBytes: env.EVIDENCE_MAX_BYTES ?? 20 * GiB,
      recordingRetentionDays: env.RECORDING_RETENTION_DAYS ?? 31,
      downloadUrlTtlSeconds: env.DOWNLOAD_URL_TTL_SECONDS ?? 300,
      defaultRetentionDays: env.EVIDENCE_RETENTION_DAYS ?? 90,
      postClosureRetentionDays: env.EVIDENCE_POST_CLOSURE_RETENTION_DAYS ?? 30,
      uploadLeaseSeconds: env.EVIDENCE_UPLOAD_LEASE_SECONDS ?? 60,
      downloadSessionSeconds: env.EVIDENCE_DOWNLOAD_SESSION_SECONDS ?? 3600,
      deletionGraceDays: env.EVIDENCE_DELETION_GRACE_DAYS ?? 7,
    },
    estate: { rdcReviewWeeks: env.RDC_REVIEW_WEEKS ?? 12 },
    imports: {
      kyndiReportDueDay: env.KYNDI_REPORT_DUE_DAY ?? 10,
      maxBytes: env.IMPORT_MAX_BYTES ?? 20 * 1024 * 1024,
      maxRows: env.IMPORT_MAX_ROWS ?? 50_000,
    },
    smtp: env.SMTP_URL ? { url: env.SMTP_URL, from: env.SMTP_FROM ?? 'cctv@medway.example' } : undefined,
  };
}

/**
 * The embedded S3 endpoint is a development convenience (s3rver: no versioning, no object lock). It starts on its own
 * only beside the embedded database; a real database needs real object storage, or an explicit EMBEDDED_S3=true.
 */
function objectStorageProblems(env: EnvironmentVariables): string[] {
  const s3Configured = Boolean(env.S3_BUCKET || env.S3_ENDPOINT);
  const realDatabase = Boolean(env.DATABASE_URL || env.DB_HOST);
  if (env.EMBEDDED_S3 === true && s3Configured) {
    return ['EMBEDDED_S3=true conflicts with S3_ENDPOINT/S3_BUCKET: use the embedded endpoint or a real one, not both'];
  }
  if (s3Configured || env.EMBEDDED_S3 === true) return [];
  if (env.EMBEDDED_S3 === false) {
    return ['EMBEDDED_S3=false needs real object storage: set S3_BUCKET and S3_REGION (and S3_ENDPOINT for MinIO)'];
  }
  if (!realDatabase) return [];
  return [
    'S3_BUCKET, S3_REGION (and S3_ENDPOINT for MinIO): a real database (DATABASE_URL or DB_HOST) needs real object ' +
      'storage; set them, or EMBEDDED_S3=true to run the embedded S3 endpoint (not for production)',
  ];
}

function databaseUrlFromParts(env: EnvironmentVariables): string {
  const user = encodeURIComponent(env.DB_USER!);
  const password = env.DB_PASSWORD ? `:${encodeURIComponent(env.DB_PASSWORD)}` : '';
  return `postgres://${user}${password}@${env.DB_HOST}:${env.DB_PORT ?? 5432}/${encodeURIComponent(env.DB_NAME!)}`;
}
