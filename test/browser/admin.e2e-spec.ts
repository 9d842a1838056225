import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { LawImportService } from '../../src/modules/curriculum/laws/law-import.service';
import { fixtureLaw } from '../factories/law-fixtures';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import { expectAccessible, expectNoHorizontalScroll } from './a11y';
import { until } from './exam-setup';
import type { BrowserApp, Size } from './harness';
import { screenshot, signIn, startBrowserApp } from './harness';

type Org = Awaited<ReturnType<typeof buildOrg>>;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROSTER_HEADERS = [
  '工号*',
  '姓名*',
  '单位编码*',
  '职务',
  '是否党员',
  '入职日期*',
  '离职日期',
  '账号状态',
];

async function roster(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('人员名单');
  sheet.addRow(ROSTER_HEADERS);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const LAW = '示范市信访工作办法';

describe('administrator console in the browser (units, staff, laws, questions, audit)', () => {
  let app: BrowserApp;
  let org: Org;
  let lawId: string;

  /** The page is readable at its size: one h1, names, contrast, no sideways scroll; a picture. */
  async function checkPage(page: Page, name: string): Promise<void> {
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, name);
  }

  beforeAll(async () => {
    app = await startBrowserApp();
    org = await buildOrg(app.t);
    const report = await app.t
      .get(LawImportService)
      .importText(fixtureLaw(), { source: 'fixture.md' });
    lawId = report.lawId;
    const admin = signedIn(app.t, await login(app.t, org.people.adminA));
    await admin
      .post('/questions', {
        type: 'single_choice',
        code: 'ADM-0001',
        status: 'active',
        stem: '按照办法，信访事项应当自收到之日起多少日内决定是否受理？',
        options: ['7日', '15日', '30日', '60日'],
        answer: 'B',
        explanation: '依据第二条，应当自收到之日起15日内决定是否受理。',
        difficulty: 2,
        tags: ['受理'],
        references: [{ lawId, articles: [2] }],
        // the paragraph that stays the same in the changed text below, so the review can confirm it
        evidence: '不予受理的，应当书面告知信访人',
      })
      .expect(201);
  });
  afterAll(() => app?.close());

  it('units: creates a sub-unit, refuses a move into its own subtree with the server’s message, moves it', async () => {
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.adminA, '/admin/units');
    const tree = page.getByTestId('unit-tree');
    await tree.getByText('来访接待科', { exact: true }).click();
    await page.getByTestId('child-name').fill('网上信访组');
    await page.getByTestId('child-code').fill('WSXF-01');
    await page.getByTestId('child-create').click();
    await expect(page.getByTestId('unit-notice').textContent()).resolves.toContain(
      '已新建 网上信访组',
    );
    await tree.getByText('网上信访组', { exact: true }).waitFor();

    // 来访接待科 under its own new child: a cycle
    const sub = signedIn(app.t, await login(app.t, org.people.adminA));
    const units = (await sub.get('/org-units?pageSize=100').expect(200)).body.items as {
      id: string;
      name: string;
      parentId: string;
    }[];
    const group = units.find((u) => u.name === '网上信访组')!;
    expect(group.parentId).toBe(org.units.deptA1.id);
    await page.getByTestId('unit-move-target').selectOption(group.id);
    await page.getByTestId('unit-move').click();
    await expect(page.getByTestId('unit-error').textContent()).resolves.toContain(
      '不能把单位移动到它自己或其下级单位之下',
    );
    const still = (await sub.get(`/org-units/${org.units.deptA1.id}`).expect(200)).body;
    expect(still.parentId).toBe(org.units.bureauA.id);

    // the new group moves to 办信科
    await tree.getByText('网上信访组', { exact: true }).click();
    await page.getByTestId('unit-move-target').selectOption(org.units.deptA2.id);
    await page.getByTestId('unit-move').click();
    await expect(page.getByTestId('unit-notice').textContent()).resolves.toContain('已移动到');
    const moved = (await sub.get(`/org-units/${group.id}`).expect(200)).body;
    expect(moved.parentId).toBe(org.units.deptA2.id);
    await expect(page.title()).resolves.toBe('组织机构 - 学法考法平台');
    await checkPage(page, 'admin-units');

    // empty: it can be deleted
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('unit-delete').click();
    await expect(page.getByTestId('unit-notice').textContent()).resolves.toContain(
      '已删除 网上信访组',
    );
    await sub.get(`/org-units/${group.id}`).expect(404);
    await page.close();
  });

  it('staff: a roster with bad rows shows every row / column / reason and imports nothing; a good one imports', async () => {
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.adminA, '/admin/staff');
    await page.getByTestId('staff-row').first().waitFor();
    await page.getByTestId('staff-import-open').click();
    const bad = await roster([
      ['IMP001', '导入甲', org.units.deptA1.code, '科员', '是', '2024-03-01', null, null],
      ['IMP002', '', org.units.deptA1.code, null, null, '2024-03-01', null, null],
      ['IMP003', '单位错', 'NO-SUCH-UNIT', null, null, '2024-03-01', null, null],
    ]);
    await page
      .getByTestId('staff-import-file')
      .setInputFiles({ name: '名册（有错）.xlsx', mimeType: XLSX, buffer: bad });
    await page.getByTestId('staff-import-submit').click();
    const problems = page.getByTestId('import-problem');
    await problems.first().waitFor();
    const texts = await problems.allTextContents();
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('3');
    expect(texts[0]).toContain('姓名');
    expect(texts[1]).toContain('4');
    expect(texts[1]).toContain('单位编码');
    await expect(page.getByTestId('staff-import-error').textContent()).resolves.toContain(
      '未导入任何数据',
    );
    const admin = signedIn(app.t, await login(app.t, org.people.adminA));
    const none = await admin.get('/staff?q=IMP00&active=true').expect(200);
    expect(none.body.total).toBe(0);
    await checkPage(page, 'admin-staff-import-errors');

    const good = await roster([
      ['IMP001', '导入甲', org.units.deptA1.code, '科员', '是', '2024-03-01', null, null],
      ['IMP002', '导入乙', org.units.deptA2.code, null, '否', '2024-03-01', null, null],
    ]);
    await page
      .getByTestId('staff-import-file')
      .setInputFiles({ name: '名册.xlsx', mimeType: XLSX, buffer: good });
    await page.getByTestId('staff-import-submit').click();
    await expect(page.getByTestId('staff-import-result').textContent()).resolves.toContain(
      '新增 2 人',
    );
    await expect(page.getByTestId('import-problem').count()).resolves.toBe(0);
    await expect(page.getByTestId('secret-value').count()).resolves.toBe(2);
    const both = await admin.get('/staff?q=IMP00').expect(200);
    expect(both.body.items.map((s: { staffNo: string }) => s.staffNo).sort()).toEqual([
      'IMP001',
      'IMP002',
    ]);
    await page.close();
  });

  it('staff: a secretary role granted in the roster shows the 管理 entry at that person’s next sign-in', async () => {
    const who = org.people.staffA2;
    const before = await app.newPage('desktop');
    await signIn(before, app, who, '/');
    await before.getByRole('heading', { level: 1 }).first().waitFor();
    await before.waitForLoadState('networkidle');
    await expect(before.getByRole('link', { name: '管理', exact: true }).count()).resolves.toBe(0);
    await before.close();

    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.adminA, '/admin/staff');
    await page.getByTestId('filter-q').fill(who.staffNo);
    await page.getByTestId('filter-q').press('Enter');
    await until(async () => (await page.getByTestId('staff-row').count()) === 1, 'one row');
    await page.getByTestId('staff-edit').click();
    await page.getByTestId('grant-role').selectOption('secretary');
    await page.getByTestId('grant-unit').selectOption(org.units.bureauA.id);
    await page.getByTestId('grant-submit').click();
    await expect(page.getByTestId('staff-notice').textContent()).resolves.toContain(
      '已授予法治秘书角色',
    );
    await expect(page.getByTestId('staff-roles').textContent()).resolves.toContain('法治秘书');
    await checkPage(page, 'admin-staff');

    // the role filter finds the new secretary
    await page.getByTestId('filter-q').fill('');
    await page.getByTestId('filter-role').selectOption('secretary');
    await until(async () => {
      const nos = await page
        .getByTestId('staff-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-staff-no')));
      return nos.length === 2 && nos.includes(who.staffNo) && nos.includes(org.people.secA.staffNo);
    }, 'both secretaries listed');
    await page.close();

    const after = await app.newPage('desktop');
    await signIn(after, app, who, '/');
    const entry = after.getByRole('link', { name: '管理', exact: true }).first();
    await entry.waitFor();
    await entry.click();
    const menu = after.getByRole('navigation', { name: '管理菜单' }).first();
    await menu.getByRole('link', { name: '学习审核' }).waitFor();
    await expect(menu.getByRole('link', { name: '人员管理' }).count()).resolves.toBe(0);
    await after.close();
  });

  it('staff: a password reset shows the temporary password once with a copy button; disabling keeps the record', async () => {
    const person = await org.f.staff({ unit: org.units.deptA2, name: '重置对象' });
    const page = await app.newPage('desktop', {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await signIn(page, app, org.people.adminA, '/admin/staff');
    await page.getByTestId('filter-q').fill(person.staffNo);
    await page.getByTestId('filter-q').press('Enter');
    await until(async () => (await page.getByTestId('staff-row').count()) === 1, 'one row');
    await page.getByTestId('staff-edit').click();
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('staff-reset').click();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor();
    const temporary = ((await secret.textContent()) ?? '').trim();
    expect(temporary.length).toBeGreaterThanOrEqual(8);
    await page.getByTestId('secret-copy').click();
    await page.getByText('已复制', { exact: true }).waitFor();
    const copied = await page.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
    expect(copied).toBe(temporary);
    const session = await login(app.t, { staffNo: person.staffNo, password: temporary });
    expect(session.mustChangePassword).toBe(true);

    // 停用: the account is refused, the record stays
    await page.getByTestId('staff-active').uncheck();
    await page.getByTestId('staff-save').click();
    await expect(page.getByTestId('staff-notice').textContent()).resolves.toBe('已保存');
    const admin = signedIn(app.t, await login(app.t, org.people.adminA));
    const kept = await admin.get(`/staff/${person.id}`).expect(200);
    expect(kept.body).toMatchObject({ id: person.id, active: false });
    const refused = await fetch(`${app.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ staffNo: person.staffNo, password: temporary }),
    });
    expect(refused.status).toBe(403);
    await page.close();
  });

  it('laws: importing a changed text reports the new version, the article diff and the flagged question', async () => {
    const changed = fixtureLaw({
      chapters: [
        {
          title: '总则',
          articles: [
            { n: 1, text: ['为了规范本市信访工作，维护群众合法权益，制定本办法。'] },
            {
              n: 2,
              text: [
                '信访事项应当自收到之日起10日内决定是否受理。',
                '不予受理的，应当书面告知信访人。',
              ],
            },
            { n: 3, text: ['信访工作机构应当公布投诉方式。'] },
          ],
        },
        { title: '附则', articles: [{ n: 4, text: ['本办法自2026年1月1日起施行。'] }] },
      ],
    });
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.adminA, '/admin/laws');
    await page.getByTestId('law-row').first().waitFor();
    await page.getByTestId('law-file').setInputFiles({
      name: '示范市信访工作办法（修订）.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(changed, 'utf8'),
    });
    await page.getByTestId('law-import').click();
    const status = page.getByTestId('law-report-status');
    await status.waitFor();
    await expect(status.textContent()).resolves.toContain(`新版本：${LAW} 第 2 版`);
    await expect(page.getByTestId('law-changed').textContent()).resolves.toBe('第2–3条');
    await expect(page.getByTestId('law-added').textContent()).resolves.toBe('第4条');
    await expect(page.getByTestId('law-removed').textContent()).resolves.toBe('无');
    await expect(page.getByTestId('law-flagged').textContent()).resolves.toContain('1 道');
    await checkPage(page, 'admin-laws');

    // the link opens the review queue of that law with the flagged question
    await page.getByTestId('law-flagged-link').click();
    const row = page.locator('[data-testid=question-row][data-code="ADM-0001"]');
    await row.waitFor();
    await expect(row.getByTestId('q-needs-review').count()).resolves.toBe(1);
    await expect(page.getByTestId('q-total').textContent()).resolves.toBe('共 1 道');
    await checkPage(page, 'admin-questions-review');
    await row.getByTestId('q-confirm-review').click();
    await until(async () => (await page.getByTestId('question-row').count()) === 0, 'queue empty');
    const admin = signedIn(app.t, await login(app.t, org.people.adminA));
    const flagged = await admin.get(`/questions?lawId=${lawId}&needsReview=true`).expect(200);
    expect(flagged.body.total).toBe(0);
    await page.close();
  });

  it('questions: the editor warns about a nearly identical stem; revisions show side by side', async () => {
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.adminA, '/admin/questions');
    await page.getByTestId('question-row').first().waitFor();
    await page.getByTestId('q-new').click();
    await page
      .getByTestId('q-stem')
      .fill('按照办法，信访事项应当自收到之日起多少日内决定是否受理？');
    await page.getByTestId('q-options').fill('5日\n10日\n20日');
    await page.getByLabel('B', { exact: true }).check();
    await page.getByTestId('q-explanation').fill('修订后为10日。');
    await page.getByTestId('q-ref-law-0').selectOption(lawId);
    await page.getByTestId('q-ref-articles-0').fill('2');
    await page.getByTestId('q-save').click();
    await expect(page.getByTestId('q-similar').textContent()).resolves.toContain('ADM-0001');

    // ADM-0001 now has two revisions (the review made the second): compare them
    const row = page.locator('[data-testid=question-row][data-code="ADM-0001"]');
    await row.getByRole('button', { name: '查看 ADM-0001' }).click();
    const compare = page.getByTestId('rev-compare');
    await compare.waitFor();
    await expect(compare.textContent()).resolves.toContain('复核确认');
    await checkPage(page, 'admin-questions');
    await page.close();
  });

  it('questions: secretaries browse the bank read-only at /manage/questions', async () => {
    const page = await app.newPage('phone');
    await signIn(page, app, org.people.secA, '/manage/questions');
    await page.getByTestId('question-row').first().waitFor();
    await expect(page.getByTestId('q-new').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^修改/ }).count()).resolves.toBe(0);
    await expect(page.title()).resolves.toBe('题库 - 学法考法平台');
    await checkPage(page, 'manage-questions');
    await page.close();
  });

  it('audit: verifying the chain reports it intact', async () => {
    const page = await app.newPage('desktop');
    await signIn(page, app, org.people.adminA, '/admin/audit');
    await page.getByTestId('audit-row').first().waitFor();
    await page.getByTestId('audit-verify').click();
    const ok = page.getByTestId('audit-chain-ok');
    await ok.waitFor();
    await expect(ok.textContent()).resolves.toMatch(/链条完整：已核对 \d+ 条记录/);
    await expect(page.getByTestId('audit-chain-broken').count()).resolves.toBe(0);
    await page.getByTestId('audit-maintenance').click();
    await expect(page.getByTestId('audit-maintenance-done').textContent()).resolves.toContain(
      '已提交归档与校验任务',
    );
    await checkPage(page, 'admin-audit');
    await page.close();
  });

  it.each([
    ['/admin/units', '组织机构'],
    ['/admin/staff', '人员管理'],
    ['/admin/laws', '法规管理'],
    ['/admin/questions', '题库管理'],
    ['/admin/audit', '审计日志'],
  ])('phone: %s (%s) reads without sideways scroll and passes the checks', async (path, title) => {
    const size: Size = 'phone';
    const page = await app.newPage(size);
    await signIn(page, app, org.people.adminA, path);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.waitForLoadState('networkidle');
    await expect(page.title()).resolves.toBe(`${title} - 学法考法平台`);
    await checkPage(page, `admin-${path.split('/')[2]}`);
    await page.close();
  });
});
