import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { SessionJobsService } from '../../src/modules/sessions/scheduling/session-jobs.service';
import { StudyLedgerService } from '../../src/modules/study/records/study-ledger.service';
import { oneQuestionExam, publishExam, seedBank, sitExam } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import { expectAccessible, expectNoHorizontalScroll } from './a11y';
import { daysAgo } from './fixtures';
import type { BrowserApp, Size } from './harness';
import { recordApiRequests, screenshot, signIn, startBrowserApp } from './harness';

type Org = Awaited<ReturnType<typeof buildOrg>>;

const NO_MATCH = '文件与任何导出记录都不一致，可能已被修改或并非本平台导出';
const WORKBOOK_NAME = /^测试市信访局\d{4}年度学法考法情况\.xlsx$/;

/** `days` before today, kept inside this year (the dossier opens on the current year). */
const thisYearDaysAgo = (days: number) => {
  const day = daysAgo(days);
  return day.slice(0, 4) === daysAgo(0).slice(0, 4) ? day : `${daysAgo(0).slice(0, 4)}-01-01`;
};

/**
 * HR's evidence desk in the browser (web.md §5.4, A5/A7): a unit workbook requested, followed to
 * 100 % and downloaded through a one-time link (no Bearer token in any URL), then verified as it
 * is and after an edit; a dossier with its audit banner, out of reach for another bureau's HR;
 * and the secretary's read-only staff views.
 */
