import { buildOrg } from '../factories/org.factory';
import type { BrowserApp } from './harness';
import { signIn, startBrowserApp } from './harness';

type Org = Awaited<ReturnType<typeof buildOrg>>;

/** A10: after a deploy an open page whose lazy chunk is gone reloads once, never in a loop. */
describe('deploys and stale pages (A10)', () => {
  let app: BrowserApp;
  let org: Org;

  beforeAll(async () => {
    app = await startBrowserApp();
    org = await buildOrg(app.t);
  });
  afterAll(() => app?.close());

  it('reloads once when a lazy chunk answers 404, then shows an error instead of looping', async () => {
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.adminA);
    await page.getByTestId('home-greeting').waitFor();
    const documents: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'document') documents.push(new URL(r.url()).pathname);
    });
    // "the deploy": the management page's chunk no longer exists
    await page.route(/\/app\/assets\/ManageHomePage-[^/]+\.js$/, (route) =>
      route.fulfill({ status: 404, contentType: 'application/json', body: '{}' }),
    );
    await page.getByRole('link', { name: '管理' }).first().click();
    await page.getByText('页面加载失败，请检查网络后刷新页面').waitFor();
    expect(documents).toEqual(['/app/manage']);
    // once the chunk is back, the next load works and a later failure may reload again
    await page.unroute(/\/app\/assets\/ManageHomePage-[^/]+\.js$/);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('管理工作台');
    const marker = await page.evaluate(() =>
      (
        globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
      ).sessionStorage.getItem('xuefa.chunk-reload'),
    );
    expect(marker).toBeNull();
  });

  it('serves index.html with no-cache and hashed assets as immutable', async () => {
    const index = await fetch(`${app.baseUrl}/app/some/page`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    expect(html).toContain('<html lang="zh-CN">');
    const asset = /\/app\/assets\/index-[\w-]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const js = await fetch(`${app.baseUrl}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});
