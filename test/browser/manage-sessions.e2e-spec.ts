import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { expectAccessible, expectNoHorizontalScroll } from './a11y';
import type { BrowserApp } from './harness';
import { screenshot, signIn, startBrowserApp } from './harness';
import type { Org } from './life-seed';
import { HOUR, MIN, createSession, seedBank } from './life-seed';

const DAY = 24 * HOUR;

/** The Beijing date of an instant, "2026-12-21". */
const beijingDate = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);

/**
 * The secretary's session pages (web.md §5.3 /manage/sessions…): a weekly series made in the
 * form, whose overlap warning shows before anything is saved; the invitation the invitees get
 * at once; the calendar; one session's attendance table, leave decision, materials, minutes and
 * cancel with a reason; list and session pages at both sizes.
 */
describe('session management in the browser (/manage/sessions)', () => {
  let app: BrowserApp;
  let org: Org;
  let sec: Session;
  let lawTitle: string;
  /** A session of staff A2 on `day` 14:30–16:30 that the new series runs into. */
  let existing: { id: string };
  /** Starts in ten minutes: attendance may be marked, leave is still pending. */
  let soon: string;
  /** In three days: to be cancelled. */
  let later: string;
  /** Began twenty minutes ago: only topic, organiser, place and link may change. */
  let begun: string;
  /** Two weeks ahead (Beijing date). */
  let day: string;

  const secReq = () => signedIn(app.t, sec);

  beforeAll(async () => {
    app = await startBrowserApp();
    org = await buildOrg(app.t);
    const bank = await seedBank(app.t, { single_choice: 1 });
    sec = await login(app.t, org.people.secA);
    const law = await secReq().get(`/laws/${bank.lawId}`).expect(200);
    lawTitle = (law.body.shortTitle || law.body.title) as string;
    day = beijingDate(Date.now() + 14 * DAY);
    const at = (time: string) => Date.parse(`${day}T${time}:00+08:00`);
    existing = {
      id: await createSession(app.t, sec, {
        unitId: org.units.bureauA.id,
        topic: '已安排的集中学法',
        startsAt: at('14:30'),
        minutes: 120,
        staffIds: [org.people.staffA2.id],
      }),
    };
    const now = Math.ceil(Date.now() / MIN) * MIN;
    const invited = [org.people.staffA1.id, org.people.staffA2.id];
    soon = await createSession(app.t, sec, {
      unitId: org.units.bureauA.id,
      topic: '集中学法：考勤与请假',
      startsAt: now + 10 * MIN,
      minutes: 90,
      staffIds: invited,
    });
    later = await createSession(app.t, sec, {
      unitId: org.units.bureauA.id,
      topic: '集中学法：将要取消',
      startsAt: now + 3 * DAY,
      minutes: 60,
      staffIds: invited,
    });
    begun = await createSession(app.t, sec, {
      unitId: org.units.bureauA.id,
      topic: '集中学法：已经开始',
      startsAt: now - 20 * MIN,
      minutes: 90,
      staffIds: invited,
    });
    const a2 = await login(app.t, org.people.staffA2);
    await signedIn(app.t, a2).post(`/sessions/${soon}/leave`, { reason: '外出开会' }).expect(201);
  });
  afterAll(() => app?.close());

  it('creates a weekly series in the form, showing the overlap warning before saving; the invitees are told at once and the calendar shows it', async () => {
    const topic = '学习《信访工作条例》系列';
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.secA, '/manage/sessions');
    await page.getByRole('heading', { level: 1, name: '学习活动管理' }).waitFor();
    await page.getByRole('link', { name: '新建活动' }).click();
    await page.getByRole('heading', { level: 1, name: '新建学习活动' }).waitFor();
    await expect(page.title()).resolves.toBe('新建学习活动 - 学法考法平台');

    await page.getByLabel('组织单位').selectOption({ label: '测试市信访局' });
    await page.getByLabel('活动类型').selectOption({ label: '党组理论学习中心组集体学习' });
    await page.getByLabel('学习主题').fill(topic);
    await page.getByLabel('日期', { exact: true }).fill(day);
    await page.getByLabel('开始时间').fill('15:00');
    await page.getByLabel('结束时间').fill('16:00');
    await page.getByLabel('地点', { exact: true }).fill('局三楼会议室');
    await page.getByLabel('主持人').fill('局党组书记 张三');
    await page.getByLabel('计入学时').fill('1');
    await page.getByLabel('重复方式').selectOption('weekly');
    await page.getByLabel('共几次（2–52）').fill('3');
    await page.getByRole('checkbox', { name: '办信科' }).check();
    await page.getByLabel('点名邀请：姓名或工号').fill(org.people.staffA1.name);
    await page.getByRole('button', { name: '查找人员' }).click();
    await page
      .getByRole('button', { name: `添加 ${org.people.staffA1.name}（来访接待科）` })
      .click();
    await page.getByLabel('查找法律法规').fill(lawTitle);
    await page.getByRole('button', { name: '查找法规' }).click();
    await page.getByRole('button', { name: `添加《${lawTitle}》` }).click();
    await page.getByLabel(`《${lawTitle}》条号（如 2、5-7；不填为整部）`).fill('2');
    await page.getByRole('button', { name: '检查并保存' }).click();

    const warning = page.getByTestId('overlap-warnings');
    await warning.waitFor();
    const text = (await warning.textContent()) ?? '';
    // its label as numbered now (sessions created before it in the year come first)
    const label = (await secReq().get(`/sessions/${existing.id}`).expect(200)).body.label as string;
    expect(text).toContain(`${label}：已安排的集中学法`);
    expect(text).toContain(org.people.staffA2.name);
    await expect(page.getByTestId('series-preview').textContent()).resolves.toContain(
      '将创建 3 次活动',
    );
    // shown before saving: nothing exists yet
    const listed = async () =>
      (
        (await secReq().get('/sessions?type=theory_group&pageSize=100').expect(200)).body.items as {
          id: string;
          topic: string;
          startsAt: string;
        }[]
      ).filter((s) => s.topic === topic);
    expect(await listed()).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'manage-session-new-warning');

    await page.getByRole('button', { name: '仍然保存' }).click();
    await page.getByTestId('notice').filter({ hasText: '已创建 3 次活动' }).waitFor();
    const created = (await listed()).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    expect(created.map((s) => Date.parse(s.startsAt))).toEqual(
      [0, 7, 14].map((d) => Date.parse(`${day}T15:00:00+08:00`) + d * DAY),
    );
    expect(page.url()).toContain(`/manage/sessions/${created[0].id}`);
    const detail = (await secReq().get(`/sessions/${created[0].id}`).expect(200)).body;
    expect(detail).toMatchObject({
      inviteUnitIds: [org.units.deptA2.id],
      inviteStaffIds: [org.people.staffA1.id],
      laws: [{ lawTitle, articles: [2] }],
    });

    // the calendar shows the first of them on its day
    await page.goto('/app/manage/sessions?view=month');
    await page.getByTestId('calendar-title').waitFor();
    const today = beijingDate(Date.now());
    const months =
      Number(day.slice(0, 4)) * 12 +
      Number(day.slice(5, 7)) -
      (Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)));
    for (let i = 0; i < months; i += 1) {
      await page.getByRole('button', { name: '下个月' }).click();
    }
    await page
      .getByTestId('calendar-title')
      .filter({ hasText: `${day.slice(0, 4)}年${Number(day.slice(5, 7))}月` })
      .waitFor();
    const cell = page.locator(`td[data-date="${day}"]`);
    await cell.getByRole('link', { name: new RegExp(`15:00\\s*${topic}`) }).waitFor();
    await cell.getByRole('link', { name: /已安排的集中学法/ }).waitFor();
    await page.getByRole('button', { name: '周历' }).click();
    await page.getByTestId('calendar-title').filter({ hasText: '日–' }).waitFor();
    await page.close();

    // the invitee finds the invitation in 通知 without waiting for a reminder
    const invitee = await app.newPage('phone');
    await signIn(invitee, app, org.people.staffA2, '/notifications');
    const inbox = invitee.getByTestId('notifications');
    await inbox.filter({ hasText: '学习活动安排' }).waitFor();
    expect(await inbox.textContent()).toContain(`（${topic}）共安排 3 次`);
    await invitee.close();
  });

  it('marks attendance with a note and approves a leave request in the attendance table', async () => {
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.secA, `/manage/sessions/${soon}`);
    await page.getByRole('heading', { level: 1, name: /考勤与请假/ }).waitFor();
    await expect(page.getByRole('link', { name: '签到大屏' }).getAttribute('href')).resolves.toBe(
      `/app/manage/sessions/${soon}/checkin`,
    );
    const a1 = page.locator(
      `[data-testid=attendance-row][data-staff-id="${org.people.staffA1.id}"]`,
    );
    await a1
      .getByLabel(`${org.people.staffA1.name} 的考勤`, { exact: true })
      .selectOption({ label: '迟到' });
    await a1.getByLabel(`${org.people.staffA1.name} 的备注`).fill('会议开始后 5 分钟到场');
    await a1.getByRole('button', { name: `登记 ${org.people.staffA1.name} 的考勤` }).click();
    await a1.getByTestId('attendance-status').filter({ hasText: '迟到' }).waitFor();
    await page.getByTestId('attendance-counts').filter({ hasText: '迟到 1' }).waitFor();

    const leave = page.getByTestId('leave-row').filter({ hasText: '外出开会' });
    await expect(leave.getByTestId('leave-status').textContent()).resolves.toContain('待审批');
    await leave.getByLabel('审批意见（可选）').fill('同意');
    await leave
      .getByRole('button', { name: `批准 ${org.people.staffA2.name} 的请假`, exact: true })
      .click();
    await leave.getByTestId('leave-status').filter({ hasText: '已批准' }).waitFor();
    const a2 = page.locator(
      `[data-testid=attendance-row][data-staff-id="${org.people.staffA2.id}"]`,
    );
    await a2.getByTestId('attendance-status').filter({ hasText: '请假' }).waitFor();

    const sheet = (await secReq().get(`/sessions/${soon}/attendance`).expect(200)).body as {
      rows: { staffId: string; status: string | null; note: string | null }[];
      leaves: { status: string; decisionNote: string | null }[];
    };
    expect(sheet.rows.find((r) => r.staffId === org.people.staffA1.id)).toMatchObject({
      status: 'late',
      note: '会议开始后 5 分钟到场',
    });
    expect(sheet.rows.find((r) => r.staffId === org.people.staffA2.id)?.status).toBe('excused');
    expect(sheet.leaves).toEqual([
      expect.objectContaining({ status: 'approved', decisionNote: '同意' }),
    ]);
    await page.close();
  });

  it('uploads and deletes a material and saves the minutes', async () => {
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.secA, `/manage/sessions/${soon}`);
    const panel = page.getByTestId('materials');
    await panel.getByText('暂无学习材料。').waitFor();
    await panel.getByRole('button', { name: '上传', exact: true }).click();
    await panel.getByRole('alert').filter({ hasText: '请选择要上传的文件' }).waitFor();
    await panel.getByLabel('上传材料（PDF、Word、JPEG 或 PNG）').setInputFiles({
      name: '条例学习提纲.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% 学习提纲\ntrailer <<>>\n%%EOF\n'),
    });
    await panel.getByRole('button', { name: '上传', exact: true }).click();
    await panel.getByTestId('material').filter({ hasText: '条例学习提纲.pdf' }).waitFor();
    const files = (await secReq().get(`/sessions/${soon}/materials`).expect(200)).body as {
      id: string;
      fileName: string;
    }[];
    expect(files.map((f) => f.fileName)).toEqual(['条例学习提纲.pdf']);
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: '下载 条例学习提纲.pdf' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('条例学习提纲.pdf');

    await page.getByLabel('纪要（参加人员可阅读）').fill('传达了条例第二条的要求。');
    await page.getByRole('button', { name: '保存纪要' }).click();
    await page.getByText('纪要已保存').waitFor();
    expect((await secReq().get(`/sessions/${soon}`).expect(200)).body.minutes).toBe(
      '传达了条例第二条的要求。',
    );

    page.once('dialog', (d) => void d.accept());
    await panel.getByRole('button', { name: '删除 条例学习提纲.pdf' }).click();
    await panel.getByText('暂无学习材料。').waitFor();
    expect((await secReq().get(`/sessions/${soon}/materials`).expect(200)).body).toEqual([]);
    await page.close();
  });

  it('cancels a session with a reason, which the invitees are told', async () => {
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.secA, `/manage/sessions/${later}`);
    await page.getByRole('button', { name: '取消活动' }).click();
    await page.getByRole('button', { name: '确认取消活动' }).click();
    await page.getByRole('alert').filter({ hasText: '请填写取消原因' }).waitFor();
    await page.getByLabel('取消原因（将通知参加人员）').fill('与市委全会时间冲突');
    await page.getByRole('button', { name: '确认取消活动' }).click();
    await page.getByTestId('session-status').filter({ hasText: '已取消' }).waitFor();
    await expect(page.getByTestId('cancelled').textContent()).resolves.toContain(
      '与市委全会时间冲突',
    );
    const a1 = await login(app.t, org.people.staffA1);
    const inbox = (await signedIn(app.t, a1).get('/me/notifications?pageSize=100').expect(200)).body
      .items as { kind: string; body: string; data: { sessionId?: string } }[];
    expect(
      inbox.find((n) => n.kind === 'session_cancelled' && n.data.sessionId === later)?.body,
    ).toContain('与市委全会时间冲突');
    await page.close();
  });

  it('edits a session that has begun: the time is locked, the topic and place change', async () => {
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.secA, `/manage/sessions/${begun}`);
    await page.getByRole('heading', { level: 1, name: /已经开始/ }).waitFor();
    await expect(page.getByRole('button', { name: '取消活动' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: '编辑' }).click();
    await page.getByText('活动已开始，只能修改主题、主持人、地点和线上链接。').waitFor();
    await expect(page.getByLabel('日期', { exact: true }).isDisabled()).resolves.toBe(true);
    await expect(page.getByLabel('开始时间').isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('checkbox', { name: '提前 1 天' }).isDisabled()).resolves.toBe(
      true,
    );
    await page.getByLabel('学习主题').fill('集中学法：已经开始（改）');
    await page.getByLabel('地点', { exact: true }).fill('局一楼报告厅');
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.getByTestId('notice').filter({ hasText: '已保存。' }).waitFor();
    await page.getByRole('heading', { level: 1, name: /已经开始（改）/ }).waitFor();
    const after = (await secReq().get(`/sessions/${begun}`).expect(200)).body;
    expect(after).toMatchObject({ topic: '集中学法：已经开始（改）', place: '局一楼报告厅' });
    await page.close();
  });

  it('filters the list by status and type', async () => {
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.secA, '/manage/sessions');
    await page.getByTestId('session-list').waitFor();
    await page.getByLabel('状态', { exact: true }).selectOption('cancelled');
    await page.getByTestId('session-total').filter({ hasText: '共 1 次活动' }).waitFor();
    await expect(page.getByTestId('session-row').textContent()).resolves.toContain('将要取消');
    await page.getByLabel('状态', { exact: true }).selectOption('');
    await page.getByLabel('类型', { exact: true }).selectOption('theory_group');
    await page.getByTestId('session-total').filter({ hasText: '共 3 次活动' }).waitFor();
    const rows = await page.getByTestId('session-row').allTextContents();
    expect(rows.every((r) => r.includes('学习《信访工作条例》系列'))).toBe(true);
    await page.close();
  });

  describe.each(['desktop', 'phone'] as const)('on %s', (size) => {
    it('the list, the month calendar and a session page are accessible and do not scroll sideways', async () => {
      const page = await app.newPage(size);
      await signIn(page, app, org.people.secA, '/manage/sessions');
      const list = page.getByTestId('session-list');
      await list.waitFor();
      await list.getByRole('link', { name: /考勤与请假/ }).waitFor();
      await expectAccessible(page);
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'manage-sessions');

      await page.getByRole('button', { name: '月历' }).click();
      await page
        .getByTestId('session-calendar')
        .getByRole('link', { name: /考勤与请假/ })
        .waitFor();
      await expectAccessible(page);
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'manage-sessions-month');

      await page
        .getByTestId('session-calendar')
        .getByRole('link', { name: /考勤与请假/ })
        .click();
      await page.getByTestId('attendance').waitFor();
      await page.getByRole('button', { name: '编辑' }).click();
      await page.getByRole('button', { name: '保存修改' }).waitFor();
      await expectAccessible(page);
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'manage-session');
      await page.close();
    });
  });
});
