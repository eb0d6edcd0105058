import type { TrustProxy } from './trust-proxy.js';

/** The validated, typed configuration every part of the service reads. Built once by loadConfig(). */
export interface AppConfig {
  port: number;
  host: string;
  /** Whose X-Forwarded-For sets request.ip (login limits, audit, custody). */
  trustProxy: TrustProxy;
  dataDir: string;
  logLevel: string;
  database: {
    /** true when the service starts its own PGlite; the app still reaches it through `url` like any PostgreSQL. */
    embedded: boolean;
    url?: string;
    poolSize: number;
    ssl: boolean;
  };
  s3: {
    /** The embedded s3rver endpoint (not for production): with the embedded database, or when EMBEDDED_S3=true. */
    embedded: boolean;
    endpoint?: string;
    publicEndpoint?: string;
    region: string;
    bucket: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    forcePathStyle: boolean;
    createBucket: boolean;
  };
  auth: {
    jwtSecret?: string;
    jwtTtlSeconds: number;
    /** Failed logins for one account from one address before that pair is locked out (with backoff). */
    loginMaxFailures: number;
    /** How long failures are remembered, and the longest lockout. */
    loginWindowSeconds: number;
    /** The first lockout; each further failure doubles it, up to loginWindowSeconds. */
    loginBackoffSeconds: number;
  };
  admin?: { email: string; password: string };
  demoData: boolean;
  schedulerEnabled: boolean;
  evidence: {
    maxBytes: number;
    recordingRetentionDays: number;
    downloadUrlTtlSeconds: number;
    /** Retention given to an exhibit at upload unless the SPOC sets another. */
    defaultRetentionDays: number;
    /** How long "until case closed" exhibits are kept once the case is closed. */
    postClosureRetentionDays: number;
    /** An upload renews its lease every quarter of this; an `uploading` item whose lease ran out is taken over. */
    uploadLeaseSeconds: number;
    /** Ranged reads by one user for one reason within this time of the session's entry are one `downloaded` entry. */
    downloadSessionSeconds: number;
    /** How long deleted or expired exhibits stay in the recycle bin (restorable) before their content is deleted. */
    deletionGraceDays: number;
  };
  estate: { rdcReviewWeeks: number };
  imports: { kyndiReportDueDay: number; maxBytes: number; maxRows: number };
  smtp?: { url: string; from: string };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
