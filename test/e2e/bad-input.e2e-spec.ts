import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('bad input gets a 4xx in the envelope, never a 500 (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let admin: Session;
  let staff: Session;

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrg(t);
    admin = await login(t, org.people.rootAdmin);
    staff = await login(t, org.people.staffA1);
  });
  afterAll(() => t.close());

  const expectEnvelope = (res: request.Response, status: number, code: string) => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.body).toEqual({
      statusCode: status,
      code,
      message: expect.stringMatching(/[\u4e00-\u9fff]/),
      requestId: expect.any(String),
      ...(res.body.details !== undefined ? { details: res.body.details } : {}),
    });
  };
  const constraintOf = (res: request.Response) =>
    (res.body.details as { constraint: string }[] | undefined)?.map((d) => d.constraint);

  describe('nesting', () => {
    it.each(['/auth/login', '/auth/refresh'])(
      'refuses JSON nested 1,500 deep on %s (no token) with 400 maxDepth',
      async (path) => {
        const res = await request(t.http)
          .post(path)
          .set('Content-Type', 'application/json')
          .send(`{"staffNo":${nested(1500)},"refreshToken":"x"}`);
        expectEnvelope(res, 400, 'COMMON.VALIDATION_FAILED');
        expect(constraintOf(res)).toEqual(['maxDepth']);
      },
    );

    it('refuses a deep body on an authenticated route, and lets 64 levels through to validation', async () => {
      const deep = await signedIn(t, admin)
        .patch(`/org-units/${org.units.deptA1.id}`)
        .set('Content-Type', 'application/json')
        .send(`{"name":${nested(65)}}`);
      expectEnvelope(deep, 400, 'COMMON.VALIDATION_FAILED');
      expect(constraintOf(deep)).toEqual(['maxDepth']);
      const ok = await signedIn(t, admin)
        .patch(`/org-units/${org.units.deptA1.id}`)
        .set('Content-Type', 'application/json')
        .send(`{"name":${nested(63)}}`);
      expectEnvelope(ok, 400, 'COMMON.VALIDATION_FAILED');
      expect(constraintOf(ok)).not.toContain('maxDepth');
    });
  });

  describe('NUL and lone surrogates', () => {
    it.each([
      ['NUL', 'XF\u0000001'],
      ['a lone high surrogate', 'XF\ud800'],
      ['a lone low surrogate', '\udc00XF'],
    ])('refuses %s in the login body before any lookup (400)', async (_, staffNo) => {
      const res = await request(t.http).post('/auth/login').send({ staffNo, password: 'x' });
      expectEnvelope(res, 400, 'COMMON.VALIDATION_FAILED');
      expect(constraintOf(res)).toEqual(['wellFormedText']);
    });

    it('accepts a well-formed surrogate pair (an emoji or a rare 汉字)', async () => {
      const res = await request(t.http)
        .post('/auth/login')
        .send({ staffNo: '𠀀😀', password: 'x' });
      expectEnvelope(res, 401, 'AUTH.INVALID_CREDENTIALS');
    });

    it('refuses them in a key, a query string, a path parameter and a form field', async () => {
      const key = await request(t.http)
        .post('/auth/login')
        .send({ staffNo: 'x', password: 'y', 'a\u0000': 1 });
      expectEnvelope(key, 400, 'COMMON.VALIDATION_FAILED');
      const query = await signedIn(t, staff).get('/laws?q=%E4%BF%A1%00');
      expectEnvelope(query, 400, 'COMMON.VALIDATION_FAILED');
      const path = await request(t.http).get('/calendar/abc%00def.ics');
      expectEnvelope(path, 400, 'COMMON.VALIDATION_FAILED');
      const badEncoding = await request(t.http).get('/calendar/%ED%A0%80.ics');
      expectEnvelope(badEncoding, 400, 'COMMON.VALIDATION_FAILED');
      const form = await request(t.http)
        .post('/auth/login')
        .type('form')
        .send('staffNo=a%00b&password=x');
      expectEnvelope(form, 400, 'COMMON.VALIDATION_FAILED');
    });

    it('refuses them in multipart fields, and writes nothing', async () => {
      const before = await t.dataSource.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM study_record',
      );
      const res = await signedIn(t, staff)
        .post('/me/study/external-training')
        .field('title', '培训\u0000班')
        .field('date', '2026-03-02')
        .field('hours', '2')
        .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'c.pdf');
      expectEnvelope(res, 400, 'COMMON.VALIDATION_FAILED');
      expect(constraintOf(res)).toEqual(['wellFormedText']);
      const after = await t.dataSource.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM study_record',
      );
      expect(after).toEqual(before);
    });
  });

  describe('numbers', () => {
    it('refuses integers beyond int4 in path, query and body with 400', async () => {
      const as = signedIn(t, admin);
      const lawId = '00000000-0000-4000-8000-000000000000';
      for (const n of ['2147483648', '99999999999999999999', '0']) {
        expectEnvelope(
          await as.get(`/laws/${lawId}/articles/${n}`),
          400,
          'COMMON.VALIDATION_FAILED',
        );
      }
      expectEnvelope(await as.get('/plans?year=2147483648'), 400, 'COMMON.VALIDATION_FAILED');
      const unit = await as.post('/org-units', {
        parentId: org.units.province.id,
        code: 'BIG-SORT',
        name: '排序溢出科',
        kind: 'department',
        sortOrder: 2147483648,
      });
      expectEnvelope(unit, 400, 'COMMON.VALIDATION_FAILED');
      expect(unit.body.details).toEqual([
        expect.objectContaining({ field: 'sortOrder', constraint: 'max' }),
      ]);
      const rows = await t.dataSource.query(`SELECT 1 FROM org_unit WHERE code = 'BIG-SORT'`);
      expect(rows).toEqual([]);
      expectEnvelope(
        await signedIn(t, staff).put(`/exam-attempts/${lawId}/answers/4294967296`, {
          seq: 1,
          response: ['A'],
        }),
        400,
        'COMMON.VALIDATION_FAILED',
      );
    });

    it.each([1e-7, 5e-324, 1.005])(
      'refuses %d hours (decimals beyond two) with 400, not a TypeError',
      async (hours) => {
        const res = await signedIn(t, staff).post('/me/study/court-hearings', {
          date: '2026-03-02',
          court: '示范市中级人民法院',
          caseName: '张某诉某局案',
          mode: 'in_person',
          hours,
        });
        expectEnvelope(res, 400, 'COMMON.VALIDATION_FAILED');
        expect(constraintOf(res)).toContain('maxDecimalPlaces');
      },
    );
  });

  describe('null in a PATCH', () => {
    it('refuses null for a field that cannot be cleared and changes nothing', async () => {
      const res = await signedIn(t, admin).patch(`/org-units/${org.units.deptA1.id}`, {
        name: null,
      });
      expectEnvelope(res, 400, 'COMMON.VALIDATION_FAILED');
      expect(res.body.details[0]).toEqual({
        field: 'name',
        constraint: 'isDefined',
        message: expect.stringContaining('null'),
      });
      const [row] = await t.dataSource.query<{ name: string }[]>(
        'SELECT name FROM org_unit WHERE id = $1',
        [org.units.deptA1.id],
      );
      expect(row.name).toBe(org.units.deptA1.name);
      const staffRes = await signedIn(t, admin).patch(`/staff/${org.people.staffA2.id}`, {
        active: null,
      });
      expectEnvelope(staffRes, 400, 'COMMON.VALIDATION_FAILED');
    });

    it('clears a field documented as clearable with null', async () => {
      const res = await signedIn(t, admin).patch(`/staff/${org.people.staffA2.id}`, {
        position: null,
      });
      expect(res.status).toBe(200);
      expect(res.body.position).toBeNull();
    });
  });

  describe('tokens', () => {
    it.each([
      `${'-'.repeat(36)}.${'a'.repeat(40)}`,
      `${'0'.repeat(36)}.${'a'.repeat(40)}`,
      `00000000-0000-0000-0000-00000000000g.${'a'.repeat(40)}`,
    ])('answers a refresh token of the right shape but no UUID (%s) with 401', async (token) => {
      const res = await request(t.http).post('/auth/refresh').send({ refreshToken: token });
      expectEnvelope(res, 401, 'AUTH.REFRESH_INVALID');
    });

    it.each([{ sid: 'not-a-uuid' }, { sub: '-'.repeat(36) }, { ver: 1.5 }])(
      'answers a validly signed access token with a malformed claim %j with 401',
      async (bad) => {
        const claims = JSON.parse(
          Buffer.from(admin.accessToken.split('.')[1], 'base64url').toString(),
        ) as Record<string, unknown>;
        const body = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ ...claims, ...bad })}`;
        const sig = createHmac('sha256', t.config.auth.jwtSecret as string)
          .update(body)
          .digest('base64url');
        const res = await signedIn(t, `${body}.${sig}`).get('/me');
        expectEnvelope(res, 401, 'AUTH.TOKEN_INVALID');
      },
    );
  });

  describe('forms and headers', () => {
    it('answers a form with too many fields with 413 COMMON.TOO_MANY_FIELDS', async () => {
      const fields = Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&');
      const res = await request(t.http).post('/auth/login').type('form').send(fields);
      expectEnvelope(res, 413, 'COMMON.TOO_MANY_FIELDS');
      expect(res.body.details).toEqual({ limit: 1000 });
    });

    it('answers a form body over the limit with 413 COMMON.PAYLOAD_TOO_LARGE', async () => {
      const res = await request(t.http)
        .post('/auth/login')
        .type('form')
        .send(`staffNo=x&password=${'y'.repeat(t.config.http.bodyLimitBytes + 1)}`);
      expectEnvelope(res, 413, 'COMMON.PAYLOAD_TOO_LARGE');
    });

    it('answers headers over the limit with 431 in the envelope', async () => {
      const server = t.http as unknown as Server;
      if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      const res = await new Promise<{ status: number; type: string; body: string }>(
        (resolve, reject) => {
          const req = httpRequest(
            { port, host: '127.0.0.1', path: '/health', headers: { cookie: 'a'.repeat(20_000) } },
            (r) => {
              let body = '';
              r.on('data', (d: Buffer) => (body += d.toString()));
              r.on('end', () =>
                resolve({
                  status: r.statusCode ?? 0,
                  type: String(r.headers['content-type']),
                  body,
                }),
              );
            },
          );
          req.on('error', reject);
          req.end();
        },
      );
      expect(res.status).toBe(431);
      expect(res.type).toMatch(/^application\/json/);
      expect(JSON.parse(res.body)).toEqual({
        statusCode: 431,
        code: 'COMMON.HEADERS_TOO_LARGE',
        message: expect.stringMatching(/[\u4e00-\u9fff]/),
        requestId: expect.any(String),
      });
    });
  });
});
