import type { Page } from 'playwright-core';
import { StudyLedgerService } from '../../src/modules/study/records/study-ledger.service';
import type { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import { expectAccessible, expectNoHorizontalScroll } from './a11y';
import type { World } from './exam-setup';
import { seedExamWorld, until } from './exam-setup';
import type { BrowserApp } from './harness';
import { screenshot, signIn, startBrowserApp } from './harness';

type Org = Awaited<ReturnType<typeof buildOrg>>;
type Rate = { numerator: number; denominator: number; percent: number | null };
type Figures = Record<'participation' | 'exam' | 'pass' | 'passOfSat', Rate>;

const rateText = (r: Rate) =>
  `${r.numerator} / ${r.denominator}（${r.percent === null ? '—' : `${r.percent.toFixed(1)}%`}）`;

/** The cells of every row of a table (by test id), trimmed. */
async function cells(page: Page, testId: string): Promise<string[][]> {
  const rows = page.getByTestId(testId).locator('tbody tr');
  const out: string[][] = [];
  for (let i = 0, n = await rows.count(); i < n; i++) {
    out.push((await rows.nth(i).locator('td').allTextContents()).map((c) => c.trim()));
  }
  return out;
}

describe('compliance dashboard and plan pages in the browser (合规看板, 未完成名单, 年度报告, 学法计划)', () => {
  let app: BrowserApp;
  let org: Org;
  let world: World;
  let planId: string;

  beforeAll(async () => {
    app = await startBrowserApp();
    world = await seedExamWorld(app, 2);
    org = world.org;
    // 101 more people in 办信科 (as the roster import writes them), so the missing list runs
    // over two pages of 100
    await app.t.dataSource.query(
      `INSERT INTO staff (staff_no, name, unit_id, employment_start)
         SELECT 'B' || lpad(n::text, 4, '0'), '干部' || n, $1, '2020-01-01'
           FROM generate_series(1, 101) n`,
      [org.units.deptA2.id],
    );
    const year = app.t.clock.now().getFullYear();
    const admin = signedIn(app.t, await login(app.t, org.people.adminA));
    const plan = await admin
      .post('/plans', {
        unitId: org.units.bureauA.id,
        year,
        title: `${year}年度学法考法计划`,
        requiredHours: 4,
        passTarget: 95,
      })
      .expect(201);
    planId = plan.body.id as string;
    await admin
      .put(`/plans/${planId}/required-laws`, { laws: [{ lawId: world.bank.lawId }] })
      .expect(200);
    await admin.patch(`/plans/${planId}`, { status: 'active' }).expect(200);
    const today = app.t.clock.now().toISOString().slice(0, 10);
    for (const [who, hours, withLaw] of [
      [org.people.staffA1, 5, true],
      [world.pool[0], 4, true],
      [world.pool[1], 2, false],
    ] as const) {
      await app.t.get(StudyLedgerService).credit({
        staffId: who.id,
        kind: 'self_study',
        sourceKey: `browser-${who.id}`,
        occurredOn: today,
        hours,
        title: '自学',
        laws: withLaw ? [{ lawId: world.bank.lawId }] : [],
      });
    }
  }, 240_000); // the first run may build the web app
  afterAll(() => app?.close());

  it.each(['desktop', 'phone'] as const)(
    'A6: the dashboard shows the API figures as n / d with one decimal, target and 达标 in words; each chart with its table (%s)',
    async (size) => {
      const api = signedIn(app.t, await login(app.t, org.people.secA));
      const figures = (await api.get(`/plans/${planId}/compliance`).expect(200)).body as {
        figures: Figures & Record<string, unknown>;
        byUnit: (Figures & { unitName: string; required: number })[];
        trend: { month: string; studyMet: number; sat: number; passed: number }[];
        sessions: unknown[];
      };
      const page = await app.newPage(size);
      await signIn(page, app, org.people.secA, `/manage/compliance?plan=${planId}`);
      await page.getByTestId('rate-participation').waitFor();
      for (const key of ['participation', 'exam', 'pass', 'passOfSat'] as const) {
        const card = page.getByTestId(`rate-${key}`);
        await expect(card.getByTestId('rate-value').textContent()).resolves.toBe(
          rateText(figures.figures[key]),
        );
      }
      // 参学率 2 / 106: 1.9%, target 100.0%, not met, said in words
      await expect(
        page.getByTestId('rate-participation').getByTestId('rate-target').textContent(),
      ).resolves.toBe('目标 100.0%，未达标');
      await expect(
        page.getByTestId('rate-passOfSat').getByTestId('rate-target').textContent(),
      ).resolves.toBe('无目标');
      expect(await cells(page, 'by-unit')).toEqual(
        figures.byUnit.map((u) => [
          u.unitName,
          String(u.required),
          rateText(u.participation),
          rateText(u.exam),
          rateText(u.pass),
          rateText(u.passOfSat),
        ]),
      );
      // the trend chart's table holds the same figures as the API; the chart is drawn
      expect(await cells(page, 'trend-table')).toEqual(
        figures.trend.map((m) => [m.month, String(m.studyMet), String(m.sat), String(m.passed)]),
      );
      await page.locator('.chart svg').first().waitFor();
      await expect(page.getByTestId('live').textContent()).resolves.toContain('计划执行中');
      await expect(page.getByTestId('computed-at').textContent()).resolves.toContain('计算于');
      expect(figures.sessions).toEqual([]);
      await expect(page.getByText('统计期内尚未举办集中学习活动。').count()).resolves.toBe(1);
      await expect(page.title()).resolves.toBe('合规看板 - 学法考法平台');
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await screenshot(page, 'manage-compliance');
      await page.close();
    },
  );

  it.each(['desktop', 'phone'] as const)(
    'A6: the missing list shows who misses what, a page of 100 at a time, as the API says (%s)',
    async (size) => {
      const api = signedIn(app.t, await login(app.t, org.people.hrA));
      const all = (
        await api.get(`/plans/${planId}/compliance/missing?rate=participation`).expect(200)
      ).body as {
        total: number;
        items: { staffNo: string; name: string; unitName: string; missing: string[] }[];
      };
      expect(all.total).toBeGreaterThan(100);
      const page = await app.newPage(size);
      await signIn(page, app, org.people.hrA, `/manage/compliance/missing?plan=${planId}`);
      await page.getByTestId('missing-list').waitFor();
      await expect(page.getByTestId('missing-total').textContent()).resolves.toContain(
        `共 ${all.total} 人未完成`,
      );
      const rows = (items: typeof all.items) =>
        items.map((m) => [m.staffNo, m.name, m.unitName, m.missing.join('')]);
      expect(await cells(page, 'missing-list')).toEqual(rows(all.items.slice(0, 100)));
      await page.getByRole('button', { name: '下一页' }).click();
      await until(
        async () => (await page.getByTestId('missing-row').count()) === all.total - 100,
        'second page',
      );
      expect(await cells(page, 'missing-list')).toEqual(rows(all.items.slice(100)));
      // by rate: the exam list says nobody sat
      await page.getByTestId('rate-tab-exam').click();
      await until(
        async () =>
          ((await page.getByTestId('missing-reason').first().textContent()) ?? '') ===
          '未参加正式考试或补考',
        'exam list',
      );
      await expect(page.title()).resolves.toBe('未完成名单 - 学法考法平台');
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await screenshot(page, 'manage-compliance-missing');
      await page.close();
    },
  );

  it.each(['desktop', 'phone'] as const)(
    'the annual report renders from its Markdown and downloads as Word under its Chinese name (%s)',
    async (size) => {
      const api = signedIn(app.t, await login(app.t, org.people.secA));
      const word = await api.get(`/plans/${planId}/report?format=docx`).expect(200);
      const header = String(word.headers['content-disposition']);
      const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(header)![1]);
      expect(name).toMatch(/[\u4e00-\u9fa5].*\.docx$/);
      const page = await app.newPage(size);
      await signIn(page, app, org.people.secA, `/manage/compliance/report?plan=${planId}`);
      const body = page.getByTestId('report-body');
      // the report's title under the page's own h1
      await body.locator('h2').first().waitFor();
      await expect(body.locator('h2').first().textContent()).resolves.toContain(
        '年度学法考法工作情况',
      );
      await expect(body.locator('table').count()).resolves.toBe(1);
      await expect(body.textContent()).resolves.toContain('参学率1.9%');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('report-docx').click(),
      ]);
      expect(download.suggestedFilename()).toBe(name);
      await expect(page.getByTestId('report-notice').textContent()).resolves.toBe(
        `已下载：${name}`,
      );
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await screenshot(page, 'manage-compliance-report');
      await page.close();
    },
  );

  it.each(['desktop', 'phone'] as const)(
    'a secretary narrows the required laws to articles and publishes the 普法责任清单; its public link needs no sign-in (%s)',
    async (size) => {
      const page = await app.newPage(size);
      await signIn(page, app, org.people.secA, `/manage/plans/${planId}`);
      const form = page.getByTestId('required-laws-form');
      await form.waitFor();
      await form
        .getByTestId('law-articles')
        .first()
        .fill(size === 'desktop' ? '1-2' : '1');
      await form.getByTestId('laws-save').click();
      await until(
        async () =>
          ((await page.getByTestId('plan-notice').textContent()) ?? '') === '必学法律法规已保存',
        'laws saved',
      );
      const api = signedIn(app.t, await login(app.t, org.people.secA));
      const plan = (await api.get(`/plans/${planId}`).expect(200)).body as {
        requiredLaws: { lawId: string; articles: number[] }[];
      };
      expect(plan.requiredLaws).toEqual([
        expect.objectContaining({
          lawId: world.bank.lawId,
          articles: size === 'desktop' ? [1, 2] : [1],
        }),
      ]);
      if (size === 'desktop') {
        const items = page.getByTestId('item-form');
        await items.getByTestId('item-activity').fill('集中学习并开展网上答题');
        await items.getByTestId('item-owner').fill('法规科');
        await items.getByRole('textbox', { name: '主题' }).fill('宪法宣传周');
        await items.getByTestId('item-add').click();
        await page.getByTestId('item-row').first().waitFor();
        await page.getByTestId('list-publish').click();
      }
      const link = page.getByTestId('public-link');
      await link.waitFor();
      const href = (await link.getAttribute('href')) ?? '';
      expect(href).toMatch(new RegExp(`/public/plans/${planId}/responsibility-list$`));
      // a browser that never signed in reads the list
      const stranger = await app.newPage(size);
      const res = await stranger.request.get(href);
      expect(res.status()).toBe(200);
      const list = (await res.json()) as { items: { topic: string }[] };
      expect(list.items.map((i) => i.topic)).toEqual(['宪法宣传周']);
      await stranger.close();
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await screenshot(page, 'manage-plan-secretary');
      await page.close();
    },
  );

  it.each(['desktop', 'phone'] as const)(
    'HR reads the plans and the dashboard without edit buttons, and may record exemptions (%s)',
    async (size) => {
      const page = await app.newPage(size);
      await signIn(page, app, org.people.hrA, '/manage/plans');
      await page.getByTestId('plan-row').first().waitFor();
      await expect(page.getByTestId('plan-create').count()).resolves.toBe(0);
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await screenshot(page, 'manage-plans-hr');
      await page.getByRole('link', { name: /年度学法考法计划/ }).click();
      await page.getByTestId('required-laws').waitFor();
      await expect(page.getByTestId('plan-status').textContent()).resolves.toContain('只读');
      for (const id of [
        'plan-actions',
        'plan-basics',
        'required-laws-form',
        'item-form',
        'list-publish',
        'list-unpublish',
      ]) {
        await expect(page.getByTestId(id).count()).resolves.toBe(0);
      }
      await expect(page.getByRole('button', { name: /删除|保存|公开/ }).count()).resolves.toBe(0);
      await page.getByTestId('exemption-form').waitFor();
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await screenshot(page, 'manage-plan-hr');
      await page.close();
    },
  );
});
