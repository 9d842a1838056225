import { SessionJobsService } from '../../src/modules/sessions/scheduling/session-jobs.service';
import { FIXTURE_LAW, publishExam, sitExam } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session, SignedIn } from '../utils/auth';
import { expectAccessible, expectNoHorizontalScroll } from './a11y';
import type { BrowserApp } from './harness';
import { screenshot, signIn, startBrowserApp } from './harness';
import type { Org } from './life-seed';
import { HOUR, MIN, createSession, seedBank, yearNow } from './life-seed';

const LETTERS = 'ABCDEFGH';

/**
 * 工作台 "还差什么" and the pages around it, in the browser with seeded data: hours against
 * the plan, required laws not read, exams to start or continue, make-up study, next sessions with
 * 请假, unread notices (with the shell's badge); then the make-up flow, notifications, my
 * dossier with a score still hidden, and settings (calendar link, sign-out during an exam).
 * A11 smoke on login and home.
 */
describe('home "还差什么" and the staff daily pages in the browser', () => {
  let app: BrowserApp;
  let org: Org;
  let me: SignedIn;
  let sec: SignedIn;
  let lawId: string;
  let examToStart: string;
  let attemptOpen: string;
  let hiddenAttempt: string;
  let makeupSession: string;
  let upcoming: string;
  const who = () => org.people.staffA1;

  async function publish(sec: SignedIn, body: object): Promise<string> {
    const now = Date.now();
    return publishExam(sec, {
      unitId: org.units.bureauA.id,
      opensAt: new Date(now - MIN).toISOString(),
      closesAt: new Date(now + 2 * HOUR).toISOString(),
      durationMinutes: 30,
      audienceUnitIds: [org.units.deptA1.id],
      paperMode: 'fixed',
      ...body,
    });
  }

  /** The quiz of my make-up task in the letters shown, right or wrong. */
  async function makeupAnswers(right: boolean): Promise<string[]> {
    const [task] = await app.t.dataSource.query<
      { quiz: { revisionId: string; optionOrder: number[] }[] }[]
    >('SELECT quiz FROM study_session_makeup WHERE session_id = $1 AND staff_id = $2', [
      makeupSession,
      who().id,
    ]);
    const out: string[] = [];
    for (const q of task.quiz) {
      const [rev] = await app.t.dataSource.query<{ answer: string }[]>(
        'SELECT answer FROM question_revision WHERE id = $1',
        [q.revisionId],
      );
      const key = q.optionOrder.indexOf(LETTERS.indexOf(rev.answer));
      out.push(LETTERS[right ? key : (key + 1) % q.optionOrder.length]);
    }
    return out;
  }

  beforeAll(async () => {
    app = await startBrowserApp();
    org = await buildOrg(app.t);
    const year = yearNow();
    const bank = await seedBank(app.t, { single_choice: 3, true_false: 2 });
    lawId = bank.lawId;
    const questionIds = Object.values(bank.codes);
    const admin = signedIn(app.t, await login(app.t, org.people.adminA));
    const secSession: Session = await login(app.t, org.people.secA);
    sec = signedIn(app.t, secSession);
    me = signedIn(app.t, await login(app.t, who()));

    // the plan: 4 hours and one required law
    const plan = await admin
      .post('/plans', {
        unitId: org.units.bureauA.id,
        year,
        title: `${year}年度学法考法工作计划`,
        requiredHours: 4,
      })
      .expect(201);
    await admin.put(`/plans/${plan.body.id}/required-laws`, { laws: [{ lawId }] }).expect(200);
    await admin.patch(`/plans/${plan.body.id}`, { status: 'active' }).expect(200);

    // 1.5 hours credited, 2 hours waiting for the secretary
    const hearing = (hours: number, caseNo: string) => ({
      date: `${year}-03-02`,
      court: '示范市中级人民法院',
      caseName: '张某诉示范市某局政府信息公开案',
      caseNo,
      mode: 'video',
      hours,
    });
    const credited = await me
      .post('/me/study/court-hearings', hearing(1.5, `（${year}）示01行初1号`))
      .expect(201);
    await sec.post(`/study-records/${credited.body.id}/decision`, { approve: true }).expect(200);
    await me.post('/me/study/court-hearings', hearing(2, `（${year}）示01行初2号`)).expect(201);

    // exams: one whose score shows after it closes (sat), one in progress, one to start
    const hidden = await publish(sec, {
      title: '闭卷后公布成绩的考试',
      kind: 'official',
      planId: plan.body.id,
      reviewTiming: 'after_close',
      questions: [{ questionId: questionIds[0], points: 100 }],
    });
    hiddenAttempt = (await sitExam(me, hidden, [['A']])).attemptId;
    const mock = await publish(sec, {
      title: '模拟考试（进行中）',
      kind: 'mock',
      questions: [{ questionId: questionIds[1], points: 100 }],
    });
    attemptOpen = (await sitExam(me, mock, [], { submit: false })).attemptId;
    examToStart = await publish(sec, {
      title: '年度学法考试',
      kind: 'official',
      planId: plan.body.id,
      questions: [{ questionId: questionIds[2], points: 100 }],
    });

    // a missed session (closed: make-up study) and one ahead (leave)
    const now = Math.floor(Date.now() / MIN) * MIN;
    makeupSession = await createSession(app.t, secSession, {
      unitId: org.units.bureauA.id,
      topic: '集中学法：已结束的活动',
      startsAt: now - 4 * HOUR,
      minutes: 60,
      staffIds: [who().id],
      lawId,
      material: '补学材料.pdf',
    });
    await app.t.get(SessionJobsService).end(makeupSession);
    upcoming = await createSession(app.t, secSession, {
      unitId: org.units.bureauA.id,
      topic: '集中学法：下周的活动',
      startsAt: now + 5 * HOUR,
      minutes: 60,
      staffIds: [who().id],
    });
  });
  afterAll(() => app?.close());

  const unreadNow = async () =>
    (await me.get('/me/notifications?unread=true').expect(200)).body.unreadCount as number;

  describe.each(['desktop', 'phone'] as const)('on %s', (size) => {
    it('A11: the login page passes the smoke check', async () => {
      const page = await app.newPage(size);
      await page.goto('/app/login');
      await page.getByLabel('工号').waitFor();
      await expectAccessible(page);
      await expectNoHorizontalScroll(page);
      // the check does catch faint text, an unnamed button and a second <h1>
      await page.evaluate(() => {
        const doc = (
          globalThis as unknown as {
            document: { body: { insertAdjacentHTML(where: string, html: string): void } };
          }
        ).document;
        doc.body.insertAdjacentHTML(
          'beforeend',
          '<h1>第二个标题</h1><p style="color:#aaaaaa;background:#fff">浅灰色文字</p><button></button>',
        );
      });
      const failure = expectAccessible(page);
      await expect(failure).rejects.toThrow('expected one visible <h1>, found 2');
      await expect(failure).rejects.toThrow(/contrast 2\.32:1 < 4\.5:1 for "浅灰色文字"/);
      await expect(failure).rejects.toThrow(/no accessible name: button: <button><\/button>/);
      await page.close();
    });

    it('shows every gap with the seeded figures and a one-tap action; passes A11', async () => {
      const page = await app.newPage(size);
      await signIn(page, app, who());
      const hours = page.getByTestId('home-hours');
      await hours.waitFor();
      await expect(page.getByTestId('hours-rate').textContent()).resolves.toBe('1.5 / 4（37.5%）');
      await expect(page.getByTestId('hours-remaining').textContent()).resolves.toContain(
        '还差 2.5 学时',
      );
      await expect(page.getByTestId('hours-pending').textContent()).resolves.toContain(
        '另有 2 学时（1 条）待审核',
      );
      const law = page
        .getByTestId('laws-missing')
        .getByRole('link', { name: /示范市信访工作办法/ });
      await expect(law.getAttribute('href')).resolves.toBe(`/app/laws/${lawId}`);
      await expect(page.getByTestId('laws-missing').textContent()).resolves.toContain('（1 / 1）');
      expect(FIXTURE_LAW).toBe('示范市信访工作办法');

      const exams = page.getByTestId('home-exams');
      const start = exams.getByRole('link', { name: /年度学法考试.*开始/ });
      await expect(start.getAttribute('href')).resolves.toBe(`/app/exams/${examToStart}`);
      const resume = exams.getByRole('link', { name: /模拟考试（进行中）.*继续作答/ });
      await expect(resume.getAttribute('href')).resolves.toBe(`/app/attempts/${attemptOpen}`);
      await expect(exams.textContent()).resolves.not.toContain('闭卷后公布成绩的考试');

      const makeup = page.getByTestId('home-makeups').getByRole('link', { name: /去补学/ });
      await expect(makeup.getAttribute('href')).resolves.toBe(`/app/makeups/${makeupSession}`);
      const sessions = page.getByTestId('home-sessions');
      await expect(sessions.textContent()).resolves.toContain('集中学法：下周的活动');
      await expect(
        sessions.getByRole('button', { name: '请假', exact: true }).count(),
      ).resolves.toBe(1);

      const unread = await unreadNow();
      expect(unread).toBeGreaterThan(0);
      await expect(
        page.getByRole('heading', { name: `未读消息（${unread}）` }).count(),
      ).resolves.toBe(1);
      await expect(page.getByTestId('unread-badge').getAttribute('aria-label')).resolves.toBe(
        `消息通知，${unread} 条未读`,
      );
      await expectAccessible(page);
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'home');
      await page.close();
    });
  });

  it('the home actions work: read a law, ask for leave, open a make-up, open the notices', async () => {
    const page = await app.newPage('phone');
    await signIn(page, app, who());
    await page.getByTestId('laws-missing').getByRole('link').first().click();
    await page.waitForURL(`**/app/laws/${lawId}`);
    await page.goBack();
    const sessions = page.getByTestId('home-sessions');
    await sessions.getByRole('button', { name: '请假', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '请假' });
    await dialog.getByLabel('请假事由').fill('外出办案');
    await dialog.getByRole('button', { name: '提交请假' }).click();
    await sessions.getByText('请假待审批').waitFor();
    await expect(sessions.getByRole('button', { name: '请假', exact: true }).count()).resolves.toBe(
      0,
    );
    const mine = await me.get('/me/sessions').expect(200);
    expect(mine.body.find((s: { id: string }) => s.id === upcoming)).toMatchObject({
      leave: 'pending',
    });

    // the make-up is refused while an exam is in progress: the server's message is shown
    await page
      .getByTestId('home-makeups')
      .getByRole('link', { name: /去补学/ })
      .click();
    await page.waitForURL(`**/app/makeups/${makeupSession}`);
    await page.getByRole('alert').filter({ hasText: '考试进行中，暂不能进行补学测试' }).waitFor();
    await screenshot(page, 'makeup-exam-in-progress');
    await page.getByRole('link', { name: '首页' }).click();
    await page.getByTestId('home-notices').getByRole('link', { name: /查看/ }).first().click();
    await page.waitForURL('**/app/notifications');
    await page.close();
  });

  describe.each(['desktop', 'phone'] as const)('settings on %s', (size) => {
    it('makes a calendar link, copies it over plain HTTP, replaces it; sign-out asks during an exam', async () => {
      const page = await app.newPage(size);
      await signIn(page, app, who(), '/settings');
      const calendar = page.getByTestId('calendar');
      await calendar.getByRole('button', { name: '生成订阅链接' }).click();
      const field = calendar.getByLabel('订阅链接');
      await field.waitFor();
      const first = await field.inputValue();
      expect(first).toMatch(/\/calendar\/[\w-]+\.ics$/);
      await calendar.getByRole('button', { name: '复制链接' }).click();
      await calendar.getByTestId('copy-status').filter({ hasText: '已复制到剪贴板' }).waitFor();
      await calendar.getByRole('button', { name: '重新生成链接' }).click();
      await page.getByRole('button', { name: '生成新链接' }).click();
      await page.waitForFunction(
        (old) =>
          (
            globalThis as unknown as {
              document: { querySelector(s: string): { value: string } | null };
            }
          ).document.querySelector('#calendar-url')?.value !== old,
        first,
      );
      const second = await field.inputValue();
      const path = (u: string) => new URL(u).pathname;
      expect((await fetch(`${app.baseUrl}${path(first)}`)).status).toBe(404);
      expect((await fetch(`${app.baseUrl}${path(second)}`)).status).toBe(200);
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'settings');

      // an attempt is open: signing out asks first; 取消 stays signed in
      await page.getByRole('button', { name: '退出登录' }).last().click();
      const confirm = page.getByRole('dialog', { name: '确认退出' });
      await confirm.getByText('您有正在进行的考试').waitFor();
      await confirm.getByRole('button', { name: '取消' }).click();
      expect(page.url()).toContain('/app/settings');
      await page.getByRole('button', { name: '退出登录' }).last().click();
      await page
        .getByRole('dialog', { name: '确认退出' })
        .getByRole('button', { name: '退出登录' })
        .click();
      await page.waitForURL('**/app/login**');
      await page.close();
    });
  });

  it('make-up: materials, 我已阅读, a failed quiz brings a new one, a pass credits the hours', async () => {
    await me.post(`/exam-attempts/${attemptOpen}/submit`).expect(200);
    const page = await app.newPage('phone');
    await signIn(page, app, who(), `/makeups/${makeupSession}`);
    await page.getByRole('heading', { name: '补学：集中学法：已结束的活动' }).waitFor();
    await expect(page.getByRole('button', { name: '下载 补学材料.pdf' }).count()).resolves.toBe(1);
    await page.getByRole('button', { name: '我已阅读' }).click();
    const quiz = page.getByTestId('makeup-quiz');
    await quiz.waitFor();
    // questions of exams I may still sit are held back, so the quiz may be shorter than 5
    const total = (await makeupAnswers(true)).length;
    expect(total).toBeGreaterThan(0);
    await expect(quiz.locator('fieldset').count()).resolves.toBe(total);
    await quiz.getByRole('button', { name: '提交测试' }).click();
    await page
      .getByTestId('makeup-message')
      .filter({ hasText: /^请回答第 1 题$/ })
      .waitFor();
    const answer = async (letters: string[]) => {
      for (const [i, letter] of letters.entries()) {
        await quiz.locator('fieldset').nth(i).locator(`input[value="${letter}"]`).check();
      }
      await quiz.getByRole('button', { name: '提交测试' }).click();
    };
    await answer(await makeupAnswers(false));
    const result = page.getByTestId('makeup-result');
    await result.filter({ hasText: `未通过：答对 0 / ${total} 题` }).waitFor();
    await screenshot(page, 'makeup-failed');
    await answer(await makeupAnswers(true));
    await result.filter({ hasText: `补学通过：答对 ${total} / ${total} 题` }).waitFor();
    await page.getByTestId('makeup-done').waitFor();
    await screenshot(page, 'makeup-passed');
    const list = await me.get('/me/makeups').expect(200);
    expect(list.body[0]).toMatchObject({ sessionId: makeupSession, status: 'completed' });
    await page.goto('/app/makeups');
    await page.getByTestId('makeups').getByText('✓ 已完成').waitFor();
    await page.close();
  });

  it('notifications: unread filter, mark one read (the badge follows), then all read', async () => {
    // the secretary approves my leave: one more notice
    const sheet = await sec.get(`/sessions/${upcoming}/attendance`).expect(200);
    const leaveId = (sheet.body.leaves as { id: string }[])[0].id;
    await sec
      .post(`/sessions/${upcoming}/leaves/${leaveId}/decision`, { approve: true })
      .expect(200);
    const page = await app.newPage('desktop');
    await signIn(page, app, who(), '/notifications');
    const list = page.getByTestId('notifications');
    await list.waitFor();
    const unread = await unreadNow();
    expect(unread).toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: `未读（${unread}）` }).click();
    await expect(list.locator('li').count()).resolves.toBe(unread);
    await screenshot(page, 'notifications');
    await list.locator('li').first().getByRole('button', { name: '标为已读' }).click();
    await page.getByRole('button', { name: `未读（${unread - 1}）` }).waitFor();
    await expect(page.getByTestId('unread-badge').getAttribute('aria-label')).resolves.toBe(
      unread - 1 ? `消息通知，${unread - 1} 条未读` : '消息通知',
    );
    expect(await unreadNow()).toBe(unread - 1);
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await page.getByRole('button', { name: '未读（0）' }).waitFor();
    await page.getByText('没有未读消息').waitFor();
    await expect(page.getByTestId('unread-badge').getAttribute('aria-label')).resolves.toBe(
      '消息通知',
    );
    expect(await unreadNow()).toBe(0);
    await page.getByRole('button', { name: '全部', exact: true }).click();
    await expect(list.locator('li.lf-unread').count()).resolves.toBe(0);
    await page.close();
  });

  describe.each(['desktop', 'phone'] as const)('my record on %s', (size) => {
    it('shows hours, sessions and exams, with a score hidden until the exam closes', async () => {
      const page = await app.newPage(size);
      await signIn(page, app, who(), '/me/record');
      const exams = page.getByTestId('record-exams');
      await exams.waitFor();
      const attempt = page.getByTestId(`attempt-${hiddenAttempt}`);
      await expect(attempt.textContent()).resolves.toMatch(
        /第 1 次：成绩将于 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 公布/,
      );
      await expect(page.getByTestId('record-study').textContent()).resolves.toContain(
        '2.5 / 4（62.5%）',
      );
      await expect(page.getByTestId('record-sessions').textContent()).resolves.toContain(
        '补学已完成',
      );
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'record');
      await page.close();
    });
  });

  describe.each(['desktop', 'phone'] as const)('every daily page on %s', (size) => {
    it('fits the screen without sideways scrolling and passes the A11 smoke check', async () => {
      const page = await app.newPage(size);
      await signIn(page, app, who(), '/profile');
      const pages: [string, string, string][] = [
        ['/profile', '我的', 'profile'],
        ['/makeups', '补学', 'makeups'],
        [`/makeups/${makeupSession}`, '补学：集中学法：已结束的活动', 'makeup'],
        ['/notifications', '消息通知', 'notifications'],
        ['/sessions', '学习活动', 'sessions'],
        [`/sessions/${upcoming}`, '集中学法：下周的活动', 'session-detail'],
        [`/checkin?session=${upcoming}`, '活动签到', 'checkin'],
        ['/me/record', '我的年度档案', 'record'],
        ['/settings', '设置', 'settings'],
        ['/', '工作台', 'home'],
      ];
      for (const [path, heading, name] of pages) {
        await page.goto(`/app${path}`);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.waitForLoadState('networkidle');
        await expectAccessible(page);
        await expectNoHorizontalScroll(page);
        await screenshot(page, name);
      }
      await page.close();
    });
  });
});
