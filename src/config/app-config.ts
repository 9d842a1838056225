import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FlagRule } from './evidence-rules';
import { DEFAULT_FLAG_RULES, parseFlagRules } from './evidence-rules';
import type { AppRole } from './environment-variables';
import { EnvironmentVariables } from './environment-variables';

export class ConfigError extends Error {}

/**
 * The validated, typed configuration. Injected by class token (`constructor(private config:
 * AppConfig)`); nothing outside src/config reads process.env.
 */
export class AppConfig {
  constructor(
    readonly env: EnvironmentVariables,
    readonly raw: Readonly<Record<string, string | undefined>>,
    /** The evidence flag rules: EVIDENCE_RULES_FILE's, checked at start, or the built-in list. */
    readonly flagRules: readonly FlagRule[] = DEFAULT_FLAG_RULES,
  ) {}

  get nodeEnv(): EnvironmentVariables['NODE_ENV'] {
    return this.env.NODE_ENV;
  }
  get role(): AppRole {
    return this.env.APP_ROLE;
  }
  get runsApi(): boolean {
    return this.env.APP_ROLE !== 'worker';
  }
  get runsWorkers(): boolean {
    return this.env.APP_ROLE !== 'api';
  }

  get http() {
    const e = this.env;
    return {
      port: e.PORT,
      host: e.HOST,
      publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
      trustProxyHops: e.TRUST_PROXY_HOPS,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      uploadLimitBytes: e.UPLOAD_LIMIT_BYTES,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    };
  }

  get db() {
    const e = this.env;
    return {
      url: e.DATABASE_URL,
      migrationUrl: e.MIGRATION_DATABASE_URL,
      poolSize: e.DB_POOL_SIZE,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      createIfMissing: e.DB_CREATE_IF_MISSING,
      migrateOnStart: e.DB_MIGRATE_ON_START,
      seedDemo: e.SEED_DEMO,
    };
  }

  get redis() {
    return { url: this.env.REDIS_URL, prefix: this.env.REDIS_PREFIX };
  }

  get log() {
    return { level: this.env.LOG_LEVEL };
  }

  get timeZone(): string {
    return this.env.TIME_ZONE;
  }

  get auth() {
    const e = this.env;
    return {
      jwtSecret: e.JWT_SECRET,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      sessionMaxMs: e.SESSION_MAX_HOURS * 3600_000,
      idleTimeoutMs: e.IDLE_TIMEOUT_MINUTES * 60_000,
      cacheTtlMs: e.AUTH_CACHE_TTL_MS,
      refreshReuseGraceMs: e.REFRESH_REUSE_GRACE_SECONDS * 1000,
      passwordMinLength: e.PASSWORD_MIN_LENGTH,
      passwordMinClasses: e.PASSWORD_MIN_CLASSES,
      lockoutSourceFailures: e.LOCKOUT_SOURCE_FAILURES,
      lockoutMaxFailures: e.LOCKOUT_MAX_FAILURES,
      lockoutFirstMs: Math.min(e.LOCKOUT_FIRST_MINUTES, e.LOCKOUT_MINUTES) * 60_000,
      lockoutMs: e.LOCKOUT_MINUTES * 60_000,
      loginThrottleLimit: e.LOGIN_THROTTLE_LIMIT,
      loginThrottleTtlMs: e.LOGIN_THROTTLE_TTL_SECONDS * 1000,
      argon2: {
        memoryCost: e.ARGON2_MEMORY_KIB,
        timeCost: e.ARGON2_TIME_COST,
        parallelism: e.ARGON2_PARALLELISM,
      },
    };
  }

  get content() {
    return {
      lawTextsDir: this.env.LAW_TEXTS_DIR ? resolve(this.env.LAW_TEXTS_DIR) : null,
      questionBankDir: resolve(this.env.QUESTION_BANK_DIR),
      loadBundledBank: this.env.LOAD_BUNDLED_BANK,
    };
  }

  get exams() {
    return {
      saveGraceSeconds: this.env.EXAM_SAVE_GRACE_SECONDS,
      sweepMs: this.env.EXAM_SWEEP_SECONDS * 1000,
    };
  }

  get sessions() {
    return { sweepMs: this.env.SESSION_SWEEP_SECONDS * 1000 };
  }

  get notifications() {
    const e = this.env;
    return {
      webhook: e.NOTIFY_WEBHOOK_URL
        ? {
            url: e.NOTIFY_WEBHOOK_URL,
            format: e.NOTIFY_WEBHOOK_FORMAT,
            secret: e.NOTIFY_WEBHOOK_SECRET ?? null,
          }
        : null,
      webhookAttempts: e.NOTIFY_WEBHOOK_ATTEMPTS,
      webhookBackoffMs: e.NOTIFY_WEBHOOK_BACKOFF_MS,
    };
  }

