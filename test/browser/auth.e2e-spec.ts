import { buildOrg } from '../factories/org.factory';
import type { BrowserApp, InPage } from './harness';
import { recordApiRequests, screenshot, signIn, signInWithForm, startBrowserApp } from './harness';

type Org = Awaited<ReturnType<typeof buildOrg>>;

describe('sign-in, password change, deep links and roles in the browser (A1, A2, A4)', () => {
  let app: BrowserApp;
  let org: Org;

  beforeAll(async () => {
    app = await startBrowserApp();
    org = await buildOrg(app.t);
  });
  afterAll(() => app?.close());

  describe.each(['desktop', 'phone'] as const)('A1 login on %s', (size) => {
    it('shows the server message for a wrong password and keeps the staff number', async () => {
      const page = await app.newPage(size);
      await page.goto('/app/login');
      await page.getByLabel('工号').fill(org.people.staffA2.staffNo);
      await page.getByLabel('密码', { exact: true }).fill('Wrong-passw0rd');
      await page.getByRole('button', { name: '登录' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('工号或密码错误');
      await expect(page.getByLabel('工号').inputValue()).resolves.toBe(org.people.staffA2.staffNo);
      await screenshot(page, 'login-error');
      await page.close();
    });

    it('sends a first sign-in to 修改密码, lists every policy violation, then works', async () => {
      const fresh = await org.f.staff({ unit: org.units.deptA1, mustChangePassword: true });
      const page = await app.newPage(size);
      await page.goto('/app/login');
      await signInWithForm(page, fresh);
      await page.waitForURL('**/app/password**');
      await expect(page.getByTestId('password-policy').textContent()).resolves.toContain(
        '长度至少 8 个字符',
      );
      await screenshot(page, 'password-forced');
      // a password that breaks three rules: every reason is listed
      await page.getByLabel('当前密码').fill(fresh.password);
      const weak = fresh.staffNo.toLowerCase();
      await page.getByLabel('新密码', { exact: true }).fill(weak);
      await page.getByLabel('再次输入新密码').fill(weak);
      await page.getByRole('button', { name: '确认修改' }).click();
      const error = page.getByTestId('password-error');
      await expect(error.getAttribute('role')).resolves.toBe('alert');
      const items = await error.locator('li').allTextContents();
      expect(items).toEqual([
        '长度至少 8 个字符',
        '需包含大写字母、小写字母、数字、其他字符中的至少 3 类',
        '不能包含工号',
      ]);
      await screenshot(page, 'password-violations');
      // the home page is not reachable before the change
      await page.goto('/app/');
      await page.waitForURL('**/app/password**');
      await page.getByLabel('当前密码').fill(fresh.password);
      await page.getByLabel('新密码', { exact: true }).fill('New-Passw0rd!');
      await page.getByLabel('再次输入新密码').fill('New-Passw0rd!');
      await page.getByRole('button', { name: '确认修改' }).click();
      await page.waitForURL((url) => url.pathname === '/app/');
      await expect(page.getByTestId('home-greeting').textContent()).resolves.toContain(fresh.name);
      // afterwards /me works with the stored (new) pair
      const me = await page.evaluate(async () => {
        const s = JSON.parse(
          (globalThis as unknown as InPage).localStorage.getItem('xuefa.session') ?? '{}',
        ) as {
          accessToken?: string;
        };
        const r = await fetch('/me', { headers: { Authorization: `Bearer ${s.accessToken}` } });
        return { status: r.status, body: (await r.json()) as { mustChangePassword: boolean } };
      });
      expect(me.status).toBe(200);
      expect(me.body.mustChangePassword).toBe(false);
      await screenshot(page, 'home');
      await page.close();
    });
  });

  it('A1: repeated wrong passwords show the lock message with its minutes', async () => {
    const victim = await org.f.staff({ unit: org.units.deptA2 });
    const page = await app.newPage('desktop');
    await page.goto('/app/login');
    const messages: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.getByLabel('工号').fill(victim.staffNo);
      await page.getByLabel('密码', { exact: true }).fill(`Wrong-passw0rd-${i}`);
      const answered = page.waitForResponse((r) => r.url().endsWith('/auth/login'));
      await page.getByRole('button', { name: '登录' }).click();
      await answered;
      messages.push((await page.getByTestId('login-error').textContent()) ?? '');
    }
    expect(messages[0]).toContain('工号或密码错误');
    // the sixth try from this address waits (429 AUTH.TOO_MANY_FAILURES), with its minutes
    expect(messages[5]).toContain('登录失败次数过多，请 1 分钟后再试');
    await page.close();
  });

  it('A2: a signed-out deep link goes to 登录 and back to the same address', async () => {
    const page = await app.newPage('desktop');
    await page.goto('/app/no-such-page?x=1');
    await page.waitForURL('**/app/login?redirect=**');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/no-such-page?x=1');
    await signInWithForm(page, org.people.staffA1);
    await page.waitForURL((url) => url.pathname === '/app/no-such-page');
    expect(new URL(page.url()).search).toBe('?x=1');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('页面不存在');
    await page.close();
  });

  it('A2: the printed check-in link redirects into the app and keeps its query', async () => {
    const res = await fetch(`${app.baseUrl}/checkin?session=s1&code=123456`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app/checkin?session=s1&code=123456');
  });

  describe.each(['desktop', 'phone'] as const)('A4 roles on %s', (size) => {
    it('plain staff see no management menu and get 无权访问 on an admin page without calling its API', async () => {
      const page = await app.newPage(size);
      await signIn(page, app, org.people.staffA1);
      await page.getByTestId('home-greeting').waitFor();
      // the home page's own reads are done; from here on only the admin page counts
      await page.waitForLoadState('networkidle');
      const requests = recordApiRequests(page);
      await expect(page.getByRole('link', { name: '管理' }).count()).resolves.toBe(0);
      await page.goto('/app/admin/staff');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('无权访问');
      expect(new URL(page.url()).pathname).toBe('/app/admin/staff');
      expect(requests.filter((r) => !['GET /me', 'POST /auth/login'].includes(r))).toEqual([]);
      await screenshot(page, 'forbidden');
      await page.close();
    });

    it('a secretary has 考试管理 and 学习活动 but not 导出与校验; HR the other way round', async () => {
      const menuOf = async (who: typeof org.people.secA) => {
        const page = await app.newPage(size);
        await signIn(page, app, who, '/manage');
        await page.getByRole('heading', { level: 1, name: '管理工作台' }).waitFor();
        // the sidebar (a drawer's copy on phones): its links, visible or not
        const items = await page.locator('nav.sidebar a').allTextContents();
        await page.close();
        return items.map((x) => x.trim());
      };
      const secretary = await menuOf(org.people.secA);
      expect(secretary).toEqual(expect.arrayContaining(['考试管理', '学习活动', '合规看板']));
      expect(secretary).not.toContain('导出与校验');
      expect(secretary).not.toContain('人员档案');
      const hr = await menuOf(org.people.hrA);
      expect(hr).toEqual(expect.arrayContaining(['导出与校验', '人员档案', '合规看板']));
      expect(hr).not.toContain('考试管理');
      expect(hr).not.toContain('学习活动');
    });

    it('an admin reaches the management shell', async () => {
      const page = await app.newPage(size);
      await signIn(page, app, org.people.adminA, '/manage');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        '管理工作台',
      );
      await screenshot(page, 'manage-home');
      await page.close();
    });
  });
});
