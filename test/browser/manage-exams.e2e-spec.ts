import type { Page } from 'playwright-core';
import { sitExam } from '../factories/exam.factory';
import { login, signedIn } from '../utils/auth';
import { expectAccessible, expectNoHorizontalScroll } from './a11y';
import type { World } from './exam-setup';
import { examinee, publishWorldExam, seedExamWorld, until } from './exam-setup';
import type { BrowserApp } from './harness';
import { screenshot, signIn, startBrowserApp } from './harness';

/** A `datetime-local` value in Beijing time (the wizard's inputs). */
function beijingInput(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
}

interface Rate {
  numerator: number;
  denominator: number;
  percent: number | null;
}
const rateText = (r: Rate) =>
  `${r.numerator} / ${r.denominator}（${r.percent === null ? '—' : `${r.percent.toFixed(1)}%`}）`;

const TITLE = '2026年度学法考试（浏览器组卷）';

/**
 * 考试管理 in the browser (web.md §5.3, §8.3 A4–A5): a secretary builds an exam by blueprint in
 * the wizard, sees a refused publish's shortfall per rule, publishes, watches two people sit it
 * live without reloading, closes it early, checks the results against the API, exports them and
 * generates the make-up.
 */
describe('exam management pages (browser)', () => {
  let app: BrowserApp;
  let world: World;

  beforeAll(async () => {
    app = await startBrowserApp();
    world = await seedExamWorld(app, 6);
    // the web build may run first (web/dist stale)
  }, 240_000);
  afterAll(() => app?.close());

  async function next(page: Page): Promise<void> {
    await page.getByTestId('wz-next').click();
  }

  it('runs a whole exam cycle from the wizard to the make-up (desktop)', async () => {
    const { org } = world;
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.secA, '/manage');

    // A4: the secretary's menu has 考试管理
    const menu = page.getByRole('navigation', { name: '管理菜单' }).first();
    await menu.getByRole('link', { name: '考试管理' }).click();
    await page.waitForURL(/\/app\/manage\/exams$/);
    await page.getByRole('heading', { level: 1, name: '考试管理' }).waitFor();
    await expect(page.title()).resolves.toBe('考试管理 - 学法考法平台');

    // the wizard: basics
    await page.getByTestId('new-exam').click();
    await page.waitForURL(/\/manage\/exams\/new$/);
    await page.getByRole('heading', { level: 1, name: '新建考试' }).waitFor();
    await page.getByTestId('wz-unit').selectOption(org.units.bureauA.id);
    await page.getByTestId('wz-title').fill(TITLE);
    const now = app.t.clock.now().getTime();
    await page.getByTestId('wz-opens').fill(beijingInput(now - 2 * 60_000));
    await page.getByTestId('wz-closes').fill(beijingInput(now + 3 * 3_600_000));
    await page.getByTestId('wz-duration').fill('30');
    await expectAccessible(page);
    await screenshot(page, 'manage-exam-wizard');
    await next(page);

    // audience: department A1 (the pool, the secretary, admin and HR of bureau A, staff A1)
    await page.getByRole('checkbox', { name: '来访接待科' }).check();
    await next(page);

    // paper: one rule asking for more single-choice questions than the bank holds
    await page.getByTestId('rule-count').first().fill('10');
    await page.getByTestId('rule-points').first().fill('10');
    await page
      .getByTestId('rule-available')
      .first()
      .filter({ hasText: '可抽题目 3 道（符合条件 3 道），需要 10 道，不足' })
      .waitFor();
    await next(page);
    // policy: options shuffle by default for an official exam
    await expect(page.getByTestId('wz-shuffle-options').isChecked()).resolves.toBe(true);
    await next(page);
    await page.getByTestId('wz-publish').click();
    const shortfall = page.getByTestId('shortfall');
    await shortfall.waitFor();
    await expect(shortfall.textContent()).resolves.toContain(
      '规则 1（单选题）：需要 10 道，题库中可用 3 道，还差 7 道',
    );
    await expect(page.getByTestId('wizard-error').textContent()).resolves.toContain(
      '题库中符合条件的可用题目不足',
    );
    await screenshot(page, 'manage-exam-shortfall');

    // back to the paper: three single-choice questions and one true/false
    await page.getByRole('button', { name: '上一步' }).click();
    await page.getByRole('button', { name: '上一步' }).click();
    await page.getByTestId('rule-count').first().fill('3');
    await page.getByTestId('rule-points').first().fill('25');
    await page.getByTestId('add-rule').click();
    await page.getByTestId('rule-type').nth(1).selectOption('true_false');
    await page.getByTestId('rule-count').nth(1).fill('1');
    await page.getByTestId('rule-points').nth(1).fill('25');
    await page.getByTestId('rule-available').nth(1).filter({ hasText: '足够' }).waitFor();
    await page.getByTestId('rule-available').first().filter({ hasText: '足够' }).waitFor();
    await next(page);
    await next(page);
    await page.getByTestId('preview').waitFor();
    await expect(page.getByTestId('preview-total').textContent()).resolves.toContain(
      '样卷共 4 题，满分 100 分',
    );
    await expect(
      page
        .getByTestId('preview')
        .getByText(/^答案：/)
        .count(),
    ).resolves.toBe(4);
    await page.getByTestId('wz-publish').click();
    await page.waitForURL(/\/manage\/exams\/[0-9a-f-]+$/);
    const examId = new URL(page.url()).pathname.split('/').pop() as string;
    await page.getByTestId('exam-status').filter({ hasText: '已发布' }).waitFor();

    const sec = signedIn(app.t, await login(app.t, org.people.secA));
    const detail = await sec.get(`/exams/${examId}`).expect(200);
    expect(detail.body).toMatchObject({ title: TITLE, paperMode: 'random', shuffleOptions: true });
    await expect(page.getByTestId('candidate-count').textContent()).resolves.toContain(
      `${detail.body.candidateCount as number} 人`,
    );

    // live: nobody yet; then one answers and one hands in, seen without reloading
    await page.getByTestId('live-answering').filter({ hasText: '0 人' }).waitFor();
    await page.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const first = examinee(world);
    const second = examinee(world);
    const answering = signedIn(app.t, await login(app.t, first));
    const { attemptId: answeringId } = await sitExam(answering, examId, [], { submit: false });
    await sitExam(signedIn(app.t, await login(app.t, second)), examId, [['A']]);
    await page
      .getByTestId('live-answering')
      .filter({ hasText: '1 人' })
      .waitFor({ timeout: 25_000 });
    await page.getByTestId('live-submitted').filter({ hasText: '1 人' }).waitFor();
    await page.getByTestId('live-list').getByText(first.name).waitFor();
    await expect(
      page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded),
    ).resolves.toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'manage-exam-live');

    // closing early is refused while someone answers, in Chinese
    await page.getByTestId('close-reason').fill('全员已交卷，当天安排补考');
    await page.getByTestId('close-exam').click();
    await page.getByTestId('detail-error').filter({ hasText: '正在答题' }).waitFor();
    await answering.post(`/exam-attempts/${answeringId}/submit`).expect(200);
    await page.getByTestId('close-exam').click();
    await page.getByTestId('exam-status').filter({ hasText: '已结束' }).waitFor();

    // results: the figures are the API's
    await page.goto(`/app/manage/exams/${examId}/results`);
    await page.getByTestId('figures').waitFor();
    const api = (await sec.get(`/exams/${examId}/results`).expect(200)).body as {
      summary: Record<'sat' | 'passed' | 'passedOfSat' | 'officialPassed', Rate> & {
        candidates: number;
        distribution: { label: string; count: number }[];
      };
      candidates: { name: string }[];
    };
    await expect(page.getByTestId('fig-candidates').textContent()).resolves.toBe(
      String(api.summary.candidates),
    );
    await expect(page.getByTestId('fig-sat').textContent()).resolves.toBe(
      rateText(api.summary.sat),
    );
    await expect(page.getByTestId('fig-passed').textContent()).resolves.toBe(
      rateText(api.summary.passed),
    );
    await expect(page.getByTestId('fig-passed-of-sat').textContent()).resolves.toBe(
      rateText(api.summary.passedOfSat),
    );
    await expect(page.getByTestId('fig-official').textContent()).resolves.toBe(
      rateText(api.summary.officialPassed),
    );
    expect(api.summary.sat.numerator).toBe(2);
    const dist = await page
      .getByTestId('distribution')
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => (r as unknown as { innerText: string }).innerText.split('\t')),
      );
    expect(dist).toEqual(api.summary.distribution.map((b) => [b.label, String(b.count)]));
    const names = await page.getByTestId('result-row').locator('td:nth-child(2)').allTextContents();
    expect(names).toEqual(api.candidates.map((c) => c.name));
    // the chart (lazy ECharts) describes itself
    await page.locator('.chart-box [aria-label]').first().waitFor();

    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export').click(),
    ]);
    expect(file.suggestedFilename()).toBe(`${TITLE}-成绩.xlsx`);
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'manage-exam-results');

    // the make-up, one click from the closed exam
    await page.goto(`/app/manage/exams/${examId}`);
    await page.getByTestId('make-makeup').click();
    await page.waitForURL((url) => !url.pathname.endsWith(examId));
    await page.getByRole('heading', { level: 1, name: `${TITLE}（补考）` }).waitFor();
    await page.getByTestId('exam-status').filter({ hasText: '已发布' }).waitFor();
    const makeups = await sec.get('/exams').query({ pageSize: 100 }).expect(200);
    expect(
      (makeups.body.items as { parentExamId: string | null; kind: string }[]).filter(
        (e) => e.parentExamId === examId,
      ),
    ).toEqual([expect.objectContaining({ kind: 'makeup' })]);
  }, 150_000);

  it.each(['desktop', 'phone'] as const)(
    'shows the list and the results without sideways scrolling (%s)',
    async (size) => {
      const examId = await publishWorldExam(app, world, { title: `成绩页考试（${size}）` });
      const who = examinee(world);
      await sitExam(signedIn(app.t, await login(app.t, who)), examId, [['A']]);
      const page = await app.newPage(size);
      await signIn(page, app, world.org.people.secA, '/manage/exams');
      await page.getByTestId('exam-row').first().waitFor();
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await screenshot(page, 'manage-exams-list');

      await page.goto(`/app/manage/exams/${examId}/results`);
      await page.getByTestId('result-row').first().waitFor();
      await until(
        async () => (await page.locator('.chart-box canvas').count()) > 0,
        'the chart to draw',
      );
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await screenshot(page, 'manage-exam-results-paged');
      // a person's row as text, whichever layout
      await expect(page.getByTestId('results-table').textContent()).resolves.toContain(who.name);
    },
  );

  it('editing a draft shows the named staff of its audience by name', async () => {
    const { org, bank, pool } = world;
    const sec = signedIn(app.t, await login(app.t, org.people.secA));
    const now = app.t.clock.now().getTime();
    const draft = await sec
      .post('/exams', {
        unitId: org.units.bureauA.id,
        title: '草稿：指定人员',
        kind: 'official',
        opensAt: new Date(now + 86_400_000).toISOString(),
        closesAt: new Date(now + 2 * 86_400_000).toISOString(),
        durationMinutes: 30,
        audienceUnitIds: [org.units.deptA2.id],
        audienceStaffIds: [pool[0].id],
        paperMode: 'fixed',
        questions: [{ questionId: bank.codes['EX-SI01'], points: 100 }],
      })
      .expect(201);
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.secA, `/manage/exams/${draft.body.id}/edit`);
    // the draft loads into the form
    await until(
      async () => (await page.getByTestId('wz-title').inputValue()) === '草稿：指定人员',
      'the draft in the form',
    );
    await next(page);
    const named = page.getByText(`${pool[0].name} ${pool[0].staffNo}`);
    await named.waitFor();
    await expect(named.count()).resolves.toBe(1);
    await page.close();
  });

  it('grades short answers blind, shows an attempt in full, item statistics and a key correction (desktop)', async () => {
    const examId = await publishWorldExam(app, world, { title: '评分与分析考试' });
    const a = examinee(world);
    const b = examinee(world);
    await sitExam(signedIn(app.t, await login(app.t, a)), examId, [['A']]);
    await sitExam(signedIn(app.t, await login(app.t, b)), examId, [['B']]);
    const page = await app.newPage('desktop');

    // blind grading: no names until asked for
    await signIn(page, app, world.org.people.secA, `/manage/exams/${examId}/grading`);
    const item = page.getByTestId('grading-item');
    await item.waitFor();
    await expect(item.textContent()).resolves.not.toContain(a.name);
    await expect(item.textContent()).resolves.not.toContain(b.name);
    await expectAccessible(page);
    await screenshot(page, 'manage-exam-grading');
    await page.getByLabel('显示考生姓名').check();
    await item.filter({ hasText: new RegExp(`${a.name}|${b.name}`) }).waitFor();
    for (let i = 0; i < 2; i++) {
      await page.getByTestId('grade-score').fill('10');
      await page.getByTestId('grade-feedback').fill('要点基本齐全');
      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/grades/') && r.request().method() === 'PUT'),
        page.getByTestId('grade-save').click(),
      ]);
      expect(saved.status()).toBe(200);
    }
    await page.getByRole('status').filter({ hasText: '已评分：本题 10 分' }).waitFor();

    // statistics of the two graded attempts
    await page.goto(`/app/manage/exams/${examId}/statistics`);
    await page.getByTestId('q-stats').waitFor();
    await expect(page.getByText('依据 2 份已评分答卷').count()).resolves.toBe(1);
    await expect(page.getByTestId('q-stats').locator('tbody tr').count()).resolves.toBe(5);
    await page.getByTestId('q-sort').selectOption('facility');
    await expectAccessible(page);
    await screenshot(page, 'manage-exam-statistics');

    // one attempt in full, from the results table
    await page.goto(`/app/manage/exams/${examId}/results`);
    await page.getByRole('link', { name: a.name }).click();
    await page.waitForURL(/\/attempts\/[0-9a-f-]+$/);
    await expect(page.getByTestId('finalised-by').textContent()).resolves.toContain('本人交卷');
    await page.getByText('评语：要点基本齐全').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'manage-exam-attempt');

    // correct the key of question 1 to B: both attempts regraded
    await page.goto(`/app/manage/exams/${examId}/key-corrections`);
    await page.getByTestId('kc-question').selectOption(world.bank.codes['EX-SI01']);
    await page.getByTestId('kc-answer').fill('B');
    await page.getByTestId('kc-reason').fill('原答案与条文不符');
    await page.getByTestId('kc-submit').click();
    await expect(page.getByTestId('kc-result').textContent()).resolves.toContain(
      '已重新评分 2 份答卷，其中 2 份得分变化',
    );
    await expectAccessible(page);
  }, 120_000);
});
