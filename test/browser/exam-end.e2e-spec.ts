import type { Route } from 'playwright-core';
import { sitExam } from '../factories/exam.factory';
import { login, signedIn } from '../utils/auth';
import type { BrowserApp, Size } from './harness';
import { recordApiRequests, screenshot, signIn, startBrowserApp } from './harness';
import type { World } from './exam-setup';
import {
  examinee,
  openQuestion,
  publishWorldExam,
  seedExamWorld,
  serverView,
  startAttempt,
  until,
} from './exam-setup';

/**
 * Runs in the page: does the focused element match, has it a visible focus indicator, and is it
 * clear of the sticky bars (WCAG 2.4.7, 2.4.11)? (A string: the tests compile without the DOM.)
 */
const FOCUS_CHECK = `(m) => {
  const el = document.activeElement;
  if (!el || el === document.body) return { hit: false, ok: true, why: '' };
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const ring = style.outlineStyle !== 'none' || style.boxShadow !== 'none';
  const top = document.querySelector('.bar-top')?.getBoundingClientRect();
  const bottom = document.querySelector('.bar-bottom')?.getBoundingClientRect();
  const inBar = !!el.closest('.bar-top, .bar-bottom, [role=dialog]');
  const covered = !inBar && !!top && !!bottom && (r.top < top.bottom - 1 || r.bottom > bottom.top + 1);
  const label = el.tagName + ' ' + (el.getAttribute('aria-label') ?? '') + ' ' + (el.textContent ?? '').trim().slice(0, 20);
  return { hit: el.matches(m), ok: ring && !covered, why: label + ' ring=' + ring + ' covered=' + covered };
}`;

const SIZES: Size[] = ['desktop', 'phone'];

/**
 * The exam page at its edges (web.md §6.3–6.6, §8.2), at 1280×800 and 375×667 unless the case
 * names one (E10 the phone, E11 the desktop keyboard): save ordering, the end of time, a closed
 * attempt, sign-in trouble, focus events, watermark and copying, the phone layout, and what
 * the result page may show.
 */
