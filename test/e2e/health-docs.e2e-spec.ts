import request from 'supertest';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';
import { ScratchRedis } from '../utils/redis-server';

describe('health and API docs (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports PostgreSQL and Redis up', async () => {
    const res = await request(t.http).get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('serves OpenAPI with every DTO, the error envelope on every operation and the error catalogue', async () => {
    const res = await request(t.http).get('/api/docs-json').expect(200);
    const doc = res.body as {
      info: { description: string };
      paths: Record<
        string,
        Record<string, { responses: Record<string, unknown>; security?: unknown }>
      >;
      components: { schemas: Record<string, unknown> };
    };
    for (const name of [
      'LoginDto',
      'TokenPairResponseDto',
      'CreateStaffDto',
      'StaffDetailResponseDto',
      'RosterImportResultDto',
      'CreateOrgUnitDto',
      'AuditLogResponseDto',
      'ErrorResponseDto',
    ]) {
      expect(doc.components.schemas).toHaveProperty(name);
    }
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const status of ['400', '401', '500']) {
          if (!op.responses[status]) missing.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
    for (const code of ['AUTH.ACCOUNT_LOCKED', 'STAFF.IMPORT_INVALID', 'COMMON.INTERNAL']) {
      expect(doc.info.description).toContain(code);
    }
    const login = doc.paths['/auth/login'].post.responses;
    expect(Object.keys(login)).toEqual(expect.arrayContaining(['200', '401', '403', '429']));
    const html = await request(t.http).get('/api/docs').expect(200);
    expect(html.text).toContain('swagger');
  });
});

describe('health when Redis goes away (e2e)', () => {
  const redis = new ScratchRedis(16_000 + (process.pid % 1000));
  let t: TestApp;

  beforeAll(async () => {
    await redis.start();
    t = await createTestApp({ env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await redis.start();
    await t.close();
    await redis.stop();
  });

  it('answers 503 in the envelope, naming what is down, and 200 again once it is back', async () => {
    await request(t.http).get('/health').expect(200);
    await redis.stop();
    const res = await request(t.http).get('/health').expect(503);
    expect(res.body).toMatchObject({
      statusCode: 503,
      code: 'COMMON.SERVICE_UNAVAILABLE',
      details: { details: { database: { status: 'up' }, redis: { status: 'down' } } },
    });
    await redis.start();
    // the client reconnects with backoff: give a loaded machine up to 20 s
    for (const until = Date.now() + 20_000; Date.now() < until;) {
      if ((await request(t.http).get('/health')).status === 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('health did not recover');
  });
});