describe('HR evidence desk in the browser (人员档案, 导出与校验)', () => {
  let app: BrowserApp;
  let org: Org;
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-hr-browser-'));

  beforeAll(async () => {
    app = await startBrowserApp();
    org = await buildOrg(app.t);
    const bank = await seedBank(app.t, { true_false: 1 });
    await app.t.get(StudyLedgerService).credit({
      staffId: org.people.staffA1.id,
      kind: 'self_study',
      sourceKey: 'browser-hr-1',
      occurredOn: thisYearDaysAgo(3),
      hours: 2,
      title: '自学《信访工作条例》',
      laws: [],
    });
    // staff A1's year: a plan, the official exam passed, a theory-group session missed
    const admin = signedIn(app.t, await login(app.t, org.people.adminA));
    const sec = signedIn(app.t, await login(app.t, org.people.secA));
    const now = app.t.clock.now().getTime();
    const year = Number(daysAgo(0).slice(0, 4));
    const plan = await admin
      .post('/plans', {
        unitId: org.units.bureauA.id,
        year,
        title: `${year}年度学法考法计划`,
        requiredHours: 4,
      })
      .expect(201);
    const planId = plan.body.id as string;
    await admin
      .put(`/plans/${planId}/required-laws`, { laws: [{ lawId: bank.lawId }] })
      .expect(200);
    await admin.patch(`/plans/${planId}`, { status: 'active' }).expect(200);
    const examId = await publishExam(
      sec,
      oneQuestionExam({
        unitId: org.units.bureauA.id,
        planId,
        audienceUnitIds: [org.units.deptA1.id],
        questionId: bank.codes['EX-TR01'],
        now,
      }),
    );
    await sitExam(signedIn(app.t, await login(app.t, org.people.staffA1)), examId, [['A']]);
    const held = await sec
      .post('/sessions', {
        unitId: org.units.bureauA.id,
        type: 'theory_group',
        topic: '学习示范办法',
        startsAt: `${thisYearDaysAgo(5)}T01:00:00Z`,
        endsAt: `${thisYearDaysAgo(5)}T03:00:00Z`,
        place: '会议室',
        organiser: '局党组书记',
        creditedHours: 1,
        invite: { staffIds: [org.people.staffA1.id] },
      })
      .expect(201);
    // closed by the worker's jobs: A1 was not there, and gets make-up study
    await app.t.get(SessionJobsService).start(held.body.id as string);
    await app.t.get(SessionJobsService).end(held.body.id as string);
  });
  afterAll(() => app?.close());

  const checkPage = async (page: Page, name: string) => {
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, name);
  };

  it.each(['desktop', 'phone'] as const)(
    'A7: requests a unit workbook, sees it reach 100 %%, downloads it by link, verifies it and an edited copy (%s)',
    async (size: Size) => {
      const page = await app.newPage(size, { acceptDownloads: true });
      const requests: { url: string; auth: string | undefined }[] = [];
      page.on('request', (r) =>
        requests.push({ url: r.url(), auth: r.headers()['authorization'] }),
      );
      await signIn(page, app, org.people.hrA, '/hr/exports');
      await page.getByTestId('export-form').waitFor();
      await expect(page.title()).resolves.toBe('导出与校验 - 学法考法平台');
      await page.getByTestId('export-unit').selectOption({ label: '测试市信访局' });
      await checkPage(page, 'hr-exports-form');
      const [asked] = await Promise.all([
        page.waitForResponse(
          (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/exports',
        ),
        page.getByTestId('export-submit').click(),
      ]);
      expect(asked.status()).toBe(202);
      const exportId = ((await asked.json()) as { id: string }).id;

      // our row reaches 100 % and 已完成 through polling
      const row = page.locator(`[data-testid=export-row][data-export-id="${exportId}"]`);
      await row
        .getByTestId('export-progress')
        .filter({ hasText: /^100%$/ })
        .waitFor({
          timeout: 30_000,
        });
      await expect(row.getByTestId('export-status').textContent()).resolves.toBe('已完成');
      await checkPage(page, 'hr-exports-done');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row.getByTestId('export-download').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(WORKBOOK_NAME);
      const file = join(dir, `${size}-${download.suggestedFilename()}`);
      await download.saveAs(file);
      const bytes = readFileSync(file);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      expect(book.worksheets.map((w) => w.name)).toContain('汇总');

      // the file came through a one-time link, and no URL carried the Bearer token
      const fileRequest = requests.find((r) =>
        new URL(r.url).pathname.startsWith('/export-downloads/'),
      );
      expect(fileRequest?.auth).toBeUndefined();
      const session = JSON.parse(
        (await page.evaluate(() =>
          (globalThis as unknown as { localStorage: Storage }).localStorage.getItem(
            'xuefa.session',
          ),
        )) ?? '{}',
      ) as { accessToken: string };
      expect(session.accessToken).toBeTruthy();
      for (const r of requests) expect(r.url).not.toContain(session.accessToken);
      expect(requests.some((r) => new URL(r.url).pathname.endsWith('/file'))).toBe(false);

      // verify the download: a match with its details
      await page.getByTestId('to-verify').click();
      await page.getByRole('heading', { level: 1, name: '导出文件校验' }).waitFor();
      await page.getByTestId('verify-file').setInputFiles(file);
      await page.getByTestId('verify-submit').click();
      const result = page.getByTestId('verify-result');
      await result.waitFor();
      await expect(page.getByTestId('verify-verdict').textContent()).resolves.toContain('一致');
      await expect(page.getByTestId('verify-unit').textContent()).resolves.toBe('测试市信访局');
      await expect(page.getByTestId('verify-requester').textContent()).resolves.toContain(
        org.people.hrA.name,
      );
      await expect(page.getByTestId('verify-audit').textContent()).resolves.toContain('完好');
      await checkPage(page, 'hr-verify-match');

      // an edited copy: no match, and the server's Chinese reason
      const summary = book.getWorksheet('汇总') as ExcelJS.Worksheet;
      summary.getCell('A1').value = '改过的标题';
      const edited = Buffer.from(await book.xlsx.writeBuffer());
      await page.getByTestId('verify-file').setInputFiles({
        name: '改过的导出文件.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: edited,
      });
      await page.getByTestId('verify-submit').click();
      await page.getByTestId('verify-reason').filter({ hasText: NO_MATCH }).waitFor();
      await expect(page.getByTestId('verify-verdict').textContent()).resolves.toContain('不一致');
      await checkPage(page, 'hr-verify-no-match');
      await page.close();
    },
  );

  it.each(['desktop', 'phone'] as const)(
    'finds a person and opens the annual dossier with the audit banner; roster exports as Excel (%s)',
    async (size: Size) => {
      const page = await app.newPage(size, { acceptDownloads: true });
      await signIn(page, app, org.people.hrA, '/hr/staff');
      await page.getByTestId('roster-q').fill(org.people.staffA1.staffNo);
      await page.getByRole('button', { name: '查找' }).click();
      await page.getByTestId('roster-total').filter({ hasText: '共 1 人' }).waitFor();
      await checkPage(page, 'hr-staff');
      const [roster] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('roster-export').click(),
      ]);
      expect(roster.suggestedFilename()).toBe('人员名单.xlsx');

      await page
        .getByRole('link', {
          name: `查看档案：${org.people.staffA1.name}（${org.people.staffA1.staffNo}）`,
        })
        .click();
      await page
        .getByTestId('audit-banner')
        .filter({ hasText: '本次查看已记入审计日志' })
        .waitFor();
      await expect(page.getByTestId('dossier-unit').textContent()).resolves.toBe('来访接待科');
      await expect(page.getByTestId('dossier-hours').textContent()).resolves.toContain(
        '自学《信访工作条例》',
      );
      // the session by its numbered name, missed; the exam with its attempt; the make-up
      const missed = page.getByTestId('dossier-session');
      await expect(missed.count()).resolves.toBe(1);
      await expect(missed.textContent()).resolves.toMatch(/\d{4}年第1次.+缺席/);
      await expect(page.getByTestId('dossier-exam').textContent()).resolves.toContain(
        '2026年度学法考试',
      );
      await expect(page.getByTestId('dossier-attempt').textContent()).resolves.toMatch(
        /第 1 次（计分）.*100 \/ 100.*通过/,
      );
      await expect(page.getByTestId('dossier-makeups').textContent()).resolves.toContain(
        '尚未补学',
      );
      // and the flag it raises, with its rule
      await expect(page.getByTestId('dossier-flag').textContent()).resolves.toMatch(
        /缺席的集体学习尚未完成补学.*规则 MAKEUP_STUDY_OPEN/,
      );
      const [{ n }] = await app.t.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'evidence.dossier_read'
          AND actor_id = $1 AND target_id = $2`,
        [org.people.hrA.id, org.people.staffA1.id],
      );
      expect(Number(n)).toBeGreaterThan(0);
      await checkPage(page, 'hr-dossier');

      // 导出个人档案: the dossier workbook is asked for and followed on the exports page
      await page.getByTestId('dossier-export').click();
      const focused = page.locator('[data-testid=export-row].focused');
      await focused.waitFor();
      await expect(focused.textContent()).resolves.toContain(org.people.staffA1.name);
      await focused.getByTestId('export-download').waitFor({ timeout: 30_000 });
      await page.close();
    },
  );

  it("keeps another bureau's HR out of a dossier: 未找到, never the data", async () => {
    const page = await app.newPage('desktop');
    const api = recordApiRequests(page);
    await signIn(page, app, org.people.hrB, `/hr/staff/${org.people.staffA1.id}/dossier`);
    const error = page.getByTestId('dossier-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/未找到|无权访问/);
    expect(api).toContain(`GET /staff/${org.people.staffA1.id}/dossier`);
    await expect(page.getByTestId('audit-banner').count()).resolves.toBe(0);
    await expect(page.getByTestId('dossier-unit').count()).resolves.toBe(0);
    await expect(page.content()).resolves.not.toContain(org.people.staffA1.name);
    await checkPage(page, 'hr-dossier-denied');
    await page.close();
  });

  it.each(['desktop', 'phone'] as const)(
    "shows a secretary the roster in scope and a person's hours and laws, read-only (%s)",
    async (size: Size) => {
      const page = await app.newPage(size);
      await signIn(page, app, org.people.secA, '/manage');
      // reached from the sidebar (behind the menu button on a phone)
      if (size === 'phone') await page.getByRole('button', { name: '打开菜单' }).click();
      await page.getByRole('link', { name: '人员名单' }).click();
      await page.getByTestId('roster-row').first().waitFor();
      await expect(page.getByTestId('roster-export').count()).resolves.toBe(0);
      await expect(page.getByTestId('roster-list').textContent()).resolves.not.toContain(
        org.people.staffB.name,
      );
      await checkPage(page, 'manage-staff');
      await page
        .getByRole('link', {
          name: `学习情况：${org.people.staffA1.name}（${org.people.staffA1.staffNo}）`,
        })
        .click();
      await page.getByTestId('study-total').filter({ hasText: '2' }).waitFor();
      await checkPage(page, 'manage-staff-study');
      await page.close();
    },
  );
});
