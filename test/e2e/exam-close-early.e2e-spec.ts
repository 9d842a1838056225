import ExcelJS from 'exceljs';
import { publishExam, seedBank } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import type { TestStaff } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const HOUR = 3600_000;

/**
 * Closing an official exam before its window ends so a make-up can follow the same day, and the
 * results (and their export) listed as the org tree is shown.
 */
describe('closing an exam early; results in org-tree order (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let bank: Awaited<ReturnType<typeof seedBank>>;
  let sec2: TestStaff;
  let extraA1: TestStaff;
  let extraA2: TestStaff;
  const s: Record<'sec' | 'sec2' | 'admin' | 'a1' | 'a2', Session> = {} as never;

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrg(t);
    sec2 = await org.f.staff({
      unit: org.units.deptA2,
      roles: [{ role: 'secretary', unit: org.units.bureauA }],
    });
    // staff numbers chosen so that staff-number order differs from creation order
    extraA1 = await org.f.staff({ unit: org.units.deptA1, staffNo: 'A0001', name: '甲一' });
    extraA2 = await org.f.staff({ unit: org.units.deptA2, staffNo: 'A0002', name: '乙二' });
    bank = await seedBank(t, { single_choice: 2 });
    s.sec = await login(t, org.people.secA);
    s.sec2 = await login(t, sec2);
    s.admin = await login(t, org.people.adminA);
    s.a1 = await login(t, org.people.staffA1);
    s.a2 = await login(t, org.people.staffA2);
  });
  afterAll(() => t.close());

  const publishedExam = (title: string) =>
    publishExam(signedIn(t, s.sec), {
      unitId: org.units.bureauA.id,
      title,
      kind: 'official',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 4 * HOUR).toISOString(),
      durationMinutes: 30,
      passMark: 60,
      audienceUnitIds: [org.units.deptA1.id, org.units.deptA2.id],
      paperMode: 'fixed',
      questions: [
        { questionId: bank.codes['EX-SI01'], points: 50 },
        { questionId: bank.codes['EX-SI02'], points: 50 },
      ],
    });

  it('lets the author close early with a reason once nobody is answering, and a make-up follows at once', async () => {
    const examId = await publishedExam('提前结束的考试');
    const started = await signedIn(t, s.a1).post(`/exams/${examId}/attempts`).expect(201);
    const attemptId = started.body.id as string;

    // someone answering: refused with the count, in Chinese
    const busy = await signedIn(t, s.sec)
      .post(`/exams/${examId}/status`, { status: 'closed', reason: '全员已交卷，当天补考' })
      .expect(409);
    expect(busy.body.message).toBe('还有 1 人正在答题，不能提前结束考试；请待其交卷后再结束');

    await signedIn(t, s.a1).post(`/exam-attempts/${attemptId}/submit`).expect(200);

    // no reason; another secretary who did not write it
    const noReason = await signedIn(t, s.sec)
      .post(`/exams/${examId}/status`, { status: 'closed' })
      .expect(422);
    expect(noReason.body.message).toContain('原因');
    const other = await signedIn(t, s.sec2)
      .post(`/exams/${examId}/status`, { status: 'closed', reason: '想提前结束' })
      .expect(403);
    expect(other.body.message).toContain('创建人或管理员');

    const before = Date.now();
    const closed = await signedIn(t, s.sec)
      .post(`/exams/${examId}/status`, { status: 'closed', reason: '全员已交卷，当天补考' })
      .expect(200);
    expect(closed.body.status).toBe('closed');
    expect(Date.parse(closed.body.closesAt as string)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(closed.body.closesAt as string)).toBeGreaterThanOrEqual(before - 1000);

    const [audit] = await t.dataSource.query<{ details: Record<string, unknown> }[]>(
      `SELECT details FROM audit_log WHERE action = 'exam.close' AND target_id = $1`,
      [examId],
    );
    expect(audit.details).toMatchObject({ early: true, reason: '全员已交卷，当天补考' });

    // nobody may start any more
    await signedIn(t, s.a2).post(`/exams/${examId}/attempts`).expect(409);

    // the make-up the same day, for the absent and the failed
    const makeup = await signedIn(t, s.sec)
      .post(`/exams/${examId}/makeups`, {
        opensAt: new Date(Date.now() + 60_000).toISOString(),
        closesAt: new Date(Date.now() + 3 * HOUR).toISOString(),
        publish: true,
      })
      .expect(201);
    expect(makeup.body).toMatchObject({ kind: 'makeup', status: 'published' });
  });

  it('lets an admin over the unit close early an exam a secretary wrote', async () => {
    const examId = await publishedExam('管理员提前结束');
    const res = await signedIn(t, s.admin)
      .post(`/exams/${examId}/status`, { status: 'closed', reason: '考试安排调整' })
      .expect(200);
    expect(res.body.status).toBe('closed');
  });

  it('lists results and the export as the org tree is shown: unit sort order, then staff number', async () => {
    // the tree shows the department with the greater id first, so unit-id order cannot pass
    const [first, second] = [org.units.deptA1, org.units.deptA2].sort((x, y) =>
      x.id > y.id ? -1 : 1,
    );
    await t.dataSource.query('UPDATE org_unit SET sort_order = 1 WHERE id = $1', [first.id]);
    await t.dataSource.query('UPDATE org_unit SET sort_order = 2 WHERE id = $1', [second.id]);
    const examId = await publishedExam('按组织顺序排列');
    const byStaffNo = (people: TestStaff[]) =>
      people.map((p) => p.staffNo).sort((a, b) => (a < b ? -1 : 1));
    const inA1 = byStaffNo([
      org.people.staffA1,
      extraA1,
      org.people.adminA,
      org.people.hrA,
      org.people.secA,
    ]);
    const inA2 = byStaffNo([org.people.staffA2, extraA2, sec2]);
    const res = await signedIn(t, s.sec).get(`/exams/${examId}/results`).expect(200);
    const listed = (res.body.candidates as { staffNo: string }[]).map((c) => c.staffNo);
    expect(listed).toEqual(
      first.id === org.units.deptA1.id ? [...inA1, ...inA2] : [...inA2, ...inA1],
    );

    const file = await signedIn(t, s.sec)
      .get(`/exams/${examId}/results/export`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as ArrayBuffer);
    const numbers: string[] = [];
    wb.getWorksheet('成绩')?.eachRow((row, n) => {
      if (n > 1) numbers.push(row.getCell(1).text);
    });
    expect(numbers).toEqual(listed);
    // the pass mark as a percentage with one decimal, as the rates
    const notes: string[] = [];
    wb.getWorksheet('统计')?.eachRow((row) => notes.push(row.getCell(4).text));
    expect(notes).toContain('正式考试，及格线 60.0%');
  });

  it('tells the wizard how many questions each blueprint rule can draw from, as publishing would', async () => {
    const res = await signedIn(t, s.sec)
      .post('/exams/rule-availability', {
        rules: [
          { type: 'single_choice', count: 1, pointsEach: 10 },
          { type: 'single_choice', count: 3, pointsEach: 10 },
          { type: 'true_false', count: 1, pointsEach: 10 },
        ],
      })
      .expect(200);
    // two single-choice questions in the bank, shared as publishing would (the rule lacking most
    // first): both short, as publishing would refuse
    expect(res.body).toEqual([
      { position: 1, needed: 1, matching: 2, available: 0 },
      { position: 2, needed: 3, matching: 2, available: 2 },
      { position: 3, needed: 1, matching: 0, available: 0 },
    ]);
    const bad = await signedIn(t, s.sec)
      .post('/exams/rule-availability', { rules: [{ type: 'essay', count: 0 }] })
      .expect(400);
    expect(bad.body.message).toMatch(/[\u4e00-\u9fff]/);
    await signedIn(t, s.a1)
      .post('/exams/rule-availability', {
        rules: [{ type: 'single_choice', count: 1, pointsEach: 1 }],
      })
      .expect(403);
  });
});
