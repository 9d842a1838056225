import request from 'supertest';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';
import { ensureWebBuild } from '../utils/web-build';

/** The browser app under /app/ next to the API, which keeps its own paths and JSON errors. */
describe('serving the web app (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    await ensureWebBuild();
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers every /app/ page with index.html, not cached', async () => {
    for (const path of ['/app/', '/app/attempts/123', '/app/admin/staff?x=1']) {
      const res = await request(t.http).get(path).expect(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<html lang="zh-CN">');
      expect(res.text).toContain('当前浏览器版本过低');
    }
    await request(t.http).get('/app').expect(301).expect('Location', '/app/');
  });

  it('serves hashed assets as immutable; a missing one is the JSON 404, never index.html', async () => {
    const index = await request(t.http).get('/app/').expect(200);
    const asset = /\/app\/assets\/index-[\w-]+\.js/.exec(index.text)?.[0] as string;
    const js = await request(t.http).get(asset).expect(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-type']).toContain('javascript');
    // compressed for browsers that accept it (every one does), never for the API's answers
    const gz = await request(t.http).get(asset).set('Accept-Encoding', 'gzip').expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    const page = await request(t.http).get('/app/').set('Accept-Encoding', 'gzip').expect(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    const docs = await request(t.http).get('/api/docs-json').set('Accept-Encoding', 'gzip');
    expect(docs.headers['content-encoding']).toBeUndefined();
    const missing = await request(t.http).get('/app/assets/gone-1234.js').expect(404);
    expect(missing.body).toMatchObject({ code: 'COMMON.ROUTE_NOT_FOUND' });
    expect(typeof missing.body.requestId).toBe('string');
    const post = await request(t.http).post('/app/login').send({}).expect(404);
    expect(post.body.code).toBe('COMMON.ROUTE_NOT_FOUND');
  });

  it('redirects the site root and printed check-in links into the app', async () => {
    await request(t.http).get('/').expect(302).expect('Location', '/app/');
    await request(t.http)
      .get('/checkin?session=abc&code=123456')
      .expect(302)
      .expect('Location', '/app/checkin?session=abc&code=123456');
    await request(t.http).get('/checkin').expect(302).expect('Location', '/app/checkin');
  });

  it('leaves API routes and their errors as they were, even for a browser', async () => {
    const exams = await request(t.http).get('/exams').set('Accept', 'text/html').expect(401);
    expect(exams.body.code).toBe('AUTH.TOKEN_MISSING');
    const unknown = await request(t.http).get('/no/such/route').expect(404);
    expect(unknown.body.code).toBe('COMMON.ROUTE_NOT_FOUND');
    await request(t.http).get('/health').expect(200);
    await request(t.http).get('/api/docs-json').expect(200);
  });
});
