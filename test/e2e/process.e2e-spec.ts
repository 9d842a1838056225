import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import request from 'supertest';
import { deleteRedisPrefix } from '../utils/test-app';
import { TEST_DB_PREFIX, dropDatabase, runId, withAdminClient } from '../utils/test-db';
import { TEST_REDIS_URL, databaseUrl } from '../utils/test-env';
import type { SpawnedApp } from '../utils/spawn-app';
import { freePort, spawnApp } from '../utils/spawn-app';

/** What `npm start` does, run as real processes against real PostgreSQL and Redis. */

// These start, load and stop whole processes: on CI's two cores, with other files running beside
// them, one test may take well over the default minute. A ceiling against hangs, not a timing.
jest.setTimeout(180_000);
describe('the xuefa process (e2e, separate processes)', () => {
  const dbName = `${TEST_DB_PREFIX}${runId()}_proc_${randomBytes(3).toString('hex')}`;
  const prefix = `xuefa-test-proc-${randomBytes(3).toString('hex')}`;
  let port: number;
  let api: SpawnedApp;
  const env = () => ({
    DATABASE_URL: databaseUrl(dbName),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    PORT: String(port),
    LOG_LEVEL: 'info',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
  });

  beforeAll(async () => {
    port = await freePort();
  });
  afterAll(async () => {
    if (api?.proc.exitCode === null) api.proc.kill('SIGKILL');
    await dropDatabase(dbName);
    await deleteRedisPrefix(prefix);
  });

  it('creates the missing database, migrates, seeds the demo bureau, loads the bundled bank and prints the URL and demo logins', async () => {
    api = spawnApp('main', env());
    const out = await api.waitForOutput(/Demo logins[\s\S]*XF004/);
    expect(out).toContain(`listening on http://localhost:${port}`);
    expect(out).toMatch(/XF001\s+周建国\s+admin/);
    expect(out).toContain('Xuefa@2026');
    const exists = await withAdminClient(
      async (c) =>
        (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount,
    );
    expect(exists).toBe(1);
    const questions = await withAdminClient(async (c) => {
      const other = new (c.constructor as new (o: object) => typeof c)({
        connectionString: databaseUrl(dbName),
      });
      await other.connect();
      try {
        return (
          await other.query(`SELECT count(*)::int AS n FROM question WHERE status = 'active'`)
        ).rows as { n: number }[];
      } finally {
        await other.end();
      }
    });
    expect(questions[0].n).toBeGreaterThanOrEqual(400); // the bundled bank, loaded into an empty bank
    const health = await request(`http://127.0.0.1:${port}`).get('/health').expect(200);
    expect(health.body.status).toBe('ok');
    // JSON logs with request ids
    await api.waitForOutput(/"url":"\/health"/, 5000);
    const line = api
      .output()
      .split('\n')
      .find((l) => l.includes('"url":"/health"'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({
      req: { id: expect.any(String) },
      res: { statusCode: 200 },
    });
  });

  it('on SIGTERM finishes the request in flight and exits 0', async () => {
    const body = JSON.stringify({ staffNo: 'XF004', password: 'Xuefa@2026' });
    const socket = connect(port, '127.0.0.1');
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
    );
    socket.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 200));
    api.proc.kill('SIGTERM');
    await api.waitForOutput(/SIGTERM received/);
    await new Promise((r) => setTimeout(r, 300));
    socket.write(body.slice(10));
    await new Promise((r) => socket.once('close', r));
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(response).toContain('"mustChangePassword":true');
    const { code } = await api.exited;
    expect(code).toBe(0);
    expect(api.output()).toContain('shutdown complete');
  });

  it('verifies the audit chain from the command line', async () => {
    const cli = spawnApp('cli', env(), ['audit:verify']);
    const { code } = await cli.exited;
    expect(code).toBe(0);
    expect(cli.output()).toMatch(/"ok": true/);
  });

  it('runs the workers alone (src/worker.ts, no HTTP) and stops cleanly', async () => {
    const worker = spawnApp('worker', env());
    await worker.waitForOutput(/xuefa worker started/);
    await expect(request(`http://127.0.0.1:${port}`).get('/health')).rejects.toThrow();
    worker.proc.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  });

  it.each([
    ['PORT', 'abc'],
    ['DATABASE_URL', 'mysql://root@localhost/xuefa'],
    ['IDLE_TIMEOUT_MINUTES', '0'],
    ['APP_ROLE', 'everything'],
    ['EVIDENCE_RULES_FILE', '/nonexistent/xuefa-evidence-rules.json'],
  ])('stops at boot with one line naming a malformed %s', async (name, value) => {
    const bad = spawnApp('main', { ...env(), [name]: value });
    const { code } = await bad.exited;
    expect(code).toBe(1);
    const lines = bad.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${name} `));
  });
});
