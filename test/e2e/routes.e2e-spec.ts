import { createHmac } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import request from 'supertest';
import { buildOrg } from '../factories/org.factory';
import { bearer, login, signedIn } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

/** Routes anyone may call without signing in, on purpose. Adding one means changing this list. */
const PUBLIC_ROUTES = [
  'GET /health',
  'POST /auth/login',
  'POST /auth/refresh',
  'GET /public/plans/:id/responsibility-list',
  // the calendar feed: the secret is the token in its URL
  'GET /calendar/:file',
  // an evidence export's one-time download link: the secret is the signed token in its URL
  'GET /export-downloads/:token',
  // redirects into the browser app (/app/): the site root and printed check-in links
  'GET /',
  'GET /checkin',
];

interface Route {
  method: string;
  path: string;
}

/** Every route of every controller, read from Nest's own routing metadata. */
function listRoutes(t: TestApp): Route[] {
  const discovery = t.get(DiscoveryService);
  const scanner = t.get(MetadataScanner);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    const prefix = String(Reflect.getMetadata(PATH_METADATA, instance.constructor) ?? '');
    const proto = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = (proto as Record<string, unknown>)[name] as object;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const full = `/${[prefix, path].filter((p) => p && p !== '/').join('/')}`.replace(
        /\/+/g,
        '/',
      );
      routes.push({ method: RequestMethod[method], path: full });
    }
  }
  return routes;
}

const concrete = (path: string) =>
  path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('every route is authenticated unless explicitly public (e2e)', () => {
  let t: TestApp;
  let routes: Route[];
  let valid: string;

  beforeAll(async () => {
    t = await createTestApp();
    routes = listRoutes(t);
    const org = await buildOrg(t);
    valid = (await login(t, org.people.staffA1)).accessToken;
  });
  afterAll(() => t.close());

  it('finds the routes (sanity: the inventory is not empty and includes known ones)', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(
      expect.arrayContaining(['GET /me', 'POST /staff/import', ...PUBLIC_ROUTES]),
    );
    expect(routes.length).toBeGreaterThan(20);
  });

  it('answers 401 without a token on every non-public route', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (PUBLIC_ROUTES.includes(key)) continue;
      const res = await request(t.http)[r.method.toLowerCase() as 'get'](concrete(r.path));
      if (res.status !== 401 || res.body.code !== 'AUTH.TOKEN_MISSING')
        failures.push(`${key} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 with expired, tampered, wrongly signed and alg:none tokens on every non-public route', async () => {
    const [header, payload] = valid.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const now = Math.floor(Date.now() / 1000);
    const sign = (h: object, p: object, secret: string) => {
      const body = `${b64url(h)}.${b64url(p)}`;
      return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    };
    const secret = t.config.auth.jwtSecret as string;
    const bad: Record<string, string> = {
      expired: sign(
        { alg: 'HS256', typ: 'JWT' },
        { ...claims, iat: now - 2000, exp: now - 1000 },
        secret,
      ),
      tampered: `${header}.${b64url({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })}.${valid.split('.')[2]}`,
      wrongKey: sign(
        { alg: 'HS256', typ: 'JWT' },
        claims,
        'another-secret-another-secret-another-secret',
      ),
      algNone: `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`,
      garbage: 'not-a-jwt',
    };
    const failures: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (PUBLIC_ROUTES.includes(key)) continue;
      for (const [kind, token] of Object.entries(bad)) {
        const res = await request(t.http)
          [r.method.toLowerCase() as 'get'](concrete(r.path))
          .set('Authorization', bearer(token));
        if (res.status !== 401) failures.push(`${key} with ${kind} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    // and the valid token is accepted, so the refusals above are about the tokens
    await signedIn(t, valid).get('/me').expect(200);
  });

  it('keeps public routes reachable without a token', async () => {
    await request(t.http).get('/health').expect(200);
    const res = await request(t.http).post('/auth/login').send({ staffNo: 'x', password: 'y' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH.INVALID_CREDENTIALS');
  });
});
