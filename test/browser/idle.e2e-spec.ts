import { buildOrg } from '../factories/org.factory';
import type { BrowserApp } from './harness';
import { recordApiRequests, screenshot, signIn, startBrowserApp } from './harness';

type Org = Awaited<ReturnType<typeof buildOrg>>;

/** A3: the idle sign-out is announced 2 minutes ahead, can be extended, and nothing polls. */
describe('idle warning in the browser (A3)', () => {
  let app: BrowserApp;
  let org: Org;

  beforeAll(async () => {
    app = await startBrowserApp();
    org = await buildOrg(app.t);
  });
  afterAll(() => app?.close());

  it.each(['desktop', 'phone'] as const)(
    'warns at 13 minutes without input, 继续使用 keeps the sign-in, silence signs out (%s)',
    async (size) => {
      const page = await app.newPage(size);
      await page.clock.install();
      await signIn(page, app, org.people.staffA1);
      await page.getByTestId('home-greeting').waitFor();
      const requests = recordApiRequests(page);
      const dialog = page.getByRole('alertdialog');

      await page.clock.fastForward('12:50');
      await page.clock.runFor(2000);
      await expect(dialog.isVisible()).resolves.toBe(false);
      await page.clock.runFor('00:12');
      await dialog.waitFor();
      await expect(dialog.textContent()).resolves.toContain('即将因长时间未操作退出登录');
      const shown = await dialog.locator('.idle-countdown').textContent();
      expect(shown).toMatch(/^(1 分 5\d 秒|2 分 00 秒)$/);
      await page.clock.runFor('00:30');
      await expect(dialog.locator('.idle-countdown').textContent()).resolves.toMatch(
        /^1 分 [23]\d 秒$/,
      );
      await screenshot(page, 'idle-warning');
      // nothing was sent while idle
      expect(requests).toEqual([]);

      await page.getByRole('button', { name: '继续使用' }).click();
      await page.clock.runFor(1000);
      await dialog.waitFor({ state: 'hidden' });
      expect(requests).toEqual(['GET /me']);
      await expect(page.getByTestId('home-greeting').isVisible()).resolves.toBe(true);

      // no input at all now: warned again after 13 minutes, signed out at 15
      await page.clock.fastForward('13:10');
      await page.clock.runFor(1000);
      await dialog.waitFor();
      await page.clock.fastForward('02:00');
      await page.clock.runFor(1000);
      await page.waitForURL('**/app/login?redirect=**');
      await expect(page.getByTestId('login-notice').textContent()).resolves.toContain(
        '长时间未操作，已自动退出登录',
      );
      expect(requests).toEqual(['GET /me']);
      const stored = await page.evaluate(() =>
        Object.keys((globalThis as unknown as { localStorage: object }).localStorage),
      );
      expect(stored.filter((k) => k.startsWith('xuefa.'))).toEqual([]);
      await page.close();
    },
  );

  it('uses the idle timeout the server reports', async () => {
    const short = await startBrowserApp({ env: { IDLE_TIMEOUT_MINUTES: '5' } });
    try {
      const people = (await buildOrg(short.t)).people;
      const page = await short.newPage('desktop');
      await page.clock.install();
      await signIn(page, short, people.staffA2);
      await page.getByTestId('home-greeting').waitFor();
      await page.clock.fastForward('02:50');
      await page.clock.runFor(1000);
      await expect(page.getByRole('alertdialog').isVisible()).resolves.toBe(false);
      await page.clock.runFor('00:15');
      await page.getByRole('alertdialog').waitFor();
      await expect(page.getByRole('alertdialog').textContent()).resolves.toContain(
        '即将因长时间未操作退出登录',
      );
    } finally {
      await short.close();
    }
  });
});
