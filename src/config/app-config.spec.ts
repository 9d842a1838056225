import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';
import { DEFAULT_FLAG_RULES } from './evidence-rules';

describe('loadConfig', () => {
  it('works with no variables at all (developer defaults)', () => {
    const c = loadConfig({});
    expect(c.role).toBe('all');
    // the runtime role is not the owner that migrates
    expect(c.db.url).toBe('postgres://xuefa_app@127.0.0.1:5432/xuefa');
    expect(c.db.migrationUrl).toBe('postgres://postgres@127.0.0.1:5432/xuefa');
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
    expect(c.auth).toMatchObject({
      accessTokenTtlSeconds: 900,
      idleTimeoutMs: 15 * 60_000,
      lockoutSourceFailures: 5,
      lockoutMaxFailures: 20,
      lockoutFirstMs: 60_000,
      lockoutMs: 15 * 60_000,
      passwordMinLength: 8,
      passwordMinClasses: 3,
      argon2: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
    });
    expect(c.audit.retentionDays).toBeGreaterThanOrEqual(180);
    expect(c.http.publicUrl).toBe('http://localhost:3000');
  });

  it('converts numbers and booleans', () => {
    const c = loadConfig({ PORT: '8080', SEED_DEMO: 'false', LOCKOUT_MAX_FAILURES: '3' });
    expect(c.http.port).toBe(8080);
    expect(c.db.seedDemo).toBe(false);
    expect(c.auth.lockoutMaxFailures).toBe(3);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['MIGRATION_DATABASE_URL', 'postgres://localhost'],
    ['AUDIT_HMAC_KEY', 'too-short'],
    ['REDIS_URL', 'localhost:6379'],
    ['APP_ROLE', 'both'],
    ['AUDIT_RETENTION_DAYS', '30'],
    ['SEED_DEMO', 'perhaps'],
    ['JWT_SECRET', 'short'],
    ['TIME_ZONE', 'Mars/Olympus'],
    ['AUDIT_MAINTENANCE_CRON', 'every night'],
    ['NOTIFY_WEBHOOK_URL', 'qyapi.weixin.qq.com/cgi-bin/webhook/send'],
    ['NOTIFY_WEBHOOK_FORMAT', 'slack'],
    ['NOTIFY_WEBHOOK_ATTEMPTS', '0'],
    ['NOTIFY_WEBHOOK_BACKOFF_MS', 'soon'],
  ])('refuses a malformed %s with one line naming it', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
    expect(message).not.toContain('\n');
  });

  it('migrates with DATABASE_URL when only DATABASE_URL is set (one role for both)', () => {
    const url = 'postgres://owner:pw@db.example:5432/xuefa';
    expect(loadConfig({ DATABASE_URL: url }).db).toMatchObject({ url, migrationUrl: url });
    const split = loadConfig({
      DATABASE_URL: 'postgres://xuefa_app:a@db.example/xuefa',
      MIGRATION_DATABASE_URL: url,
    });
    expect(split.db).toMatchObject({
      url: 'postgres://xuefa_app:a@db.example/xuefa',
      migrationUrl: url,
    });
  });

  it('refuses a MIGRATION_DATABASE_URL naming another database than DATABASE_URL', () => {
    expect(() =>
      loadConfig({
        DATABASE_URL: 'postgres://xuefa_app@localhost/xuefa',
        MIGRATION_DATABASE_URL: 'postgres://postgres@localhost/other',
      }),
    ).toThrow(/^Invalid configuration: MIGRATION_DATABASE_URL must name the same database/);
  });

  it('requires AUDIT_HMAC_KEY in production and never prints it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /^Invalid configuration: AUDIT_HMAC_KEY is required in production/,
    );
    expect(() => loadConfig({ AUDIT_HMAC_KEY: 'hunter2-short' })).toThrow(
      /^Invalid configuration: AUDIT_HMAC_KEY (?!.*hunter2)/,
    );
    const key = 'k'.repeat(32);
    expect(loadConfig({ NODE_ENV: 'production', AUDIT_HMAC_KEY: key }).audit.hmacKey).toBe(key);
  });

  it('never prints a database password it refuses', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:hunter2@host' })).toThrow(
      /^Invalid configuration: DATABASE_URL (?!.*hunter2)/,
    );
  });

  it('never prints a secret it refuses', () => {
    expect(() => loadConfig({ JWT_SECRET: 'hunter2-short' })).toThrow(
      /^Invalid configuration: JWT_SECRET (?!.*hunter2)/,
    );
  });

  it('never prints a webhook URL it refuses (the URL carries the robot key)', () => {
    expect(() => loadConfig({ NOTIFY_WEBHOOK_URL: 'qyapi/send?key=robot-key-1' })).toThrow(
      /^Invalid configuration: NOTIFY_WEBHOOK_URL (?!.*robot-key-1)/,
    );
  });

  it('has no webhook unless NOTIFY_WEBHOOK_URL is set (an empty value counts as unset)', () => {
    expect(loadConfig({ NOTIFY_WEBHOOK_URL: '' }).notifications).toEqual({
      webhook: null,
      webhookAttempts: 8,
      webhookBackoffMs: 5000,
    });
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=t';
    expect(
      loadConfig({
        NOTIFY_WEBHOOK_URL: url,
        NOTIFY_WEBHOOK_FORMAT: 'dingtalk',
        NOTIFY_WEBHOOK_SECRET: 'SECabc',
      }).notifications.webhook,
    ).toEqual({ url, format: 'dingtalk', secret: 'SECabc' });
    expect(loadConfig({ NOTIFY_WEBHOOK_URL: url }).notifications.webhook).toEqual({
      url,
      format: 'wecom',
      secret: null,
    });
  });

  it('splits the roles', () => {
    expect(loadConfig({ APP_ROLE: 'api' })).toMatchObject({ runsApi: true, runsWorkers: false });
    expect(loadConfig({ APP_ROLE: 'worker' })).toMatchObject({ runsApi: false, runsWorkers: true });
    expect(loadConfig({ APP_ROLE: 'all' })).toMatchObject({ runsApi: true, runsWorkers: true });
  });

  describe('evidence exports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuefa-rules-'));
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };

    it('defaults: the built-in rules, 72 h, a sweep every 5 minutes', () => {
      expect(loadConfig({}).evidence).toEqual({
        rulesFile: null,
        rules: DEFAULT_FLAG_RULES,
        exportTtlMs: 72 * 3600_000,
        sweepMs: 300_000,
      });
    });

    it('reads the rules of EVIDENCE_RULES_FILE', () => {
      const path = file(
        'good.json',
        JSON.stringify([{ code: 'MAKEUP', when: 'makeup_passed', text: '补考通过' }]),
      );
      const c = loadConfig({ EVIDENCE_RULES_FILE: path, EXPORT_TTL_HOURS: '2' });
      expect(c.evidence.rules).toEqual([
        { code: 'MAKEUP', text: '补考通过', when: [{ predicate: 'makeup_passed', n: null }] },
      ]);
      expect(c.evidence.exportTtlMs).toBe(2 * 3600_000);
    });

    it.each([
      ['a missing file', join(dir, 'missing.json'), /cannot be read: ENOENT/],
      ['not JSON', 'bad.json', /is not valid JSON/],
      ['an unknown predicate', 'unknown.json', /rule 1 \(X\): unknown predicate "never"/],
      ['a rule without text', 'notext.json', /rule 1 \(X\): text must be/],
    ])('stops with one line naming EVIDENCE_RULES_FILE for %s', (_what, name, message) => {
      const contents: Record<string, string> = {
        'bad.json': '[{"code": "X",\n "when": ',
        'unknown.json': '[{"code": "X", "when": "never", "text": "t"}]',
        'notext.json': '[{"code": "X", "when": "exempted"}]',
      };
      const path = name in contents ? file(name, contents[name]) : name;
      let error: unknown;
      try {
        loadConfig({ EVIDENCE_RULES_FILE: path });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as Error).message;
      expect(text).toMatch(/^Invalid configuration: EVIDENCE_RULES_FILE /);
      expect(text).toMatch(message);
      expect(text).not.toContain('\n');
    });

    it.each([
      ['EXPORT_TTL_HOURS', '0'],
      ['EXPORT_SWEEP_SECONDS', '1'],
    ])('refuses a malformed %s', (name, value) => {
      expect(() => loadConfig({ [name]: value })).toThrow(
        new RegExp(`^Invalid configuration: ${name} `),
      );
    });
  });
});
