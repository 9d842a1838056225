import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};

export const APP_ROLES = ['all', 'api', 'worker'] as const;
export type AppRole = (typeof APP_ROLES)[number];

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s/]+\/[A-Za-z0-9_-]+(\?.*)?$/;

export const WEBHOOK_FORMATS = ['wecom', 'dingtalk'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/**
 * Every environment variable xuefa reads. `.env.example` documents each one; the README's
 * configuration table mirrors this class. Defaults make `npm start` work on a developer machine
 * with PostgreSQL and Redis on localhost.
 */
export class EnvironmentVariables {
  /** development | production | test. */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** all = API and workers in one process; api = HTTP only; worker = queue processors only. */
  @IsIn(APP_ROLES)
  APP_ROLE: AppRole = 'all';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Base URL printed at start and used in links; defaults to http://localhost:PORT. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  /** Trust X-Forwarded-For from this many proxies (0 = none) for source IPs in the audit log. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS = 0;

  /**
   * The runtime connection (API and workers): a least-privilege role that owns nothing and may
   * only SELECT and INSERT on audit_log. `migrate` (and `npm start` with DB_MIGRATE_ON_START)
   * creates this role when it is missing and grants it its privileges.
   */
  @Matches(POSTGRES_URL, { message: 'must be a postgres:// URL with a database name' })
  DATABASE_URL = 'postgres://xuefa_app@127.0.0.1:5432/xuefa';

  /**
   * The owner's connection: creates the database, runs migrations, creates the runtime role.
   * When only DATABASE_URL is set, it is DATABASE_URL (one role for both, as before: then the
   * runtime role owns the tables and can switch the audit log's triggers off).
   */
  @Matches(POSTGRES_URL, { message: 'must be a postgres:// URL with a database name' })
  MIGRATION_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/xuefa';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DB_POOL_SIZE = 20;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  DB_CONNECT_TIMEOUT_MS = 5000;

  /** Create the database named in DATABASE_URL when it does not exist. */
  @Transform(toBool)
  @IsBoolean()
  DB_CREATE_IF_MISSING = true;

  /** Run pending migrations at start (under an advisory lock, so replicas never race). */
  @Transform(toBool)
  @IsBoolean()
  DB_MIGRATE_ON_START = true;

  /** Seed the demo bureau (29 staff) when the database has no org units. */
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO = true;

  /** Folder of law texts (.md, .txt, .docx) imported at start; unchanged texts change nothing. */
  @IsOptional()
  @IsString()
  LAW_TEXTS_DIR?: string;

  /** Folder of the bundled question bank (question-bank/*.json), loaded into an empty bank. */
  @IsString()
  QUESTION_BANK_DIR = 'question-bank';

  /** Load the bundled question bank at start when the bank is empty. */
  @Transform(toBool)
  @IsBoolean()
  LOAD_BUNDLED_BANK = true;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Key prefix for BullMQ queues and other Redis keys. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, _ or -' })
  REDIS_PREFIX = 'xuefa';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** IANA time zone for calendar dates (employment dates, plan years, session days). */
  @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, {
    message: 'must be an IANA time zone like Asia/Shanghai',
  })
  TIME_ZONE = 'Asia/Shanghai';

  /** HMAC secret for access tokens (>= 32 chars). When unset, one is generated on first start and kept in the database (table system_secret). */
  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /** Absolute lifetime of a sign-in session (refresh-token family). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  SESSION_MAX_HOURS = 12;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  IDLE_TIMEOUT_MINUTES = 15;

  /** How long an API replica may trust its cached view of a session (revocation latency bound). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  AUTH_CACHE_TTL_MS = 500;

  /**
   * A refresh token presented again this soon after its rotation (its successor unused) gets a
   * new pair instead of revoking the session: a lost response or two tabs racing. 0 turns it off.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  REFRESH_REUSE_GRACE_SECONDS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(6)
  @Max(128)
  PASSWORD_MIN_LENGTH = 8;

  /** Character classes required out of four: upper case, lower case, digits, other. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(4)
  PASSWORD_MIN_CLASSES = 3;

  /** Failed sign-ins from one source (IP address) for one staff number before that source waits. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOCKOUT_SOURCE_FAILURES = 5;

  /** Failed sign-ins for an account, from anywhere, before the account itself locks. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOCKOUT_MAX_FAILURES = 20;

  /** The first lock (of a source or an account); each further one doubles up to LOCKOUT_MINUTES. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  LOCKOUT_FIRST_MINUTES = 1;

  /** The longest lock. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  LOCKOUT_MINUTES = 15;

  /** Login attempts allowed per source IP and staff number within LOGIN_THROTTLE_TTL_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  LOGIN_THROTTLE_LIMIT = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  LOGIN_THROTTLE_TTL_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1048576)
  ARGON2_MEMORY_KIB = 19456;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  ARGON2_TIME_COST = 2;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  ARGON2_PARALLELISM = 1;

  /** JSON and form body limit in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(104857600)
  BODY_LIMIT_BYTES = 1048576;

  /** Upload limit (Excel imports, attachments) in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1073741824)
  UPLOAD_LIMIT_BYTES = 10485760;

  /**
   * The most an uploaded .xlsx or .docx may unpack to (the sum of its zip entries' sizes), checked
   * in the zip's central directory before anything parses it and again while inflating; 413 above.
   * A law's .docx may unpack to at most 4 × LAW_TEXT_MAX_BYTES.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1048576)
  @Max(1073741824)
  UPLOAD_MAX_UNCOMPRESSED_BYTES = 67108864;

  /** The longest law text (UTF-8 bytes) an import accepts, from .md, .txt or .docx; 413 above. */
  @Transform(toInt)
  @IsInt()
  @Min(65536)
  @Max(104857600)
  LAW_TEXT_MAX_BYTES = 4194304;

  /**
   * Heap (V8 old generation, MB) of the child process that parses an uploaded workbook or Word
   * file; a file that needs more fails with 422 and the API carries on.
   */
  @Transform(toInt)
  @IsInt()
  @Min(64)
  @Max(16384)
  PARSE_WORKER_MEMORY_MB = 768;

  /** How long one parse may take before its child process is stopped (422). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  PARSE_TIMEOUT_SECONDS = 60;

  /** Parses run at once per process (each in its own child process); more wait their turn. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  PARSE_WORKERS = 1;

  /**
   * Folder for uploaded files that are kept (training certificates), stored by SHA-256 of their
   * content. Every API replica must see the same folder.
   */
  @IsString()
  @MinLength(1)
  UPLOAD_DIR = 'storage/uploads';

  /** Self-study reading credited per person and day, in minutes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  SELF_STUDY_CAP_MINUTES = 120;

  /**
   * JSON file with the HR evidence flag rules (提示, e.g. 当年不得评为先进): an array of
   * { code, when, text }. Unset: the built-in list. Checked at start; a bad file stops the process.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  EVIDENCE_RULES_FILE?: string;

  /** Hours an evidence export can be downloaded after it is built; then the file is deleted. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(8760)
  EXPORT_TTL_HOURS = 72;

  /** How often each worker deletes expired exports and re-queues exports whose job was lost. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(3600)
  EXPORT_SWEEP_SECONDS = 300;

  /** Audit rows are kept at least this many days (never fewer than 180). */
  @Transform(toInt)
  @IsInt()
  @Min(180)
  @Max(36500)
  AUDIT_RETENTION_DAYS = 365;

  /** Cron (UTC) for the nightly audit maintenance job (retention and chain verification). */
  @IsString()
  @MaxLength(64)
  @Matches(/^(\S+\s+){4}\S+$/, { message: 'must be a five-field cron expression' })
  AUDIT_MAINTENANCE_CRON = '30 18 * * *';

  /**
   * HMAC-SHA256 key of the audit hash chain (>= 32 chars), kept out of the database so that
   * whoever can write the database cannot recompute the chain. Required in production; in
   * development and test, when unset, a key is generated once into AUDIT_ANCHOR_DIR/hmac.key.
   * Never change it: rows keyed with another key no longer verify.
   */
  @IsOptional()
  @IsString()
  @MinLength(32)
  AUDIT_HMAC_KEY?: string;

  /**
   * Folder for the signed audit chain head (anchor-<database>.json), written by every verification
   * and the nightly job; verification reports a chain shorter than its anchor. Must be shared by
   * every replica and not writable by the database server or its roles.
   */
  @IsString()
  @MinLength(1)
  AUDIT_ANCHOR_DIR = 'storage/audit';

  /** Answers saved up to this many seconds after an attempt's deadline are still accepted. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120)
  EXAM_SAVE_GRACE_SECONDS = 10;

  /** How often the sweeper finishes overdue attempts the timer jobs missed. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(3600)
  EXAM_SWEEP_SECONDS = 30;

  /** How often the sessions sweeper sends reminders, fixes invitees and closes attendance jobs missed. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(3600)
  SESSION_SWEEP_SECONDS = 60;

  /**
   * Group-robot webhook that receives a copy of the notifications meant for a group (session
   * reminders and changes). Unset or empty: no webhook, the in-app inbox only.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  NOTIFY_WEBHOOK_URL?: string;

  /** The robot's JSON dialect: wecom (企业微信群机器人) or dingtalk (钉钉自定义机器人). */
  @IsIn(WEBHOOK_FORMATS)
  NOTIFY_WEBHOOK_FORMAT: WebhookFormat = 'wecom';

  /** DingTalk only: the robot's signing secret (加签, "SEC…"); every post then carries timestamp and sign. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  NOTIFY_WEBHOOK_SECRET?: string;

  /** Tries per webhook message before it is given up (the in-app notification is never affected). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  NOTIFY_WEBHOOK_ATTEMPTS = 8;

  /** First retry delay of a failed webhook post; it doubles with every further try. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  NOTIFY_WEBHOOK_BACKOFF_MS = 5000;

  /** Seconds to wait for in-flight requests and jobs on SIGTERM before exiting anyway. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_TIMEOUT_SECONDS = 25;
}
