import type { BrowserApp, Size } from './harness';
import { recordApiRequests, screenshot, signIn, startBrowserApp } from './harness';
import type { World } from './exam-setup';
import {
  examinee,
  openQuestion,
  publishWorldExam,
  recordSaves,
  seedExamWorld,
  serverView,
  startAttempt,
  until,
} from './exam-setup';

const SIZES: Size[] = ['desktop', 'phone'];

/** The exam page (web.md §6, §8.2): countdown, autosave, answer card, hand-in, review. */
describe('exam page in the browser', () => {
  let app: BrowserApp;
  let world: World;
  let examId: string;

  beforeAll(async () => {
    app = await startBrowserApp();
    world = await seedExamWorld(app);
    examId = await publishWorldExam(app, world);
  });
  afterAll(() => app?.close());

  it.each(SIZES)(
    'E1 the countdown follows the server and re-syncs on heartbeats (%s)',
    async (size) => {
      const who = examinee(world);
      const page = await app.newPage(size);
      await page.clock.install();
      await signIn(page, app, who, '/exams');
      const assets: string[] = [];
      page.on('request', (r) => assets.push(new URL(r.url()).pathname));
      await page.getByTestId('start-exam').click();
      await page.waitForURL(/\/exams\/[0-9a-f-]+$/);
      // 考前须知 loads the exam page's code before the attempt starts (a deploy cannot break it)
      await until(() => assets.some((a) => /\/app\/assets\/AttemptPage-.*\.js$/.test(a)), 'chunk');
      await screenshot(page, 'exam-rules');
      await page.getByTestId('begin-exam').click();
      await page.waitForURL(/\/attempts\/[0-9a-f-]+$/);
      const attemptId = new URL(page.url()).pathname.split('/').pop() as string;
      const timer = page.getByTestId('timer');
      await until(async () => /^(30:00|29:5\d)$/.test((await timer.textContent()) ?? ''), '30:00');
      // both clocks move on a minute (a heartbeat in between asks the server)
      app.t.clock.advance(60_000);
      await page.clock.fastForward('01:00');
      await page.clock.runFor(500);
      await until(async () => /^(29:00|28:5\d)$/.test((await timer.textContent()) ?? ''), '29:00');

      // a heartbeat that says 20 minutes (extra time taken away / clock drift) re-syncs the display
      const requests = recordApiRequests(page);
      await page.route('**/heartbeat', (r) =>
        r.fulfill({
          json: {
            serverTime: new Date().toISOString(),
            deadlineAt: new Date(Date.now() + 1_200_000).toISOString(),
            remainingSeconds: 1200,
            status: 'in_progress',
          },
        }),
      );
      await page.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
      await page.clock.runFor(500);
      await until(async () => /^(20:00|19:59)$/.test((await timer.textContent()) ?? ''), '20:00');
      expect(requests.filter((r) => r.endsWith('/heartbeat'))).toHaveLength(1);
      await page.unroute('**/heartbeat');

      // left alone for 4 minutes: about one heartbeat a minute (60 s ± 10 s) and nothing else
      requests.length = 0;
      app.t.clock.advance(240_000);
      await page.clock.runFor('04:00');
      expect(requests.length).toBeGreaterThanOrEqual(3);
      expect(requests.length).toBeLessThanOrEqual(5);
      expect(new Set(requests)).toEqual(new Set([`POST /exam-attempts/${attemptId}/heartbeat`]));
      await screenshot(page, 'exam-attempt');
      await page.close();
    },
  );

  it.each(SIZES)(
    'E2 autosave: seq per change, 保存中 then 已保存, one save per typing pause (%s)',
    async (size) => {
      const who = examinee(world);
      const page = await app.newPage(size);
      const attemptId = await startAttempt(page, app, who, examId);
      const saves = recordSaves(page);
      const requests = recordApiRequests(page);
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => (release = r));
      await page.route('**/answers/1', async (r) => {
        await gate;
        await r.continue();
      });
      await page.getByLabel('书面告知').check();
      await until(
        async () =>
          (await page.getByTestId('save-status').textContent())?.includes('保存中') ?? false,
        '保存中',
      );
      release();
      await until(
        async () =>
          /已保存 \d\d:\d\d:\d\d/.test((await page.getByTestId('save-status').textContent()) ?? ''),
        '已保存 hh:mm:ss',
      );
      await page.getByLabel('口头告知').check();
      await until(() => saves.length === 2, 'second save');
      expect(saves.slice(0, 2)).toEqual([
        { position: 1, seq: 1, response: ['A'] },
        { position: 1, seq: 2, response: ['B'] },
      ]);

      // fill-in (question 4): one save after the pause, not one per key
      await openQuestion(page, size, 4);
      await page.getByTestId('blank').first().pressSequentially('书面形式', { delay: 60 });
      await until(() => saves.some((s) => s.position === 4), 'fill-in save');
      await until(
        async () =>
          /已保存/.test((await page.getByTestId('question-save-status').textContent()) ?? ''),
        'fill-in saved',
      );
      expect(saves.filter((s) => s.position === 4)).toEqual([
        { position: 4, seq: 1, response: ['书面形式'] },
      ]);
      // at most one request per answer change (text debounced), heartbeats aside
      expect(requests.filter((r) => !r.endsWith('/heartbeat'))).toHaveLength(3);
      const server = await serverView(app, who, attemptId);
      expect(server.questions.find((q) => q.position === 1)).toMatchObject({
        response: ['B'],
        seq: 2,
      });
      expect(server.questions.find((q) => q.position === 4)).toMatchObject({
        response: ['书面形式'],
      });
      await page.close();
    },
  );

  it.each(SIZES)(
    'E3 network drop: 未保存，正在重试 and 未同步, then saved without user action (%s)',
    async (size) => {
      const who = examinee(world);
      const context = await app.newContext(size);
      const page = await context.newPage();
      const attemptId = await startAttempt(page, app, who, examId);
      await openQuestion(page, size, 2);
      await context.setOffline(true);
      await page.getByLabel('书面告知信访人').check();
      await page.getByLabel('在决定后告知').check();
      const status = page.getByRole('status').filter({ hasText: '未保存，正在重试' });
      await status.waitFor();
      await page.getByRole('alert').filter({ hasText: '未保存' }).waitFor();
      if (size === 'phone') await page.getByTestId('open-card').click();
      await page.getByRole('button', { name: /^第2题，已作答.*未同步/ }).waitFor();
      await screenshot(page, 'exam-offline');
      if (size === 'phone') await page.keyboard.press('Escape');
      await context.setOffline(false);
      await until(
        async () => (await serverView(app, who, attemptId)).questions[1].response?.join() === 'A,B',
        'Q2 saved after reconnecting',
      );
      const q2 = (await serverView(app, who, attemptId)).questions[1];
      // two changes (A, then A+B): the server holds the second
      expect(q2.seq).toBe(2);
      await until(async () => (await status.count()) === 0, 'status back to saved');

      // the save alone failing (route abort) behaves the same
      await page.route('**/answers/3', (r) => r.abort('failed'));
      await openQuestion(page, size, 3);
      await page.getByLabel('正确').check();
      await status.waitFor();
      await page.unroute('**/answers/3');
      await until(
        async () => (await serverView(app, who, attemptId)).questions[2].response?.join() === 'A',
        'Q3 saved by the retry',
      );
      await context.close();
    },
  );

  it.each(SIZES)(
    'E5 resume: answers, flags, the question and the time survive a reload; the local queue is re-sent (%s)',
    async (size) => {
      const who = examinee(world);
      const page = await app.newPage(size);
      const attemptId = await startAttempt(page, app, who, examId);
      await page.getByLabel('书面告知').check();
      await openQuestion(page, size, 2);
      await page.getByLabel('书面告知信访人').check();
      await openQuestion(page, size, 3);
      await page.getByTestId('flag').click();
      await until(
        async () => /已保存/.test((await page.getByTestId('save-status').textContent()) ?? ''),
        'saved',
      );
      const before = (await page.getByTestId('timer').textContent()) ?? '';
      await page.reload();
      await page.locator('#question-stem').waitFor();
      await expect(page.locator('#question-stem').textContent()).resolves.toContain('第 3 题');
      await expect(page.getByTestId('flag').getAttribute('aria-pressed')).resolves.toBe('true');
      const after = (await page.getByTestId('timer').textContent()) ?? '';
      expect(after <= before).toBe(true);
      if (size === 'phone') await page.getByTestId('open-card').click();
      await page.getByRole('button', { name: /^第1题，已作答/ }).waitFor();
      await page.getByRole('button', { name: /^第2题，已作答/ }).waitFor();
      await page.getByRole('button', { name: /^第3题，未作答，已标记/ }).waitFor();
      if (size === 'phone') await page.keyboard.press('Escape');

      // Q4 answered while the saves fail, then a reload: restored from the local queue
      await page.route('**/answers/4', (r) => r.abort('internetdisconnected'));
      await openQuestion(page, size, 4);
      await page.getByTestId('blank').first().fill('书面');
      await page.getByTestId('blank').first().blur();
      await page.getByRole('status').filter({ hasText: '未保存，正在重试' }).waitFor();
      const prompts: string[] = [];
      page.on('dialog', (d) => {
        prompts.push(d.type());
        void d.accept();
      });
      await page.reload();
      await page.locator('#question-stem').waitFor();
      expect(prompts).toEqual(['beforeunload']);
      await expect(page.getByTestId('blank').first().inputValue()).resolves.toBe('书面');
      await page.unroute('**/answers/4');
      await until(
        async () =>
          (await serverView(app, who, attemptId)).questions[3].response?.join() === '书面',
        'Q4 synced from the local queue',
      );
      await page.close();
    },
  );

  it.each(SIZES)(
    'E6 E7 answer card states, Enter on a cell, the summary, 返回作答, 确认交卷 and Back (%s)',
    async (size) => {
      const who = examinee(world);
      const page = await app.newPage(size);
      const bodies: string[] = [];
      page.on('response', (r) => {
        if (new URL(r.url()).pathname.startsWith('/exam-attempts/')) {
          void r.text().then(
            (t) => bodies.push(t),
            () => undefined,
          );
        }
      });
      const attemptId = await startAttempt(page, app, who, examId);
      await page.getByLabel('书面告知').check();
      await openQuestion(page, size, 3);
      await page.getByTestId('flag').click();
      if (size === 'phone') await page.getByTestId('open-card').click();
      await page.getByRole('button', { name: '第1题，已作答' }).waitFor();
      await page.getByRole('button', { name: '第2题，未作答' }).waitFor();
      await page.getByRole('button', { name: '第3题，未作答，已标记，当前题' }).waitFor();
      await screenshot(page, 'exam-answer-card');
      await page.getByRole('button', { name: /^第2题，/ }).focus();
      await page.keyboard.press('Enter');
      await until(
        () => page.evaluate<boolean>("document.activeElement?.id === 'question-stem'"),
        'focus on the stem',
      );
      await expect(page.locator('#question-stem').textContent()).resolves.toContain('第 2 题');
      await until(
        async () => /已保存/.test((await page.getByTestId('save-status').textContent()) ?? ''),
        'saved',
      );

      const submit = page.getByRole('button', { name: '交卷', exact: true });
      await submit.click();
      const summary = page.getByRole('dialog', { name: '答题概览' });
      await summary.waitFor();
      await expect(summary.getByTestId('summary-unanswered').textContent()).resolves.toContain(
        '未作答：4 题（第 2、3、4、5 题）',
      );
      await expect(summary.getByTestId('summary-flagged').textContent()).resolves.toContain(
        '已标记：1 题（第 3 题）',
      );
      await screenshot(page, 'exam-summary');
      await summary.getByRole('button', { name: '返回作答' }).click();
      await summary.waitFor({ state: 'hidden' });
      await until(
        () => page.evaluate<boolean>("document.activeElement?.textContent?.trim() === '交卷'"),
        'focus back on 交卷',
      );
      await submit.click();
      await summary.getByRole('button', { name: '确认交卷' }).click();
      await page.waitForURL(`**/attempts/${attemptId}/result`);
      await page.getByTestId('result-score').waitFor();
      await page.getByTestId('key').first().waitFor();
      await screenshot(page, 'exam-result');
      // E9: nothing during the attempt carried keys, explanations or scores
      const during = bodies.slice();
      expect(during.length).toBeGreaterThan(1);
      // (the submit answer is the review itself, allowed by with_answers/after_submit)
      for (const b of during.slice(0, -2)) {
        expect(b).not.toMatch(/correctAnswer|explanation|"score"/);
      }
      await page.goBack();
      await page.waitForLoadState();
      await until(
        async () => !/\/attempts\/[^/]+$/.test(new URL(page.url()).pathname),
        'not back in the attempt',
      );
      await expect(page.locator('input[type=radio]:not([disabled])').count()).resolves.toBe(0);
      await page.close();
    },
  );
});
