import {
  checkinCode,
  CODE_PERIOD_MS,
} from '../../src/modules/sessions/attendance/attendance.service';
import { buildOrg } from '../factories/org.factory';
import type { TestStaff } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { expectNoHorizontalScroll } from './a11y';
import type { BrowserApp } from './harness';
import { screenshot, signIn, signInWithForm, startBrowserApp } from './harness';
import type { Org } from './life-seed';
import { HOUR, MIN, createSession, seedBank } from './life-seed';

/**
 * 学习活动 in the browser: my sessions, one session's details with its material, 请假 before the
 * start, 签到 by code, and the QR deep link /checkin?session&code signed out (A2), with an
 * expired code and too many wrong codes. Sessions are made through the API by the secretary;
 * time is real (sessions are placed around now), the server clock frozen so codes stay put.
 */
describe('sessions, leave and check-in in the browser (A2)', () => {
  let app: BrowserApp;
  let org: Org;
  let sec: Session;
  let upcoming: string;
  let soon: string;
  let started: string;
  let latePerson: TestStaff;
  let guesser: TestStaff;

  const secReq = () => signedIn(app.t, sec);
  const currentCode = async (id: string) =>
    (await secReq().get(`/sessions/${id}/checkin`).expect(200)).body.code as string;
  const wrongCode = (code: string, n: number) =>
    String((Number(code) + n) % 1_000_000).padStart(6, '0');

  beforeAll(async () => {
    app = await startBrowserApp();
    org = await buildOrg(app.t);
    latePerson = await org.f.staff({ unit: org.units.deptA1, name: '迟到者' });
    guesser = await org.f.staff({ unit: org.units.deptA1, name: '猜码者' });
    const bank = await seedBank(app.t, { single_choice: 3, true_false: 2 });
    sec = await login(app.t, org.people.secA);
    const now = Math.floor(Date.now() / MIN) * MIN;
    const invited = [org.people.staffA1.id, org.people.staffA2.id, latePerson.id, guesser.id];
    upcoming = await createSession(app.t, sec, {
      unitId: org.units.bureauA.id,
      topic: '集中学法：信访事项的受理与告知',
      startsAt: now + 3 * HOUR,
      minutes: 120,
      staffIds: invited,
      lawId: bank.lawId,
      material: '受理告知要点.pdf',
      creditedHours: 2,
    });
    soon = await createSession(app.t, sec, {
      unitId: org.units.bureauA.id,
      topic: '集中学法：签到码',
      startsAt: now + 10 * MIN,
      minutes: 60,
      staffIds: invited,
    });
    started = await createSession(app.t, sec, {
      unitId: org.units.bureauA.id,
      topic: '集中学法：迟到',
      startsAt: now - 20 * MIN,
      minutes: 60,
      staffIds: invited,
    });
    await secReq().post(`/sessions/${soon}/checkin/open`).expect(200);
    await secReq().post(`/sessions/${started}/checkin/open`).expect(200);
  });
  afterAll(() => app?.close());

  describe.each(['desktop', 'phone'] as const)('on %s', (size) => {
    it('lists my sessions with numbered labels, time, place and my status', async () => {
      const page = await app.newPage(size);
      await signIn(page, app, org.people.staffA1, '/sessions');
      const list = page.getByTestId('sessions-upcoming');
      await list.waitFor();
      const text = await list.textContent();
      expect(text).toMatch(/\d{4}年第\d+次[^：]*：集中学法：信访事项的受理与告知/);
      expect(text).toContain('局三楼会议室');
      expect(text).toContain('2 学时');
      await expect(page.getByTestId(`attendance-${upcoming}`).textContent()).resolves.toContain(
        '未开始',
      );
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'sessions');
      await page.close();
    });
  });

  it('shows a session, downloads its material under its Chinese name, and takes leave before the start', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const who = size === 'desktop' ? org.people.staffA1 : org.people.staffA2;
      const page = await app.newPage(size);
      await signIn(page, app, who, `/sessions/${upcoming}`);
      await page.getByRole('heading', { level: 1, name: /信访事项的受理与告知/ }).waitFor();
      await expect(page.getByText('办公室主任 李四').isVisible()).resolves.toBe(true);
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '下载 受理告知要点.pdf' }).click(),
      ]);
      expect(file.suggestedFilename()).toBe('受理告知要点.pdf');
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'session-detail');
      await page.getByRole('button', { name: '请假', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: '请假' });
      await dialog.getByRole('button', { name: '提交请假' }).click();
      await dialog
        .getByTestId('leave-error')
        .filter({ hasText: /^请填写请假事由$/ })
        .waitFor();
      await dialog.getByLabel('请假事由').fill('参加市里培训');
      await dialog.getByRole('button', { name: '提交请假' }).click();
      await page.getByTestId('my-attendance').filter({ hasText: '请假待审批' }).waitFor();
      await expect(page.getByRole('button', { name: '请假', exact: true }).count()).resolves.toBe(
        0,
      );
      await page.close();
    }
    const sheet = await secReq().get(`/sessions/${upcoming}/attendance`).expect(200);
    expect(
      (sheet.body.leaves as { reason: string; status: string }[]).map((l) => [l.reason, l.status]),
    ).toEqual([
      ['参加市里培训', 'pending'],
      ['参加市里培训', 'pending'],
    ]);
  });

  it('checks in on the session page with the 6-digit code; a wrong code shows the server message', async () => {
    const page = await app.newPage('phone');
    await signIn(page, app, org.people.staffA1, `/sessions/${soon}`);
    const form = page.getByTestId('checkin');
    await form.waitFor();
    await form.getByLabel('签到码（6 位数字）').fill('12ab');
    await form.getByRole('button', { name: '签到' }).click();
    await form
      .getByTestId('checkin-error')
      .filter({ hasText: /^请输入 6 位数字签到码$/ })
      .waitFor();
    const code = await currentCode(soon);
    await form.getByLabel('签到码（6 位数字）').fill(wrongCode(code, 500));
    await form.getByRole('button', { name: '签到' }).click();
    await form.getByTestId('checkin-error').filter({ hasText: '签到码不正确或已过期' }).waitFor();
    await form.getByLabel('签到码（6 位数字）').fill(await currentCode(soon));
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith(`/sessions/${soon}/checkin`),
      { timeout: 30_000 },
    );
    await form.getByRole('button', { name: '签到' }).click();
    const res = await answered;
    // the server's answer first, so a refusal fails here with its message, not as a timeout
    expect([res.status(), res.ok() ? '' : await res.text()]).toEqual([200, '']);
    const result = page.getByTestId('checkin-result');
    await result.waitFor({ timeout: 30_000 });
    await expect(result.textContent()).resolves.toContain('已签到');
    await expect(result.textContent()).resolves.toMatch(
      /签到时间：\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/,
    );
    await screenshot(page, 'session-checked-in');
    await page.getByTestId('my-attendance').filter({ hasText: '已签到' }).waitFor();
    await page.close();
  });

  it('A2: signed out, /checkin?session&code redirects to /app/checkin, then login, then 迟到', async () => {
    const code = await currentCode(started);
    const query = `session=${started}&code=${code}`;
    const res = await fetch(`${app.baseUrl}/checkin?${query}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/app/checkin?${query}`);

    for (const size of ['desktop', 'phone'] as const) {
      const page = await app.newPage(size);
      await page.goto(`/checkin?${query}`);
      await page.waitForURL('**/app/login?redirect=**');
      expect(decodeURIComponent(new URL(page.url()).searchParams.get('redirect') ?? '')).toBe(
        `/checkin?${query}`,
      );
      await signInWithForm(page, size === 'desktop' ? latePerson : org.people.staffA2);
      const result = page.getByTestId('checkin-result');
      await result.waitFor();
      await expect(result.textContent()).resolves.toContain('迟到');
      // the code is not left in the address (a reload must not send it again)
      expect(page.url()).not.toContain('code=');
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'checkin-late');
      await page.close();
    }
    const rows = await secReq().get(`/sessions/${started}/attendance`).expect(200);
    expect(rows.body.late).toBe(2);
  });

  it('A2: an expired code in the link asks for the current code on screen', async () => {
    const [{ checkin_secret: secret }] = await app.t.dataSource.query<{ checkin_secret: string }[]>(
      'SELECT checkin_secret FROM study_session WHERE id = $1',
      [soon],
    );
    const stale = checkinCode(secret, Math.floor(Date.now() / CODE_PERIOD_MS) - 3);
    const page = await app.newPage('phone');
    await signIn(page, app, latePerson, `/checkin?session=${soon}&code=${stale}`);
    await page.getByTestId('checkin-hint').waitFor();
    await expect(page.getByTestId('checkin-hint').textContent()).resolves.toContain(
      '请输入现场显示的最新 6 位签到码',
    );
    await page.getByTestId('checkin-error').filter({ hasText: '签到码不正确或已过期' }).waitFor();
    await screenshot(page, 'checkin-expired');
    await page.getByLabel('签到码（6 位数字）').fill(await currentCode(soon));
    await page.getByRole('button', { name: '签到' }).click();
    await page.getByTestId('checkin-result').filter({ hasText: '已签到' }).waitFor();
    await page.close();
  });

  it('shows the server 429 message after too many wrong codes', async () => {
    const code = await currentCode(soon);
    const own = signedIn(app.t, await login(app.t, guesser));
    for (let i = 1; i <= 5; i++) {
      await own.post(`/sessions/${soon}/checkin`, { code: wrongCode(code, i * 7) }).expect(422);
    }
    const page = await app.newPage('desktop');
    await signIn(page, app, guesser, `/checkin?session=${soon}`);
    await page.getByLabel('签到码（6 位数字）').fill(await currentCode(soon));
    await page.getByRole('button', { name: '签到' }).click();
    await page
      .getByTestId('checkin-error')
      .filter({ hasText: /^签到码输入错误次数过多，请 \d+ 秒后再试/ })
      .waitFor();
    await screenshot(page, 'checkin-throttled');
    // nothing was recorded for the guesser
    const sheet = await secReq().get(`/sessions/${soon}/attendance`).expect(200);
    const mine = (sheet.body.rows as { staffId: string; status: string | null }[]).find(
      (r) => r.staffId === guesser.id,
    );
    expect(['present', 'late']).not.toContain(mine?.status);
    await page.close();
  });
});