  get storage() {
    return { uploadDir: resolve(this.env.UPLOAD_DIR) };
  }

  get parsing() {
    const e = this.env;
    return {
      zip: { maxUncompressedBytes: e.UPLOAD_MAX_UNCOMPRESSED_BYTES, maxEntries: 10_000 },
      // Word's XML around a law's text is a few times the text; mammoth needs ~50× the XML in heap
      wordZip: {
        maxUncompressedBytes: Math.min(e.UPLOAD_MAX_UNCOMPRESSED_BYTES, 4 * e.LAW_TEXT_MAX_BYTES),
        maxEntries: 10_000,
      },
      lawTextMaxBytes: e.LAW_TEXT_MAX_BYTES,
      workerMemoryMb: e.PARSE_WORKER_MEMORY_MB,
      timeoutMs: e.PARSE_TIMEOUT_SECONDS * 1000,
      workers: e.PARSE_WORKERS,
    };
  }

  get study() {
    return { selfStudyCapMinutes: this.env.SELF_STUDY_CAP_MINUTES };
  }

  get evidence() {
    return {
      rulesFile: this.env.EVIDENCE_RULES_FILE ? resolve(this.env.EVIDENCE_RULES_FILE) : null,
      rules: this.flagRules,
      exportTtlMs: this.env.EXPORT_TTL_HOURS * 3600_000,
      sweepMs: this.env.EXPORT_SWEEP_SECONDS * 1000,
    };
  }

  get audit() {
    return {
      retentionDays: this.env.AUDIT_RETENTION_DAYS,
      maintenanceCron: this.env.AUDIT_MAINTENANCE_CRON,
      hmacKey: this.env.AUDIT_HMAC_KEY ?? null,
      anchorDir: resolve(this.env.AUDIT_ANCHOR_DIR),
    };
  }
}

/**
 * Reads `.env` (when present, without overriding variables already set), validates every variable
 * and returns the typed configuration. Throws ConfigError whose message is one line naming the
 * first offending variable.
 */
export function loadConfig(
  source: Record<string, string | undefined> = readEnvironment(),
): AppConfig {
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value !== '') input[key] = value;
  }
  const env = plainToInstance(EnvironmentVariables, input, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  const first = errors[0];
  if (first) {
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    // never echo credentials (a robot's webhook URL carries its key)
    const shown =
      /SECRET|PASSWORD|WEBHOOK_URL|DATABASE_URL|KEY/.test(first.property) ||
      first.value === undefined
        ? ''
        : ` (got "${String(first.value as string)}")`;
    const text = reason.startsWith(`${first.property} `)
      ? reason.slice(first.property.length + 1)
      : reason;
    throw new ConfigError(`Invalid configuration: ${first.property} ${text}${shown}`);
  }
  // Only DATABASE_URL set: one role migrates and runs, as before the two were separated.
  if (input.DATABASE_URL && !input.MIGRATION_DATABASE_URL) {
    env.MIGRATION_DATABASE_URL = env.DATABASE_URL;
  }
  if (databaseOf(env.DATABASE_URL) !== databaseOf(env.MIGRATION_DATABASE_URL)) {
    throw new ConfigError(
      'Invalid configuration: MIGRATION_DATABASE_URL must name the same database as DATABASE_URL',
    );
  }
  if (env.NODE_ENV === 'production' && !env.AUDIT_HMAC_KEY) {
    throw new ConfigError(
      'Invalid configuration: AUDIT_HMAC_KEY is required in production (at least 32 characters)',
    );
  }
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: env.TIME_ZONE });
  } catch {
    throw new ConfigError(
      `Invalid configuration: TIME_ZONE "${env.TIME_ZONE}" is not a known time zone`,
    );
  }
  return new AppConfig(env, Object.freeze({ ...source }), readFlagRules(env.EVIDENCE_RULES_FILE));
}

function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** EVIDENCE_RULES_FILE's rules, or the built-in list when it is unset. */
function readFlagRules(file: string | undefined): readonly FlagRule[] {
  if (!file) return DEFAULT_FLAG_RULES;
  const fail = (why: string): never => {
    throw new ConfigError(`Invalid configuration: EVIDENCE_RULES_FILE ${why} (${file})`);
  };
  let text = '';
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (e) {
    fail(`cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(`is not valid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    return parseFlagRules(json);
  } catch (e) {
    return fail((e as Error).message);
  }
}

/** The process environment, after reading `.env` (which never overrides what is set). */
export function readEnvironment(): Record<string, string | undefined> {
  const envFile = resolve(process.cwd(), '.env');
  if (existsSync(envFile)) {
    // process.loadEnvFile never overrides variables that are already set.
    process.loadEnvFile(envFile);
  }
  return process.env;
}