describe('exam page: ordering, the end, sign-in, integrity (browser)', () => {
  let app: BrowserApp;
  let world: World;
  let examId: string;
  let shortExamId: string;

  beforeAll(async () => {
    app = await startBrowserApp();
    world = await seedExamWorld(app, 24);
    examId = await publishWorldExam(app, world);
    shortExamId = await publishWorldExam(app, world, {
      codes: ['EX-SI01'],
      durationMinutes: 1,
      title: '一分钟测验',
    });
  });
  afterAll(() => app?.close());

  it.each(SIZES)(
    'E4 a delayed first save: the second change follows it, never a lower seq after a higher (%s)',
    async (size) => {
      const who = examinee(world);
      const page = await app.newPage(size);
      const attemptId = await startAttempt(page, app, who, examId);
      const sent: number[] = [];
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => (release = r));
      await page.route('**/answers/1', async (r) => {
        const body = r.request().postDataJSON() as { seq: number } | null;
        sent.push(body?.seq ?? -1);
        if (sent.length === 1) await gate;
        await r.continue();
      });
      await page.getByLabel('书面告知').check();
      await until(() => sent.length === 1, 'first save sent');
      await page.getByLabel('公告告知').check();
      // the second waits for the first (one request in flight per position)
      await until(
        () =>
          page.evaluate<boolean>(
            `(localStorage.getItem('xuefa.exam.${attemptId}.queue') ?? '').includes('"seq":2')`,
          ),
        'the second change queued',
      );
      expect(sent).toEqual([1]);
      release();
      await until(() => sent.length === 2, 'second save sent');
      expect(sent).toEqual([1, 2]);
      await until(
        async () => (await serverView(app, who, attemptId)).questions[0].response?.join() === 'D',
        'the server keeps the second answer',
      );
      await page.close();
    },
  );

  it.each(SIZES)(
    'E8 at 0 the page turns read-only, hands in and shows 时间到，已自动交卷; offline it keeps retrying (%s)',
    async (size) => {
      const who = examinee(world);
      const page = await app.newPage(size);
      await page.clock.install();
      const attemptId = await startAttempt(page, app, who, shortExamId);
      await page.getByLabel('书面告知').check();
      await until(
        async () => /已保存/.test((await page.getByTestId('save-status').textContent()) ?? ''),
        'saved',
      );
      app.t.clock.advance(61_000);
      await page.clock.fastForward('01:01');
      await page.clock.runFor(1000);
      await page.waitForURL(`**/attempts/${attemptId}/result?reason=time`);
      await expect(page.getByTestId('result-reason').textContent()).resolves.toContain(
        '时间到，已自动交卷',
      );
      await page.getByTestId('result-score').getByText('100').waitFor();
      const mine = await signedIn(app.t, await login(app.t, who))
        .get('/me/exams')
        .expect(200);
      const exam = (mine.body as { id: string; attempts: { id: string; status: string }[] }[]).find(
        (e) => e.id === shortExamId,
      );
      expect(exam?.attempts.find((a) => a.id === attemptId)?.status).toBe('finished');
      await screenshot(page, `exam-time-up-${size}`);
      await page.close();

      // the network is down at 0: the page says so, keeps trying, and finishes once back
      const who2 = examinee(world);
      const context = await app.newContext(size);
      const page2 = await context.newPage();
      await page2.clock.install();
      const attempt2 = await startAttempt(page2, app, who2, shortExamId);
      await page2.getByLabel('书面告知').check();
      await until(
        async () => /已保存/.test((await page2.getByTestId('save-status').textContent()) ?? ''),
        'saved',
      );
      await context.setOffline(true);
      app.t.clock.advance(61_000);
      await page2.clock.fastForward('01:01');
      await page2.clock.runFor(12_000);
      await page2.getByTestId('ending-message').getByText('正在重试交卷').waitFor();
      await expect(page2.locator('input[type=radio]:not([disabled])').count()).resolves.toBe(0);
      await context.setOffline(false);
      await page2.clock.runFor(1000);
      await page2.waitForURL(`**/attempts/${attempt2}/result?reason=time`);
      await page2.getByTestId('result-score').getByText('100').waitFor();
      await context.close();
    },
  );

  it.each(SIZES)(
    'E12 a save after the attempt closed elsewhere: 考试已结束, the result page lists it (%s)',
    async (size) => {
      const who = examinee(world);
      const page = await app.newPage(size);
      const attemptId = await startAttempt(page, app, who, examId);
      // another tab hands in
      await signedIn(app.t, await login(app.t, who))
        .post(`/exam-attempts/${attemptId}/submit`)
        .expect(200);
      await page.getByLabel('无须告知').check();
      await page.waitForURL(`**/attempts/${attemptId}/result?reason=closed`);
      await expect(page.getByTestId('result-reason').textContent()).resolves.toContain(
        '考试已结束',
      );
      await expect(page.getByTestId('unsaved').textContent()).resolves.toContain('第 1 题：C');
      await screenshot(page, `exam-closed-${size}`);
      await page.close();
    },
  );

  it.each(SIZES)(
    'E13 token expiry refreshes once and replays; a refused refresh opens the sign-in dialog (%s)',
    async (size) => {
      const who = examinee(world);
      const page = await app.newPage(size);
      const attemptId = await startAttempt(page, app, who, examId);
      const requests = recordApiRequests(page);
      let expired = 1;
      await page.route('**/answers/*', async (r) => {
        if (expired-- > 0) {
          await r.fulfill({
            status: 401,
            json: {
              statusCode: 401,
              code: 'AUTH.TOKEN_EXPIRED',
              message: '登录已过期',
              requestId: 'x',
            },
          });
        } else {
          await r.continue();
        }
      });
      await page.getByLabel('书面告知').check();
      await until(
        async () => (await serverView(app, who, attemptId)).questions[0].response?.join() === 'A',
        'the replayed save',
      );
      expect(requests.filter((r) => r === 'POST /auth/refresh')).toHaveLength(1);
      expect(new URL(page.url()).pathname).toBe(`/app/attempts/${attemptId}`);

      // the refresh is refused: sign in again over the exam, then the queued answer saves
      expired = 1;
      await page.route('**/auth/refresh', (r) =>
        r.fulfill({
          status: 401,
          json: {
            statusCode: 401,
            code: 'AUTH.REFRESH_INVALID',
            message: '登录已失效，请重新登录',
            requestId: 'y',
          },
        }),
      );
      await page.getByLabel('口头告知').check();
      const dialog = page.getByRole('dialog', { name: '登录已失效' });
      await dialog.waitFor();
      await screenshot(page, `exam-sign-in-${size}`);
      expect(new URL(page.url()).pathname).toBe(`/app/attempts/${attemptId}`);
      await page.unroute('**/auth/refresh');
      await dialog.getByLabel('密码').fill(who.password);
      await dialog.getByRole('button', { name: '登录并继续' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await until(
        async () => (await serverView(app, who, attemptId)).questions[0].response?.join() === 'B',
        'the queued answer saved after signing in',
      );
      await page.close();
    },
  );

  it.each(SIZES)(
    'E14 hiding and showing the page sends page_hidden, page_visible and a heartbeat; the secretary sees them (%s)',
    async (size) => {
      const who = examinee(world);
      const page = await app.newPage(size);
      const attemptId = await startAttempt(page, app, who, examId);
      const requests = recordApiRequests(page);
      const setVisibility = (state: string) =>
        page.evaluate(
          `Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' });` +
            "document.dispatchEvent(new Event('visibilitychange'))",
        );
      await setVisibility('hidden');
      await setVisibility('visible');
      await until(
        () => requests.filter((r) => r.endsWith('/events')).length === 2,
        'two events sent',
      );
      await until(() => requests.some((r) => r.endsWith('/heartbeat')), 'a heartbeat');
      const sec = signedIn(app.t, await login(app.t, world.org.people.secA));
      await until(async () => {
        const res = await sec.get(`/exams/${examId}/attempts/${attemptId}`).expect(200);
        const kinds = ((res.body as { events: { kind: string }[] }).events ?? []).map(
          (e) => e.kind,
        );
        return kinds.join() === 'page_hidden,page_visible';
      }, 'the secretary view lists the events');
      expect(requests.filter((r) => r.endsWith('/events'))).toHaveLength(2);
      await page.close();
    },
  );

  it.each(SIZES)(
    'E15 the watermark names the examinee and comes back; copying the stem is blocked, pasting answers is not (%s)',
    async (size) => {
      const who = examinee(world);
      const page = await app.newPage(size);
      await startAttempt(page, app, who, examId);
      const mark = page.getByTestId('exam-watermark');
      await expect(mark.getAttribute('data-watermark')).resolves.toContain(
        `${who.name} ${who.staffNo}`,
      );
      const layers =
        "[...document.querySelectorAll('[data-testid=exam-watermark] > div')]" +
        ".filter((d) => d.style.backgroundImage.includes('data:image'))";
      const layer = () => page.evaluate<number>(`${layers}.length`);
      await until(async () => (await layer()) === 1, 'the watermark layer');
      await page.evaluate(`${layers}.forEach((d) => d.remove())`);
      await until(async () => (await layer()) === 1, 'the watermark restored');

      const copyBlocked = await page.getByTestId('stem').evaluate((el) => {
        const e = new Event('copy', { bubbles: true, cancelable: true });
        el.dispatchEvent(e);
        return e.defaultPrevented;
      });
      expect(copyBlocked).toBe(true);
      await page.getByText('考试期间不能复制题目内容').waitFor();

      await openQuestion(page, size, 4);
      const blank = page.getByTestId('blank').first();
      const pasteBlocked = await blank.evaluate((el) => {
        const e = new Event('paste', { bubbles: true, cancelable: true });
        el.dispatchEvent(e);
        return e.defaultPrevented;
      });
      expect(pasteBlocked).toBe(false);
      await blank.focus();
      await page.evaluate("document.execCommand('insertText', false, '书面')");
      await expect(blank.inputValue()).resolves.toBe('书面');
      await page.close();
    },
  );

  it('E10 phone: no sideways scroll, bars in view, the 答题卡 drawer closes with Esc, 44 px targets', async () => {
    const who = examinee(world);
    const page = await app.newPage('phone');
    await startAttempt(page, app, who, examId);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    for (const target of [
      page.getByTestId('timer'),
      page.getByTestId('save-status'),
      page.getByRole('button', { name: '交卷', exact: true }),
    ]) {
      const box = await target.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(667);
    }
    for (const option of await page.locator('.option').all()) {
      const box = await option.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }
    await page.getByTestId('open-card').click();
    const drawer = page.getByRole('dialog', { name: '答题卡' });
    await drawer.waitFor();
    for (const cell of await drawer.getByRole('button', { name: /^第\d+题，/ }).all()) {
      const box = await cell.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.width).toBeGreaterThanOrEqual(44);
    }
    await screenshot(page, 'exam-card-drawer');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await page.close();
  });

  it.each(SIZES)(
    'E9 score_only shows no keys; after_close says when the score is published (%s)',
    async (size) => {
      const scoreOnly = await publishWorldExam(app, world, {
        codes: ['EX-SI02'],
        reviewContent: 'score_only',
        title: `只看分数（${size}）`,
      });
      const afterClose = await publishWorldExam(app, world, {
        codes: ['EX-SI03'],
        reviewTiming: 'after_close',
        title: `考后公布（${size}）`,
      });
      const who = examinee(world);
      const api = signedIn(app.t, await login(app.t, who));
      const sit = async (id: string) => (await sitExam(api, id, [['A']])).attemptId;
      const a1 = await sit(scoreOnly);
      const a2 = await sit(afterClose);
      const page = await app.newPage(size);
      await signIn(page, app, who, `/attempts/${a1}/result`);
      await page.getByTestId('result-score').getByText('100').waitFor();
      await expect(page.getByTestId('key').count()).resolves.toBe(0);
      await expect(page.getByTestId('review-item').count()).resolves.toBe(0);
      await page.goto(`/app/attempts/${a2}/result`);
      await page
        .getByTestId('result-score')
        .getByText(/成绩将于.*后公布/)
        .waitFor();
      await expect(page.getByTestId('result-score').textContent()).resolves.not.toContain('100');
      await page.goto('/app/exams');
      await page.getByTestId('my-exam').first().waitFor();
      await screenshot(page, `my-exams-${size}`);
      await page.close();
    },
  );

  it('E11 keyboard only: start, answer every type, flag, summary and hand in; focus visible, never under the bars', async () => {
    const who = examinee(world);
    const page = await app.newPage('desktop');
    await signIn(page, app, who, `/exams/${examId}`);
    await page.getByTestId('begin-exam').waitFor();
    /** Presses Tab (or Shift+Tab) until the focused element matches; checks each stop. */
    const tabTo = async (match: string, back = false) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
        const state = await page.evaluate<{ hit: boolean; ok: boolean; why: string }>(
          `(${FOCUS_CHECK})(${JSON.stringify(match)})`,
        );
        if (!state.ok) throw new Error(`focus not visible or hidden by a bar: ${state.why}`);
        if (state.hit) return;
      }
      throw new Error(`no focusable element matches ${match}`);
    };
    await tabTo('[data-testid=begin-exam]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/attempts\/[0-9a-f-]+$/);
    const attemptId = new URL(page.url()).pathname.split('/').pop() as string;
    await page.locator('#question-stem').waitFor();
    const next = async () => {
      await tabTo('.bar-bottom button:not([disabled]):nth-of-type(3)');
      await page.keyboard.press('Enter');
    };
    // 1 单选: arrow keys in the radio group
    await tabTo('input[type=radio]');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await next();
    // 2 多选
    await tabTo('input[type=checkbox][value=A]');
    await page.keyboard.press('Space');
    await tabTo('input[type=checkbox][value=B]');
    await page.keyboard.press('Space');
    await next();
    // 3 判断, flagged
    await tabTo('input[type=radio]');
    await page.keyboard.press('Space');
    await tabTo('[data-testid=flag]');
    await page.keyboard.press('Enter');
    await next();
    // 4 填空
    await tabTo('[data-testid=blank]');
    await page.keyboard.type('书面');
    await next();
    // 5 简答
    await tabTo('textarea');
    await page.keyboard.type('应当书面告知信访人。');
    await tabTo('[data-testid=open-summary]', true);
    await page.keyboard.press('Enter');
    const summary = page.getByRole('dialog', { name: '答题概览' });
    await summary.waitFor();
    await expect(summary.getByTestId('summary-unanswered').textContent()).resolves.toContain(
      '未作答：0 题',
    );
    await expect(summary.getByTestId('summary-flagged').textContent()).resolves.toContain(
      '第 3 题',
    );
    await until(
      async () => !(await summary.getByTestId('confirm-submit').isDisabled()),
      'everything saved',
    );
    await tabTo('[data-testid=confirm-submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/attempts/${attemptId}/result`);
    const server = await serverView(app, who, attemptId);
    expect(server.status).toBe('finished');
    expect(server.questions.map((q) => q.response)).toEqual([
      ['B'],
      ['A', 'B'],
      ['A'],
      ['书面'],
      ['应当书面告知信访人。'],
    ]);
    await page.close();
  });

  it('E13 two tabs whose saves both meet an expired token: one refresh between them', async () => {
    const who = examinee(world);
    const context = await app.newContext('desktop');
    const tab1 = await context.newPage();
    const attemptId = await startAttempt(tab1, app, who, examId);
    const tab2 = await context.newPage();
    await tab2.goto(`/app/attempts/${attemptId}`);
    await tab2.locator('#question-stem').waitFor();
    await openQuestion(tab2, 'desktop', 3);
    const requests = recordApiRequests(tab1);
    const requests2 = recordApiRequests(tab2);
    // hold the first save of each tab until both are there, then answer both 401 TOKEN_EXPIRED
    const held: Route[] = [];
    let released = false;
    await context.route('**/answers/*', async (r) => {
      if (released) return r.continue();
      held.push(r);
      if (held.length < 2) return;
      released = true;
      for (const h of held) {
        await h.fulfill({
          status: 401,
          json: {
            statusCode: 401,
            code: 'AUTH.TOKEN_EXPIRED',
            message: '登录已过期',
            requestId: 'z',
          },
        });
      }
    });
    await Promise.all([tab1.getByLabel('书面告知').check(), tab2.getByLabel('错误').check()]);
    // (a failure names the requests each tab sent, e.g. a second POST /auth/refresh)
    await until(
      async () => {
        const v = await serverView(app, who, attemptId);
        return v.questions[0].response?.join() === 'A' && v.questions[2].response?.join() === 'B';
      },
      () => `both saves replayed (tab 1: ${requests.join(', ')}; tab 2: ${requests2.join(', ')})`,
    );
    const refreshes = [...requests, ...requests2].filter((r) => r === 'POST /auth/refresh');
    expect(refreshes).toHaveLength(1);
    await context.close();
  });
});
