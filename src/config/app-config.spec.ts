import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('works with no variables at all (developer defaults)', () => {
    const c = loadConfig({});
    expect(c.role).toBe('all');
    expect(c.db.url).toBe('postgres://postgres@127.0.0.1:5432/xuefa');
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
    expect(c.auth).toMatchObject({
      accessTokenTtlSeconds: 900,
      idleTimeoutMs: 15 * 60_000,
      lockoutMaxFailures: 5,
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
});
