import request from 'supertest';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

describe('one error envelope for everything (e2e)', () => {
  let t: TestApp;
  let root: Session;

  beforeAll(async () => {
    t = await createTestApp({ env: { BODY_LIMIT_BYTES: '2048', UPLOAD_LIMIT_BYTES: '4096' } });
    const org = await buildOrg(t);
    root = await login(t, org.people.rootAdmin);
  });
  afterAll(() => t.close());

  const envelope = (body: Record<string, unknown>, status: number, code: string) => {
    expect(body).toEqual({
      statusCode: status,
      code,
      message: expect.stringMatching(/[\u4e00-\u9fff]/),
      requestId: expect.any(String),
      ...(body.details !== undefined ? { details: body.details } : {}),
    });
  };

  it('malformed JSON → 400 COMMON.MALFORMED_JSON', async () => {
    const res = await request(t.http)
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"staffNo": "x",')
      .expect(400);
    envelope(res.body, 400, 'COMMON.MALFORMED_JSON');
  });

  it('unknown route → 404 COMMON.ROUTE_NOT_FOUND, with or without a token', async () => {
    const anon = await request(t.http).get('/no/such/route').expect(404);
    envelope(anon.body, 404, 'COMMON.ROUTE_NOT_FOUND');
    const signed = await signedIn(t, root).delete('/me').expect(404);
    envelope(signed.body, 404, 'COMMON.ROUTE_NOT_FOUND');
  });

  it('a body over the limit → 413 COMMON.PAYLOAD_TOO_LARGE; an upload over the limit too', async () => {
    const res = await request(t.http)
      .post('/auth/login')
      .send({ staffNo: 'x', password: 'y'.repeat(5000) })
      .expect(413);
    envelope(res.body, 413, 'COMMON.PAYLOAD_TOO_LARGE');
    const upload = await signedIn(t, root)
      .post('/staff/import')
      .attach('file', Buffer.alloc(10_000, 1), 'big.xlsx')
      .expect(413);
    envelope(upload.body, 413, 'COMMON.PAYLOAD_TOO_LARGE');
  });

  it('validation errors list every field in details', async () => {
    const res = await signedIn(t, root).post('/org-units').send({ code: '', kind: 1 }).expect(400);
    envelope(res.body, 400, 'COMMON.VALIDATION_FAILED');
    const fields = (res.body.details as { field: string }[]).map((d) => d.field);
    expect(new Set(fields)).toEqual(new Set(['parentId', 'code', 'name', 'kind']));
  });

  it('anything unexpected → 500 COMMON.INTERNAL with the request id and no stack trace', async () => {
    await t.owner.query('ALTER TABLE org_unit RENAME TO org_unit_gone');
    try {
      const res = await signedIn(t, root)
        .get('/org-units')
        .set('X-Request-Id', 'trace-me-500')
        .expect(500);
      expect(res.body).toEqual({
        statusCode: 500,
        code: 'COMMON.INTERNAL',
        message: '服务器内部错误，请联系管理员并提供请求编号',
        requestId: 'trace-me-500',
      });
      expect(JSON.stringify(res.body)).not.toMatch(/org_unit|stack|at /);
    } finally {
      await t.owner.query('ALTER TABLE org_unit_gone RENAME TO org_unit');
    }
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const kept = await request(t.http).get('/health').set('X-Request-Id', 'abc-123').expect(200);
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await request(t.http)
      .get('/health')
      .set('X-Request-Id', 'bad id with spaces')
      .expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
