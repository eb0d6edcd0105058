/** The validated, typed configuration every part of the service reads. Built once by loadConfig(). */
export interface AppConfig {
  port: number;
  host: string;
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
    loginMaxFailures: number;
    loginWindowSeconds: number;
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
    /** How long deleted or expired exhibits stay in the recycle bin (restorable) before their content is deleted. */
    deletionGraceDays: number;
  };
  estate: { rdcReviewWeeks: number };
  imports: { kyndiReportDueDay: number; maxBytes: number; maxRows: number };
  smtp?: { url: string; from: string };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
