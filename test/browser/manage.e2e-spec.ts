import { publishExam, sitExam } from '../factories/exam.factory';
import type { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import { expectAccessible, expectNoHorizontalScroll } from './a11y';
import { PNG, daysAgo } from './fixtures';
import type { World } from './exam-setup';
import { seedExamWorld, until } from './exam-setup';
import type { BrowserApp } from './harness';
import { recordApiRequests, screenshot, signIn, startBrowserApp } from './harness';

type Org = Awaited<ReturnType<typeof buildOrg>>;

const MIN = 60_000;

describe('secretary workspace in the browser (A8 签到大屏, 学习审核, 工作台)', () => {
  let app: BrowserApp;
  let org: Org;
  let world: World;

  /** A session of bureau A for staff A1 and A2 starting in ten minutes (check-in is open). */
  async function sessionSoon(topic: string): Promise<string> {
    const sec = signedIn(app.t, await login(app.t, org.people.secA));
    const startsAt = Math.ceil((app.t.clock.now().getTime() + 10 * MIN) / MIN) * MIN;
    const created = await sec
      .post('/sessions', {
        unitId: org.units.bureauA.id,
        type: 'law_study',
        topic,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 90 * MIN).toISOString(),
        place: '局三楼会议室',
        organiser: '办公室主任 李四',
        creditedHours: 1.5,
        invite: { staffIds: [org.people.staffA1.id, org.people.staffA2.id] },
      })
      .expect(201);
    return created.body.id as string;
  }

  beforeAll(async () => {
    app = await startBrowserApp();
    world = await seedExamWorld(app, 2);
    org = world.org;
  });
  afterAll(() => app?.close());

  it.each(['desktop', 'phone'] as const)(
    'A8: the check-in screen shows the code and a QR, changes the code when it expires, counts check-ins (%s)',
    async (size) => {
      const id = await sessionSoon(`集中学法（签到大屏 ${size}）`);
      const page = await app.newPage(size);
      await page.clock.install();
      await signIn(page, app, org.people.secA, `/manage/sessions/${id}/checkin`);
      const code = page.getByTestId('checkin-code');
      await code.waitFor();
      const first = ((await code.textContent()) ?? '').trim();
      expect(first).toMatch(/^\d{6}$/);
      const qr = page.getByTestId('checkin-qr');
      await qr.waitFor();
      await expect(qr.getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
      await expect(
        page.evaluate(`document.querySelector('[data-testid=checkin-qr]').naturalWidth`),
      ).resolves.toBeGreaterThan(0);
      await expect(page.getByTestId('checkin-countdown').textContent()).resolves.toMatch(
        /\d+ 秒后更换签到码/,
      );
      await page.getByTestId('count-present').filter({ hasText: /^0$/ }).waitFor();
      await expect(page.getByTestId('count-invited').textContent()).resolves.toBe('2');
      await expect(page.title()).resolves.toBe('签到大屏 - 学法考法平台');
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await screenshot(page, 'manage-checkin');

      // a minute later (both clocks) the screen asks for the next code
      app.t.clock.advance(61_000);
      await page.clock.fastForward('01:01');
      await page.clock.runFor(500);
      const server = signedIn(app.t, await login(app.t, org.people.secA));
      const current = (await server.get(`/sessions/${id}/checkin`).expect(200)).body.code as string;
      expect(current).not.toBe(first);
      await until(async () => ((await code.textContent()) ?? '').trim() === current, 'next code');

      // staff A1 checks in with the code on screen; the count follows
      const staff = signedIn(app.t, await login(app.t, org.people.staffA1));
      const checked = await staff.post(`/sessions/${id}/checkin`, { code: current }).expect(200);
      expect(checked.body.status).toBe('present');
      await page.clock.runFor(5_000);
      await until(
        async () => ((await page.getByTestId('count-present').textContent()) ?? '') === '1',
        'present count 1',
      );
      await expect(page.getByTestId('count-late').textContent()).resolves.toBe('0');
      await page.close();
    },
  );

  it('A8: when the check-in window closes the screen says so and stops asking the server', async () => {
    const sec = signedIn(app.t, await login(app.t, org.people.secA));
    const now = app.t.clock.now().getTime();
    // ended five minutes ago: check-in stays open for ten more minutes
    const created = await sec
      .post('/sessions', {
        unitId: org.units.bureauA.id,
        type: 'law_study',
        topic: '集中学法（签到收尾）',
        startsAt: new Date(now - 100 * MIN).toISOString(),
        endsAt: new Date(now - 5 * MIN).toISOString(),
        place: '局三楼会议室',
        organiser: '办公室主任 李四',
        creditedHours: 1,
        invite: { staffIds: [org.people.staffA1.id] },
      })
      .expect(201);
    const page = await app.newPage('desktop');
    await page.clock.install();
    await signIn(
      page,
      app,
      org.people.secA,
      `/manage/sessions/${created.body.id as string}/checkin`,
    );
    await page.getByTestId('checkin-code').waitFor();
    const closed = page.getByTestId('checkin-closed');
    // a minute at a time on both clocks (the screen's requests keep the sign-in alive)
    for (let i = 0; i < 20 && (await closed.count()) === 0; i++) {
      app.t.clock.advance(MIN);
      await page.clock.runFor(MIN);
    }
    await closed.waitFor();
    await expect(closed.textContent()).resolves.toContain('签到已结束');
    await expect(page.getByTestId('checkin-code').count()).resolves.toBe(0);
    await expect(page.getByTestId('checkin-qr').count()).resolves.toBe(0);
    await page.clock.runFor(2_000);
    const requests = recordApiRequests(page);
    await page.clock.runFor(MIN);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('A8: plain staff get 无权访问 at the check-in screen', async () => {
    const id = await sessionSoon('集中学法（权限）');
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.staffA1, `/manage/sessions/${id}/checkin`);
    await page.getByRole('heading', { name: '无权访问' }).waitFor();
    await expect(page.getByTestId('checkin-code').count()).resolves.toBe(0);
    await page.close();
  });

  it.each(['desktop', 'phone'] as const)(
    '学习审核: certificate preview, a staff claim approved in the page, a rejection with its reason, own records refused (%s)',
    async (size) => {
      const staff = signedIn(app.t, await login(app.t, org.people.staffA1));
      const claim = async (caseName: string, who = staff) =>
        (
          await who
            .post('/me/study/court-hearings', {
              date: daysAgo(3),
              court: '示范市中级人民法院',
              caseName,
              mode: 'video',
              hours: 2,
              note: '行政机关负责人出庭应诉',
            })
            .expect(201)
        ).body.id as string;
      const approveId = await claim(`张某诉某局信息公开案（${size}）`);
      const rejectId = await claim(`李某诉某局行政处罚案（${size}）`);
      const sec = signedIn(app.t, await login(app.t, org.people.secA));
      const ownId = await claim(`书记本人旁听（${size}）`, sec);

      const training = await signedIn(app.t, await login(app.t, org.people.staffA1))
        .post('/me/study/external-training')
        .field('title', `全省信访干部法治培训班（${size}）`)
        .field('organizer', '示范省信访局')
        .field('date', daysAgo(5))
        .field('hours', '4')
        .attach('file', PNG, '结业证书.png')
        .expect(201);
      const trainingId = training.body.id as string;

      const page = await app.newPage(size);
      await signIn(page, app, org.people.secA, '/manage/study-records');
      const row = (recordId: string) => page.locator(`[data-record-id="${recordId}"]`);
      await row(approveId).waitFor();
      await expect(page.getByTestId('filter-status').inputValue()).resolves.toBe('pending');
      await expect(row(approveId).textContent()).resolves.toContain('示范市中级人民法院');
      await expect(row(approveId).textContent()).resolves.toContain('观看庭审视频');
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await screenshot(page, 'manage-study-records');

      // the training certificate previews from a blob URL
      await row(trainingId).getByRole('button', { name: '查看证书' }).click();
      const img = row(trainingId).getByTestId('certificate-preview').getByRole('img');
      await img.waitFor();
      await expect(img.getAttribute('src')).resolves.toMatch(/^blob:/);
      await until(
        async () =>
          Number(
            await page.evaluate(
              `document.querySelector('[data-testid=certificate-preview] img').naturalWidth`,
            ),
          ) > 0,
        'certificate image loaded',
      );
      await expect(row(trainingId).textContent()).resolves.toContain('主办：示范省信访局');

      await row(approveId)
        .getByRole('button', { name: /^认定 / })
        .click();
      await row(approveId).getByTestId('record-status').filter({ hasText: '已计入' }).waitFor();
      const mine = (await staff.get('/me/study/records').expect(200)).body as {
        items: { id: string; status: string; hours: number }[];
      };
      expect(mine.items.find((r) => r.id === approveId)).toMatchObject({
        status: 'credited',
        hours: 2,
      });

      await row(rejectId)
        .getByRole('button', { name: /^驳回 / })
        .click();
      await row(rejectId).getByRole('button', { name: '确认驳回' }).click();
      await row(rejectId).getByTestId('row-error').filter({ hasText: '请填写驳回理由' }).waitFor();
      await row(rejectId)
        .getByLabel('驳回理由（本人可见）')
        .fill('未附庭审视频链接，请补充后重新提交');
      await row(rejectId).getByRole('button', { name: '确认驳回' }).click();
      await row(rejectId).getByTestId('record-status').filter({ hasText: '未通过' }).waitFor();
      const rejected = (await sec.get(`/study-records/${rejectId}`).expect(200)).body as {
        status: string;
        decisionNote: string;
      };
      expect(rejected).toMatchObject({
        status: 'rejected',
        decisionNote: '未附庭审视频链接，请补充后重新提交',
      });

      await row(ownId)
        .getByRole('button', { name: /^认定 / })
        .click();
      await row(ownId)
        .getByTestId('row-error')
        .filter({ hasText: '不能审核本人提交的学习记录' })
        .waitFor();
      await expect(row(ownId).getByTestId('record-status').textContent()).resolves.toBe('待审核');
      await page.close();
    },
  );

  let dashboardPlanId = '';
  it.each(['desktop', 'phone'] as const)(
    "工作台: the plan's three rates, pending claims, exams open now with sat/passed as n / d, this week's sessions (%s)",
    async (size) => {
      const sec = signedIn(app.t, await login(app.t, org.people.secA));
      const staff = signedIn(app.t, await login(app.t, org.people.staffA2));
      await staff
        .post('/me/study/court-hearings', {
          date: daysAgo(2),
          court: '示范市中级人民法院',
          caseName: `王某诉某局信访事项案（${size}）`,
          mode: 'in_person',
          hours: 1,
        })
        .expect(201);
      const pending = (await sec.get('/study-records?status=pending&pageSize=1').expect(200)).body
        .total as number;
      expect(pending).toBeGreaterThan(0);

      // an exam of department A1 opened ten minutes ago (by the server's clock, which earlier
      // tests moved on, and by the browser's): one examinee passes, one fails
      const now = Math.min(Date.now(), app.t.clock.now().getTime());
      const title = `本周学法测试（${size}）`;
      const examId = await publishExam(sec, {
        unitId: org.units.bureauA.id,
        title,
        kind: 'mock',
        opensAt: new Date(now - 10 * MIN).toISOString(),
        closesAt: new Date(now + 3 * 60 * MIN).toISOString(),
        durationMinutes: 30,
        passMark: 60,
        attemptsAllowed: 1,
        audienceUnitIds: [org.units.deptA1.id],
        paperMode: 'fixed',
        shuffleQuestions: false,
        shuffleOptions: false,
        questions: [{ questionId: world.bank.codes['EX-SI01'], points: 100 }],
      });
      await sitExam(signedIn(app.t, await login(app.t, world.pool[0])), examId, [['A']]);
      await sitExam(signedIn(app.t, await login(app.t, world.pool[1])), examId, [['B']]);
      const summary = (await sec.get(`/exams/${examId}/results`).expect(200)).body.summary as {
        candidates: number;
        sat: { numerator: number; denominator: number; percent: number };
        passed: { numerator: number; denominator: number; percent: number };
      };
      expect(summary.sat.numerator).toBe(2);
      expect(summary.passed.numerator).toBe(1);
      // Thursday noon of this week in Beijing (whatever day the test runs)
      const thursday = new Date(Date.now() + 8 * 60 * MIN);
      thursday.setUTCDate(thursday.getUTCDate() - ((thursday.getUTCDay() + 6) % 7) + 3);
      const thursdayNoon = Date.parse(`${thursday.toISOString().slice(0, 10)}T12:00:00+08:00`);
      await sec
        .post('/sessions', {
          unitId: org.units.bureauA.id,
          type: 'law_study',
          topic: `本周集中学法（工作台 ${size}）`,
          startsAt: new Date(thursdayNoon).toISOString(),
          endsAt: new Date(thursdayNoon + 90 * MIN).toISOString(),
          place: '局三楼会议室',
          organiser: '办公室主任 李四',
          creditedHours: 1.5,
          invite: { staffIds: [org.people.staffA1.id] },
        })
        .expect(201);

      // the bureau's plan (one a year, made by the first run), active: its three rates
      const planTitle = '学法考法工作计划（工作台）';
      if (!dashboardPlanId) {
        const plan = await sec
          .post('/plans', {
            unitId: org.units.bureauA.id,
            year: app.t.clock.now().getUTCFullYear(),
            title: planTitle,
            requiredHours: 40,
          })
          .expect(201);
        await sec.patch(`/plans/${plan.body.id}`, { status: 'active' }).expect(200);
        dashboardPlanId = plan.body.id as string;
      }
      type TargetRate = { numerator: number; denominator: number; percent: number | null };
      const figures = (await sec.get(`/plans/${dashboardPlanId}/compliance`).expect(200)).body
        .figures as Record<'participation' | 'exam' | 'pass', TargetRate>;

      const page = await app.newPage(size);
      await signIn(page, app, org.people.secA, '/manage');
      const rates = page.getByTestId('plan-rates').filter({ hasText: planTitle });
      await rates.waitFor();
      const shown = (r: TargetRate) =>
        r.percent === null
          ? `${r.numerator} / ${r.denominator}`
          : `${r.numerator} / ${r.denominator}（${r.percent.toFixed(1)}%）`;
      await expect(rates.getByTestId('plan-rate-value').allTextContents()).resolves.toEqual([
        shown(figures.participation),
        shown(figures.exam),
        shown(figures.pass),
      ]);
      await expect(rates.textContent()).resolves.toMatch(/参学率.*参考率.*通过率/);
      await expect(rates.textContent()).resolves.toMatch(/目标 \d+\.\d%，(已|未)达标/);
      await page.getByTestId('pending-count').filter({ hasText: /^\d+$/ }).waitFor();
      await expect(page.getByTestId('pending-count').textContent()).resolves.toBe(String(pending));
      const exam = page.locator(`[data-exam-id="${examId}"]`);
      await exam.waitFor();
      await expect(exam.textContent()).resolves.toContain(title);
      const d = summary.candidates;
      await expect(exam.getByTestId('exam-sat').textContent()).resolves.toBe(
        `2 / ${d}（${summary.sat.percent.toFixed(1)}%）`,
      );
      await expect(exam.getByTestId('exam-passed').textContent()).resolves.toBe(
        `1 / ${d}（${summary.passed.percent.toFixed(1)}%）`,
      );
      const week = page.getByTestId('week-sessions');
      await week.waitFor();
      await expect(week.textContent()).resolves.toContain(`本周集中学法（工作台 ${size}）`);
      await week
        .getByRole('link', { name: `打开签到大屏：本周集中学法（工作台 ${size}）` })
        .waitFor();
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await screenshot(page, 'manage-home-dashboard');
      await page.close();
    },
  );
});
