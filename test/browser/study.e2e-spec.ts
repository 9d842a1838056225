import { LawImportService } from '../../src/modules/curriculum/laws/law-import.service';
import { publishExam, seedBank, sitExam } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import { fixtureLaw } from '../factories/law-fixtures';
import { expectAccessible, expectNoHorizontalScroll } from './a11y';
import { PNG, daysAgo } from './fixtures';
import type { BrowserApp } from './harness';
import { recordApiRequests, screenshot, signIn, startBrowserApp } from './harness';

type Org = Awaited<ReturnType<typeof buildOrg>>;

describe('study pages in the browser (A9, A11, laws, practice, 错题本, 我的学时)', () => {
  let app: BrowserApp;
  let org: Org;
  let lawId: string;
  let codes: Record<string, string>;
  let xssLawId: string;

  beforeAll(async () => {
    // a cap of 3 minutes makes capReached reachable with a handful of heartbeats
    app = await startBrowserApp({ env: { SELF_STUDY_CAP_MINUTES: '3' } });
    org = await buildOrg(app.t);
    ({ lawId, codes } = await seedBank(app.t, { single_choice: 6 }));
    const xss = await app.t.get(LawImportService).importText(
      fixtureLaw({
        title: '示范市标记测试办法',
        chapters: [
          {
            title: '总则',
            articles: [
              { n: 1, text: ['信访标记<img src=x onerror="window.__xss=1">测试条文。'] },
              { n: 2, text: ['本条与检索无关。'] },
            ],
          },
        ],
      }),
      { source: 'xss.md' },
    );
    xssLawId = xss.lawId;
  });
  afterAll(() => app?.close());

  it.each(['desktop', 'phone'] as const)(
    'laws: list, search with highlighted snippets, an XSS payload stays text, A11 smoke (%s)',
    async (size) => {
      const page = await app.newPage(size);
      await signIn(page, app, org.people.staffA1, '/laws');
      await page.getByTestId('law-item').first().waitFor();
      await expect(page.getByTestId('law-list').textContent()).resolves.toContain(
        '示范市信访工作办法',
      );
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'laws');

      await expectAccessible(page);

      // the server's own snippet of a law that holds markup
      await page.getByLabel('搜索法规条文').fill('信访标记');
      await page.getByRole('button', { name: '搜索', exact: true }).click();
      const snippet = page.getByTestId('search-snippet').first();
      await snippet.waitFor();
      await expect(snippet.locator('mark').count()).resolves.toBeGreaterThan(0);
      await expect(snippet.textContent()).resolves.toContain('<img src=x onerror=');
      await expect(page.getByTestId('search-results').locator('img').count()).resolves.toBe(0);

      // a hostile answer (raw markup next to the marks) is escaped by the page itself
      await page.route('**/laws/search?**', async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { items: { snippet: string }[] };
        for (const item of body.items) {
          item.snippet =
            '<img src=x onerror="window.__xss=2"><script>window.__xss=3</script>' +
            '<mark onmouseover="window.__xss=4">悬停</mark><mark>信访</mark><b>粗体</b>';
        }
        await route.fulfill({ response, json: body });
      });
      await page.getByRole('button', { name: '搜索', exact: true }).click();
      await page.getByTestId('search-snippet').first().filter({ hasText: '粗体' }).waitFor();
      const results = page.getByTestId('search-results');
      await expect(results.locator('img, script, b, [onmouseover]').count()).resolves.toBe(0);
      await expect(results.locator('mark').first().textContent()).resolves.toBe('信访');
      await page.getByTestId('search-snippet').first().hover();
      await expect(page.evaluate('window.__xss')).resolves.toBeUndefined();
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'laws-search');

      // a hit opens the reader at its article
      await page.unroute('**/laws/search?**');
      await page.getByTestId('search-hit').getByRole('link').first().click();
      await page.waitForURL(`**/app/laws/${xssLawId}?article=1`);
      await page.locator('#article-1').waitFor();
      await expect(page.locator('h1').textContent()).resolves.toBe('示范市标记测试办法');
      await expect(page.locator('#article-1 img').count()).resolves.toBe(0);
      await page.close();
    },
  );

  it.each(['desktop', 'phone'] as const)(
    'reader: tree, articles and jump to an article (%s)',
    async (size) => {
      const page = await app.newPage(size);
      await signIn(page, app, org.people.staffA2, `/laws/${lawId}`);
      await page.locator('#article-3').waitFor();
      // folded on phones, so that the text comes first
      if (size === 'phone') await page.getByText('目录', { exact: true }).click();
      await expect(
        page.getByRole('navigation', { name: '法规目录' }).textContent(),
      ).resolves.toContain('第二章 附则');
      await expect(page.getByTestId('law-text').textContent()).resolves.toContain(
        '不予受理的，应当书面告知信访人。',
      );
      await expectAccessible(page);
      await page.getByLabel('跳转到第几条').fill('9');
      await page.getByRole('button', { name: '跳转' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain(
        '请输入 1 到 3 之间的条号',
      );
      await page.getByLabel('跳转到第几条').fill('3');
      await page.getByRole('button', { name: '跳转' }).click();
      await expect(
        page.evaluate('document.activeElement && document.activeElement.id'),
      ).resolves.toBe('article-3');
      await page.getByRole('button', { name: /第一章 总则/ }).click();
      await expect(
        page.evaluate('document.activeElement && document.activeElement.id'),
      ).resolves.toBe('article-1');
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'law-reader');
      await page.close();
    },
  );

  it('A9 reading credit: a heartbeat per interval while visible and used, none when hidden or idle, none after the cap', async () => {
    const who = org.people.staffB;
    const page = await app.newPage('desktop');
    await page.clock.install();
    await signIn(page, app, who, `/laws/${lawId}`);
    await page.locator('#article-1').waitFor();
    const requests = recordApiRequests(page);
    const beats = () => requests.filter((r) => r === 'POST /me/reading/heartbeat').length;
    const credit = page.getByTestId('reading-credit');
    let x = 100;
    const act = () => page.mouse.move((x += 7), 300);
    /** Browser and server time move together (the server measures the gaps). */
    const pass = async (seconds: number) => {
      app.t.clock.advance(seconds * 1000);
      await page.clock.runFor(seconds * 1000);
    };
    const answered = () => page.waitForResponse((r) => r.url().endsWith('/me/reading/heartbeat'));

    await act();
    await pass(29);
    expect(beats()).toBe(0);
    let response = answered();
    await pass(1);
    await response;
    expect(beats()).toBe(1);
    await credit.filter({ hasText: '今日已计入自学 0 分钟（上限 3）' }).waitFor();

    await act();
    response = answered();
    await pass(30);
    await response;
    await credit.filter({ hasText: '今日已计入自学 1 分钟（上限 3）' }).waitFor();
    expect(beats()).toBe(2);

    // hidden: nothing, however long
    await act();
    await page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));`);
    await pass(90);
    expect(beats()).toBe(2);
    // visible again (with input): the next one after a full interval
    await page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));`);
    await act();
    await pass(29);
    expect(beats()).toBe(2);
    response = answered();
    await pass(1);
    await response;
    expect(beats()).toBe(3);

    // no input any more: two more within two minutes of the last input, then none
    response = answered();
    await pass(30);
    await response;
    await credit.filter({ hasText: '今日已计入自学 2 分钟（上限 3）' }).waitFor();
    response = answered();
    await pass(30);
    await response;
    expect(beats()).toBe(5);
    await pass(150);
    expect(beats()).toBe(5);
    await screenshot(page, 'law-reader-credit');

    // input again: one more interval reaches the cap, then nothing is sent
    await act();
    response = answered();
    await pass(30);
    await response;
    await credit.filter({ hasText: '今日已计入自学 3 分钟（上限 3），今日自学已达上限' }).waitFor();
    expect(beats()).toBe(6);
    for (let i = 0; i < 4; i++) {
      await act();
      await pass(30);
    }
    expect(beats()).toBe(6);
    // besides the heartbeats only the shell's unread badge, refreshed when the page comes back
    expect(
      requests.filter((r) => r !== 'POST /me/reading/heartbeat' && r !== 'GET /me/notifications'),
    ).toEqual([]);

    // the server credited three minutes of self-study on the articles read
    const api = signedIn(app.t, await login(app.t, who));
    const records = await api.get('/me/study/records?kind=self_study').expect(200);
    expect(records.body.items).toHaveLength(1);
    expect(records.body.items[0]).toMatchObject({
      kind: 'self_study',
      status: 'credited',
      hours: 0.05,
      details: { minutes: 3, capMinutes: 3 },
    });
    await page.close();
  });

  it.each([
    ['desktop', 'staffA1'],
    ['phone', 'staffA2'],
  ] as const)(
    'practice: refused with the server message, start, answer, feedback, finish; 错题本 (%s)',
    async (size, person) => {
      const page = await app.newPage(size);
      await signIn(page, app, org.people[person], '/practice');
      await page.getByRole('heading', { name: '开始练习' }).waitFor();

      // an empty 错题本: the server's message is shown
      await page.getByLabel('错题本', { exact: true }).check();
      await page.getByRole('button', { name: '开始练习' }).click();
      await expect(page.getByTestId('practice-error').textContent()).resolves.toContain(
        '错题本中没有可练习的题目',
      );

      await page.getByLabel('按法规').check();
      await page.getByTestId('practice-law').selectOption(lawId);
      await page.getByLabel('题目数量（5–50）').fill('5');
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'practice');
      await page.getByRole('button', { name: '开始练习' }).click();
      await page.waitForURL('**/app/practice/*');
      await page.getByTestId('quiz-question').waitFor();
      await expectNoHorizontalScroll(page);

      // a wrong answer: key, explanation, into the book
      await page.getByLabel(/口头告知$/).check();
      await page.getByRole('button', { name: '提交本题' }).click();
      const feedback = page.getByTestId('quiz-feedback');
      await feedback.waitFor();
      await expect(feedback.textContent()).resolves.toContain('✗ 回答错误');
      await expect(feedback.textContent()).resolves.toMatch(/正确答案：[A-D]/);
      await expect(feedback.textContent()).resolves.toContain('解析：依据第二条');
      await expect(page.getByTestId('wrong-book-change').textContent()).resolves.toContain(
        '已加入错题本',
      );
      await screenshot(page, 'practice-feedback');
      await expectAccessible(page);

      // a right one
      await page.getByRole('button', { name: '下一题' }).click();
      await page.getByLabel(/书面告知$/).check();
      await page.getByRole('button', { name: '提交本题' }).click();
      await expect(feedback.textContent()).resolves.toContain('✓ 回答正确');
      await page.getByRole('button', { name: '完成练习' }).click();
      await expect(page.getByTestId('quiz-finished').textContent()).resolves.toContain(
        '作答 2 题，答对 1 题',
      );
      await screenshot(page, 'practice-finished');

      // the book holds the wrong one; two right answers in a row take it out
      await page.goto('/app/wrong-answers');
      await page.getByTestId('wrong-item').first().waitFor();
      await expect(page.getByTestId('wrong-item').count()).resolves.toBe(1);
      await expect(page.getByTestId('wrong-list').textContent()).resolves.toContain('答错 1 次');
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'wrong-answers');
      await expectAccessible(page);
      for (const expected of ['仍在错题本中（已连续答对 1 次', '已移出错题本']) {
        await page.goto('/app/wrong-answers');
        await page.getByTestId('practise-wrong').click();
        await page.waitForURL('**/app/practice/*');
        await page.getByLabel(/书面告知$/).check();
        await page.getByRole('button', { name: '提交本题' }).click();
        await expect(page.getByTestId('wrong-book-change').textContent()).resolves.toContain(
          expected,
        );
        // its only question answered, the quiz is over
        await page.getByTestId('quiz-finished').waitFor();
      }
      await page.goto('/app/wrong-answers');
      await page.getByText('错题本是空的。').waitFor();

      await page.goto('/app/practice');
      await page.getByTestId('practice-history').locator('li').nth(2).waitFor();
      await expect(page.getByTestId('practice-history').locator('li').count()).resolves.toBe(3);
      await expect(page.getByTestId('practice-history').textContent()).resolves.toContain('已完成');
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'practice-history');
      await page.close();
    },
  );

  it.each([
    ['desktop', 'hrA'],
    ['phone', 'secA'],
  ] as const)(
    '我的学时: a court-hearing claim and an external-training claim with its certificate (%s)',
    async (size, person) => {
      const page = await app.newPage(size);
      await signIn(page, app, org.people[person], '/study');
      await page.getByTestId('study-hours').waitFor();
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'study');

      await page.getByRole('button', { name: '旁听庭审', exact: true }).click();
      const court = page.getByTestId('court-form');
      await court.getByLabel('日期', { exact: true }).fill(daysAgo(3));
      await court.getByLabel('法院', { exact: true }).fill('示范市中级人民法院');
      await court.getByLabel('案件名称').fill('张某诉示范市某局政府信息公开案');
      await court.getByLabel('观看庭审视频').check();
      await court.getByLabel('学时（0.5–8）').fill('2.5');
      await court.getByLabel('示范市信访工作办法').check();
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'study-court-form');
      await court.getByRole('button', { name: '提交旁听庭审' }).click();
      await expect(page.getByTestId('claim-done').textContent()).resolves.toContain(
        '旁听庭审记录已提交',
      );
      const first = page.getByTestId('study-record').first();
      await first.filter({ hasText: '旁听庭审' }).waitFor();
      await expect(first.textContent()).resolves.toContain('旁听庭审');
      await expect(first.textContent()).resolves.toContain('待审核');
      await expect(first.textContent()).resolves.toContain('2.5 学时');

      await page.getByRole('button', { name: '外出培训', exact: true }).click();
      const training = page.getByTestId('training-form');
      await training.getByLabel('培训名称').fill('2026年度全省信访干部法治培训班');
      await training.getByLabel('结束日期').fill(daysAgo(5));
      await training.getByLabel('学时（0.5–24）').fill('8');
      await training
        .getByLabel('培训证书（PDF、JPEG 或 PNG）')
        .setInputFiles({ name: '结业证书.png', mimeType: 'image/png', buffer: PNG });
      await training.getByRole('button', { name: '提交外出培训' }).click();
      await expect(page.getByTestId('claim-done').textContent()).resolves.toContain(
        '外出培训记录已提交',
      );
      await page
        .getByTestId('study-hours')
        .filter({ hasText: '另有 2 条记录（10.5 学时）待审核' })
        .waitFor();

      const record = page.getByTestId('study-record').filter({ hasText: '外部培训' });
      await record.getByRole('button', { name: '查看证书' }).click();
      const img = record.getByTestId('certificate-preview').getByRole('img');
      await img.waitFor();
      await expect(img.getAttribute('src')).resolves.toMatch(/^blob:/);
      await expect(
        page.evaluate(
          "document.querySelector('[data-testid=certificate-preview] img').naturalWidth",
        ),
      ).resolves.toBe(1);
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'study-records');
      await expectAccessible(page);
      await page.close();
    },
  );
  it('practice and the 错题本 show the server message while an exam is in progress', async () => {
    const unit = await org.f.unit('法制科', 'department', org.units.bureauA);
    const who = await org.f.staff({ unit });
    const sec = signedIn(app.t, await login(app.t, org.people.secA));
    const now = app.t.clock.now().getTime();
    const examId = await publishExam(sec, {
      unitId: org.units.bureauA.id,
      title: '2026年度学法考试',
      kind: 'official',
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 2 * 3_600_000).toISOString(),
      durationMinutes: 30,
      audienceUnitIds: [unit.id],
      paperMode: 'fixed',
      questions: [{ questionId: codes['EX-SI01'], points: 100 }],
    });
    await sitExam(signedIn(app.t, await login(app.t, who)), examId, [], { submit: false });

    const page = await app.newPage('desktop');
    await signIn(page, app, who, '/practice');
    await page.getByTestId('practice-law').selectOption(lawId);
    await page.getByRole('button', { name: '开始练习' }).click();
    await expect(page.getByTestId('practice-error').textContent()).resolves.toContain(
      '考试进行中，暂不能练习或查看错题，请交卷后再试',
    );
    await page.goto('/app/wrong-answers');
    await expect(page.getByTestId('wrong-error').textContent()).resolves.toContain(
      '考试进行中，暂不能练习或查看错题，请交卷后再试',
    );
    await page.close();
  });
});
