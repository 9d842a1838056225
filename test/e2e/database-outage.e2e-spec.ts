import type { Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import request from 'supertest';
import { buildOrg } from '../factories/org.factory';
import { signedIn } from '../utils/auth';
import { waitFor } from '../utils/wait';
import type { SpawnedApp } from '../utils/spawn-app';
import { freePort, joinEnv, killHard, spawnApp } from '../utils/spawn-app';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

/**
 * A TCP proxy in front of the shared PostgreSQL that the test can take away (closing its
 * listener and every connection) and bring back on the same port: the outage is ours alone.
 */
class DatabaseProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
  ) {}

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    this.server = undefined;
  }
}

describe('PostgreSQL unreachable → 503 COMMON.UNAVAILABLE, logged once (e2e, spawned API)', () => {
  let t: TestApp;
  let api: SpawnedApp | undefined;
  let proxy: DatabaseProxy;
  let base: string;
  let who: { staffNo: string; password: string };

  beforeAll(async () => {
    t = await createTestApp();
    const org = await buildOrg(t);
    who = { staffNo: org.people.staffA1.staffNo, password: org.people.staffA1.password };
    const db = new URL(t.db.url);
    proxy = new DatabaseProxy(
      { host: db.hostname, port: Number(db.port || 5432) },
      await freePort(),
    );
    await proxy.up();
    db.host = `127.0.0.1:${proxy.port}`;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = spawnApp(
      'main',
      joinEnv(t, {
        APP_ROLE: 'api',
        PORT: String(port),
        DATABASE_URL: db.toString(),
        DB_CONNECT_TIMEOUT_MS: '2000',
      }),
    );
    await api.waitForOutput(/listening on/);
  }, 90_000);

  afterAll(async () => {
    await killHard(api);
    await proxy.down();
    await t.close();
  });

  const errorLines = () =>
    api!
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{') && (JSON.parse(l) as { level: number }).level >= 50);

  it('answers every request with 503, Retry-After and a Chinese message, logs the outage once, and recovers', async () => {
    const signIn = await request(base).post('/auth/login').send(who).expect(200);
    const token = signIn.body.accessToken as string;
    await signedIn(base, token).get('/me').expect(200);
    expect(errorLines()).toEqual([]);

    await proxy.down();
    for (let i = 0; i < 12; i++) {
      const res =
        i % 2
          ? await signedIn(base, token).get('/me')
          : await request(base).post('/auth/login').send(who);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toEqual({
        statusCode: 503,
        code: 'COMMON.UNAVAILABLE',
        message: expect.stringMatching(/请稍后重试/),
        requestId: expect.any(String),
      });
    }
    const lines = errorLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PostgreSQL is unreachable');

    await proxy.up();
    await waitFor(async () => {
      const res = await signedIn(base, token).get('/me');
      return res.status === 200 ? res : undefined;
    }, 'the API to answer again once PostgreSQL is back');
    await api!.waitForOutput(/PostgreSQL is reachable again/);
    expect(errorLines()).toHaveLength(1);
  }, 90_000);
});
