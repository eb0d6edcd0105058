import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;

const usesRealDatabase = (env: EnvironmentVariables) => Boolean(env.DATABASE_URL || env.DB_HOST);
const usesRealS3 = (env: EnvironmentVariables) => Boolean(env.S3_BUCKET || env.S3_ENDPOINT);

/** Raw environment, validated once at boot. Names are the public contract documented in the README. */
export class EnvironmentVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsString()
  HOST?: string;

  @IsOptional() @IsString()
  DATA_DIR?: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL?: string;

  @IsOptional() @IsString()
  DB_HOST?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  DB_PORT?: number;

  @ValidateIf((env: EnvironmentVariables) => Boolean(env.DB_HOST)) @IsString()
  DB_USER?: string;

  @IsOptional() @IsString()
  DB_PASSWORD?: string;

  @ValidateIf((env: EnvironmentVariables) => Boolean(env.DB_HOST)) @IsString()
  DB_NAME?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean()
  DB_SSL?: boolean;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DB_POOL_SIZE?: number;

  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true })
  S3_ENDPOINT?: string;

  /** Where clients reach S3 for pre-signed downloads, when it differs from S3_ENDPOINT (e.g. inside Docker). */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true })
  S3_PUBLIC_ENDPOINT?: string;

  @ValidateIf(usesRealS3) @IsString() @MinLength(3)
  S3_BUCKET?: string;

  @ValidateIf(usesRealS3) @IsString()
  S3_REGION?: string;

  @ValidateIf((env: EnvironmentVariables) => Boolean(env.S3_SECRET_ACCESS_KEY)) @IsString()
  S3_ACCESS_KEY_ID?: string;

  @ValidateIf((env: EnvironmentVariables) => Boolean(env.S3_ACCESS_KEY_ID)) @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean()
  S3_FORCE_PATH_STYLE?: boolean;

  @IsOptional() @Transform(toBoolean) @IsBoolean()
  S3_CREATE_BUCKET?: boolean;

  /** The embedded S3 endpoint: unset = only with the embedded database and no S3 settings; true = also with a real one. */
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  EMBEDDED_S3?: boolean;

  /** Whose X-Forwarded-For to believe; checked in detail by parseTrustProxy. */
  @IsOptional() @IsString()
  TRUST_PROXY?: string;

  /** Required once the service runs on real infrastructure: tokens must survive restarts and be shared by instances. */
  @ValidateIf((env: EnvironmentVariables) => usesRealDatabase(env) || env.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(7 * 24 * 3600)
  JWT_TTL_SECONDS?: number;

  @IsOptional() @IsEmail()
  ADMIN_EMAIL?: string;

  @ValidateIf((env: EnvironmentVariables) => Boolean(env.ADMIN_EMAIL)) @IsString() @MinLength(12)
  ADMIN_PASSWORD?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean()
  DEMO_DATA?: boolean;

  @IsOptional() @Transform(toBoolean) @IsBoolean()
  SCHEDULER_ENABLED?: boolean;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  LOGIN_MAX_FAILURES?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  LOGIN_WINDOW_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(24 * 3600)
  LOGIN_BACKOFF_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  EVIDENCE_MAX_BYTES?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(365)
  RECORDING_RETENTION_DAYS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(30) @Max(7 * 24 * 3600)
  DOWNLOAD_URL_TTL_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(36500)
  EVIDENCE_RETENTION_DAYS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(36500)
  EVIDENCE_POST_CLOSURE_RETENTION_DAYS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(2) @Max(3600)
  EVIDENCE_UPLOAD_LEASE_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(24 * 3600)
  EVIDENCE_DOWNLOAD_SESSION_SECONDS?: number;
  /** Days deleted evidence stays in the recycle bin; at least 1, so that no deletion is immediate. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(365)
  EVIDENCE_DELETION_GRACE_DAYS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(104)
  RDC_REVIEW_WEEKS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(28)
  KYNDI_REPORT_DUE_DAY?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  IMPORT_MAX_BYTES?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  IMPORT_MAX_ROWS?: number;

  @IsOptional() @IsString()
  SMTP_URL?: string;

  @IsOptional() @IsEmail()
  SMTP_FROM?: string;
}
