import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { SessionJobsService } from '../../src/modules/sessions/scheduling/session-jobs.service';
import { StudyLedgerService } from '../../src/modules/study/records/study-ledger.service';
import { oneQuestionExam, publishExam, seedBank, sitExam } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import type { TestStaff } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { all, one, ooxmlParts, textOf } from '../utils/ooxml';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const HOUR = 3600_000;
/** The app's clock for this file: 20 November 2026, 10:00 in Shanghai. */
const NOW = Date.parse('2026-11-20T02:00:00Z');

/**
 * The three rates on a dataset built by hand, with every figure worked out in the comments:
 * people who left or joined during the year, one exempted, study records in and out of the
 * period and pending ones, an official exam, a make-up, a session. Then closing the plan freezes
 * it against later roster changes.
 */
describe('compliance figures (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let bank: Awaited<ReturnType<typeof seedBank>>;
  const p = {} as Record<'leaver' | 'joiner' | 'exempted' | 'future' | 'gone', TestStaff>;
  const s = {} as Record<'admin' | 'hr' | 'sec' | 'a1' | 'a2' | 'hrB', Session>;
  let planId: string;

  const signInAll = async () => {
    s.admin = await login(t, org.people.adminA);
    s.hr = await login(t, org.people.hrA);
    s.sec = await login(t, org.people.secA);
    s.a1 = await login(t, org.people.staffA1);
    s.a2 = await login(t, org.people.staffA2);
    s.hrB = await login(t, org.people.hrB);
  };
  const employ = (who: TestStaff, start: string, end: string | null) =>
    t.dataSource.query(
      'UPDATE staff SET employment_start = $2, employment_end = $3 WHERE id = $1',
      [who.id, start, end],
    );
  const credit = (
    who: { id: string },
    day: string,
    hours: number,
    withLaw: boolean,
    status: 'credited' | 'pending' = 'credited',
  ) =>
    t.get(StudyLedgerService).credit({
      staffId: who.id,
      kind: status === 'pending' ? 'court_hearing' : 'self_study',
      sourceKey: `${day}-${hours}`,
      occurredOn: day,
      hours,
      title: '测试记录',
      laws: withLaw ? [{ lawId: bank.lawId }] : [],
      status,
    });

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date(NOW));
    org = await buildOrg(t);
    bank = await seedBank(t, { true_false: 1 });
    p.leaver = await org.f.staff({ unit: org.units.deptA1, name: '年中离职' });
    p.joiner = await org.f.staff({ unit: org.units.deptA2, name: '年中入职' });
    p.exempted = await org.f.staff({ unit: org.units.deptA2, name: '病休免考' });
    p.future = await org.f.staff({ unit: org.units.deptA1, name: '明年入职' });
    p.gone = await org.f.staff({ unit: org.units.deptA1, name: '去年离职' });
    await employ(p.leaver, '2015-03-01', '2026-03-31');
    await employ(p.joiner, '2026-06-01', null);
    await employ(p.future, '2027-01-05', null);
    await employ(p.gone, '2010-01-01', '2025-12-31');
    await signInAll();
    const plan = await signedIn(t, s.admin)
      .post('/plans', {
        unitId: org.units.bureauA.id,
        year: 2026,
        title: '2026年度学法考法计划',
        requiredHours: 4,
        passTarget: 95,
      })
      .expect(201);
    planId = plan.body.id as string;
    await signedIn(t, s.admin)
      .put(`/plans/${planId}/required-laws`, { laws: [{ lawId: bank.lawId }] })
      .expect(200);
    await signedIn(t, s.admin).patch(`/plans/${planId}`, { status: 'active' }).expect(200);

    // study records (required hours 4, the fixture law required)
    await credit(org.people.staffA1, '2026-02-10', 3, true); // law on 02-10
    await credit(org.people.staffA1, '2026-04-05', 2, false); // 5 h on 04-05: met 04-05
    await credit(org.people.staffA2, '2026-03-01', 5, false); // hours but not the law
    await credit(org.people.secA, '2026-05-20', 4, true); // exactly 4 h with the law: met 05-20
    await credit(org.people.hrA, '2026-07-01', 4, true, 'pending'); // pending: nothing counts
    await credit(p.leaver, '2026-01-15', 4, true); // met 01-15, then left on 03-31
    await credit(org.people.adminA, '2025-12-20', 10, true); // before the period
    await credit(p.exempted, '2026-02-01', 8, true); // exempted: not counted at all
  });
  afterAll(() => t.close());

  it('exempts one person (reason, approver, date; audited; admins and HR in scope), once, only from the roster in scope', async () => {
    const body = {
      staffId: p.exempted.id,
      reason: '长期病休',
      approvedBy: '局党组',
      approvedOn: '2026-03-02',
    };
    // a secretary is refused, and told which roles may; HR of another bureau sees no such plan
    const refused = await signedIn(t, s.sec).post(`/plans/${planId}/exemptions`, body).expect(403);
    expect(refused.body.message).toContain('需要以下角色之一：系统管理员、人事干部');
    await signedIn(t, s.hrB).post(`/plans/${planId}/exemptions`, body).expect(404);
    const made = await signedIn(t, s.admin).post(`/plans/${planId}/exemptions`, body).expect(201);
    expect(made.body).toMatchObject({
      name: '病休免考',
      approvedBy: '局党组',
      approvedOn: '2026-03-02',
    });
    const again = await signedIn(t, s.admin).post(`/plans/${planId}/exemptions`, body).expect(409);
    expect(again.body.code).toBe('COMPLIANCE.EXEMPTION_EXISTS');
    for (const who of [org.people.staffB.id, p.future.id, p.gone.id]) {
      const res = await signedIn(t, s.admin)
        .post(`/plans/${planId}/exemptions`, { ...body, staffId: who })
        .expect(422);
      expect(res.body.code).toBe('COMPLIANCE.EXEMPTION_STAFF');
    }
    // a revoked exemption counts the person again; exempting anew is allowed
    // HR in scope records and revokes exemptions too
    const other = await signedIn(t, s.hr)
      .post(`/plans/${planId}/exemptions`, { ...body, staffId: p.joiner.id, reason: '误登' })
      .expect(201);
    await signedIn(t, s.hr)
      .post(`/plans/${planId}/exemptions/${other.body.id}/revoke`, { reason: '登记有误' })
      .expect(200);
    await signedIn(t, s.admin)
      .post(`/plans/${planId}/exemptions/${other.body.id}/revoke`, { reason: '再撤一次' })
      .expect(409);
    const list = await signedIn(t, s.hr).get(`/plans/${planId}/exemptions`).expect(200);
    expect(
      list.body.map((e: { name: string; revokedAt: string | null }) => [
        e.name,
        e.revokedAt === null,
      ]),
    ).toEqual([
      ['病休免考', true],
      ['年中入职', false],
    ]);
    const [{ n }] = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_log WHERE action LIKE 'plan.exemption%'`,
    );
    expect(n).toBe('3');
  });

  it('counts the exams: an official one, its make-up, someone still answering', async () => {
    const examId = await publishExam(
      signedIn(t, s.sec),
      oneQuestionExam({
        unitId: org.units.bureauA.id,
        planId,
        audienceUnitIds: [org.units.deptA1.id, org.units.deptA2.id],
        questionId: bank.codes['EX-TR01'],
        now: NOW,
      }),
    );
    const sit = async (who: Session, exam: string, letter: string | null) =>
      (
        await sitExam(signedIn(t, who), exam, letter === null ? [] : [[letter]], {
          submit: letter !== null,
        })
      ).attemptId;
    await sit(s.a1, examId, 'A'); // passes
    await sit(s.a2, examId, 'B'); // fails
    const open = await sit(s.sec, examId, null); // starts, never submits
    t.clock.set(new Date(NOW + 3 * HOUR));
    await signInAll();
    // reading it after the deadline finishes it: unanswered, failed (but sat)
    const read = await signedIn(t, s.sec).get(`/exam-attempts/${open}`).expect(200);
    expect(read.body.status).toBe('finished');
    const makeup = await signedIn(t, s.sec)
      .post(`/exams/${examId}/makeups`, {
        opensAt: new Date(NOW + 3 * HOUR - 60_000).toISOString(),
        closesAt: new Date(NOW + 5 * HOUR).toISOString(),
        publish: true,
      })
      .expect(201);
    await sit(s.a2, makeup.body.id as string, 'A'); // passes the make-up
    await signedIn(t, s.sec).post(`/exams/${makeup.body.id}/attempts`).expect(201); // still answering
  });

  it('counts a session held in the period with its attendance', async () => {
    const held = await signedIn(t, s.sec)
      .post('/sessions', {
        unitId: org.units.bureauA.id,
        type: 'theory_group',
        topic: '学习示范办法',
        startsAt: '2026-10-10T01:00:00Z',
        endsAt: '2026-10-10T03:00:00Z',
        place: '会议室',
        organiser: '局党组书记',
        creditedHours: 1,
        invite: { staffIds: [org.people.staffA1.id, org.people.staffA2.id] },
      })
      .expect(201);
    await t.get(SessionJobsService).start(held.body.id as string);
    await signedIn(t, s.sec)
      .put(`/sessions/${held.body.id}/attendance/${org.people.staffA1.id}`, { status: 'present' })
      .expect(200);
    const [record] = await t.dataSource.query<{ hours: string; occurred_on: string }[]>(
      `SELECT hours, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on FROM study_record
        WHERE kind = 'session' AND staff_id = $1`,
      [org.people.staffA1.id],
    );
    expect(record).toEqual({ hours: '1.00', occurred_on: '2026-10-10' });
  });

  it('works out every figure by hand: required staff, the three rates, per unit, by month, sessions', async () => {
    const res = await signedIn(t, s.hr).get(`/plans/${planId}/compliance`).expect(200);
    // required: adminA, hrA, secA, staffA1, leaver (deptA1) + staffA2, joiner (deptA2) = 7
    // (exempted: exempted; not on the roster in 2026: future, gone)
    // study met: staffA1 (04-05), secA (05-20), leaver (01-15) = 3 / 7 = 42.9 %
    // sat: staffA1, staffA2, secA (finished unanswered at its deadline) = 3 / 7 = 42.9 %
    // passed: staffA1 (official), staffA2 (make-up) = 2 / 7 = 28.6 %; of those who sat 2 / 3 = 66.7 %
    expect(res.body.figures).toEqual({
      required: 7,
      studyMet: 3,
      sat: 3,
      passed: 2,
      participation: { numerator: 3, denominator: 7, percent: 42.9, target: 100, met: false },
      exam: { numerator: 3, denominator: 7, percent: 42.9, target: 100, met: false },
      pass: { numerator: 2, denominator: 7, percent: 28.6, target: 95, met: false },
      passOfSat: { numerator: 2, denominator: 3, percent: 66.7, target: null, met: null },
    });
    expect(res.body).toMatchObject({ asOf: '2026-11-20', frozenAt: null, requiredHours: 4 });
    // a small unit is computed live
    const age = t.clock.now().getTime() - Date.parse(res.body.computedAt as string);
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(5_000);
    expect(
      res.body.byUnit.map(
        (u: {
          unitName: string;
          required: number;
          studyMet: number;
          sat: number;
          passed: number;
        }) => [u.unitName, u.required, u.studyMet, u.sat, u.passed],
      ),
    ).toEqual([
      // as the org tree shows them: same sort order, so by name
      ['办信科', 2, 0, 1, 1],
      ['来访接待科', 5, 3, 2, 1],
    ]);
    const trendRows = res.body.trend as { month: string }[];
    const month = (m: string) => trendRows.find((x) => x.month === m);
    expect(res.body.trend).toHaveLength(11);
    expect(month('2026-01')).toEqual({ month: '2026-01', studyMet: 1, sat: 0, passed: 0 });
    expect(month('2026-04')).toMatchObject({ studyMet: 2 });
    expect(month('2026-05')).toMatchObject({ studyMet: 3 });
    expect(month('2026-11')).toEqual({ month: '2026-11', studyMet: 3, sat: 3, passed: 2 });
    expect(res.body.sessions).toEqual([
      expect.objectContaining({
        type: 'theory_group',
        typeLabel: '党组理论学习中心组集体学习',
        held: 1,
        invited: 2,
        attended: 1,
        attendance: expect.objectContaining({ percent: 50 }),
      }),
    ]);
  });

  it('lists who is missing each rate and exactly what', async () => {
    const study = await signedIn(t, s.sec)
      .get(`/plans/${planId}/compliance/missing?rate=participation`)
      .expect(200);
    const byName = Object.fromEntries(
      (study.body.items as { name: string; missing: string[] }[]).map((i) => [i.name, i.missing]),
    );
    expect(Object.keys(byName).sort()).toEqual(
      [org.people.adminA.name, org.people.hrA.name, org.people.staffA2.name, '年中入职'].sort(),
    );
    expect(byName[org.people.staffA2.name]).toEqual(['未学习《示范市信访工作办法》']);
    expect(byName[org.people.hrA.name][0]).toBe('学时差 4 小时（已完成 0 / 4）');
    const exam = await signedIn(t, s.sec)
      .get(`/plans/${planId}/compliance/missing?rate=exam`)
      .expect(200);
    expect(exam.body.items.map((i: { name: string }) => i.name).sort()).toEqual(
      [org.people.adminA.name, org.people.hrA.name, '年中离职', '年中入职'].sort(),
    );
    const pass = await signedIn(t, s.sec)
      .get(`/plans/${planId}/compliance/missing?rate=pass`)
      .expect(200);
    const secA = pass.body.items.find((i: { name: string }) => i.name === org.people.secA.name);
    expect(secA.missing).toEqual(['正在答题，尚未交卷']);
    await signedIn(t, s.sec).get(`/plans/${planId}/compliance/missing?rate=everything`).expect(400);
    // the same list a page at a time, in the same order
    expect(study.body).toMatchObject({ total: 4, page: null, pageSize: null });
    const pages = [];
    for (const page of [1, 2, 3]) {
      const res = await signedIn(t, s.sec)
        .get(`/plans/${planId}/compliance/missing?rate=participation&pageSize=3&page=${page}`)
        .expect(200);
      expect(res.body).toMatchObject({ total: 4, page, pageSize: 3 });
      pages.push(...(res.body.items as unknown[]));
    }
    expect(pages).toEqual(study.body.items);
    for (const bad of ['pageSize=0', 'pageSize=501', 'pageSize=2&page=0', 'pageSize=x']) {
      const res = await signedIn(t, s.sec)
        .get(`/plans/${planId}/compliance/missing?rate=participation&${bad}`)
        .expect(400);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('orders the per-unit table and the missing lists as the org tree shows the units', async () => {
    // the tree shows 来访接待科 before 办信科 once their sort order says so (not by id, code or name)
    const sortUnit = (id: string, n: number) =>
      t.dataSource.query('UPDATE org_unit SET sort_order = $2 WHERE id = $1', [id, n]);
    await sortUnit(org.units.deptA1.id, 1);
    await sortUnit(org.units.deptA2.id, 2);
    try {
      const res = await signedIn(t, s.hr).get(`/plans/${planId}/compliance`).expect(200);
      expect(res.body.byUnit.map((u: { unitName: string }) => u.unitName)).toEqual([
        '来访接待科',
        '办信科',
      ]);
      const study = await signedIn(t, s.hr)
        .get(`/plans/${planId}/compliance/missing?rate=participation`)
        .expect(200);
      const byStaffNo = (a: TestStaff, b: TestStaff) => (a.staffNo < b.staffNo ? -1 : 1);
      const expected = [
        ...[org.people.adminA, org.people.hrA].sort(byStaffNo),
        ...[org.people.staffA2, p.joiner].sort(byStaffNo),
      ].map((x) => x.staffNo);
      expect(study.body.items.map((i: { staffNo: string }) => i.staffNo)).toEqual(expected);
    } finally {
      await sortUnit(org.units.deptA2.id, 0);
      await sortUnit(org.units.deptA1.id, 0);
    }
  });

  it('answers inside the unit scope only: a child unit, another bureau’s HR, plain staff', async () => {
    const dept = await signedIn(t, s.hr)
      .get(`/plans/${planId}/compliance?unitId=${org.units.deptA2.id}`)
      .expect(200);
    expect(dept.body.figures.required).toBe(2);
    expect(dept.body.unitName).toBe('办信科');
    await signedIn(t, s.hrB).get(`/plans/${planId}/compliance`).expect(404);
    const foreign = await signedIn(t, s.hr)
      .get(`/plans/${planId}/compliance?unitId=${org.units.bureauB.id}`)
      .expect(404);
    expect(foreign.body.code).toBe('COMPLIANCE.UNIT_NOT_FOUND');
    await signedIn(t, s.a1).get(`/plans/${planId}/compliance`).expect(403);
  });

  it('writes the annual report from the data, as Markdown (golden file) and as Word', async () => {
    const md = await signedIn(t, s.hr).get(`/plans/${planId}/report`).expect(200);
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.text).toBe(readFileSync(join(__dirname, '..', 'golden', 'annual-report.md'), 'utf8'));
    const word = await signedIn(t, s.hr)
      .get(`/plans/${planId}/report?format=docx`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(decodeURIComponent(word.headers['content-disposition'])).toContain(
      '测试市信访局2026年度学法考法工作情况.docx',
    );
    const { value } = await mammoth.extractRawText({ buffer: word.body as Buffer });
    const firstParagraph = md.text.split('\n\n')[1];
    expect(value).toContain(firstParagraph);
    await expectOfficialLayout(word.body as Buffer, firstParagraph);
    await signedIn(t, s.a1).get(`/plans/${planId}/report`).expect(403);
    await signedIn(t, s.hrB).get(`/plans/${planId}/report`).expect(404);
    await signedIn(t, s.hr).get(`/plans/${planId}/report?format=pdf`).expect(400);
  });

  it('does not count a session still in progress as held, in the report or the figures', async () => {
    const report = (await signedIn(t, s.hr).get(`/plans/${planId}/report`).expect(200)).text;
    const figures = (await signedIn(t, s.hr).get(`/plans/${planId}/compliance`).expect(200))
      .body as {
      sessions: unknown;
    };
    const made = await signedIn(t, s.sec)
      .post('/sessions', {
        unitId: org.units.bureauA.id,
        type: 'theory_group',
        topic: '学习《信访工作条例》',
        startsAt: '2026-11-20T03:00:00Z',
        endsAt: '2026-11-20T05:00:00Z',
        place: '会议室',
        organiser: '局党组书记',
        creditedHours: 1,
        invite: { staffIds: [org.people.staffA1.id] },
      })
      .expect(201);
    try {
      t.clock.set(new Date('2026-11-20T04:00:00Z')); // under way
      expect((await signedIn(t, s.hr).get(`/plans/${planId}/report`).expect(200)).text).toBe(
        report,
      );
      expect(
        (await signedIn(t, s.hr).get(`/plans/${planId}/compliance`).expect(200)).body.sessions,
      ).toEqual(figures.sessions);
      t.clock.set(new Date('2026-11-20T05:00:00Z')); // over: held
      const after = (await signedIn(t, s.hr).get(`/plans/${planId}/report`).expect(200)).text;
      expect(after).toContain('全年共开展集中学习活动2次');
      expect(after).toContain('第2次11月20日“学习《信访工作条例》”');
    } finally {
      t.clock.set(new Date(NOW));
      await signedIn(t, s.sec)
        .post(`/sessions/${made.body.id}/cancel`, { reason: '测试用的会议' })
        .expect(200);
    }
  });

  it('answers a draft plan’s report with 409 PLAN_NOT_ACTIVE (in scope) and 404 out of scope', async () => {
    const draft = await signedIn(t, s.admin)
      .post('/plans', {
        unitId: org.units.bureauA.id,
        year: 2027,
        title: '2027年度学法考法计划',
        requiredHours: 4,
      })
      .expect(201);
    const res = await signedIn(t, s.hr).get(`/plans/${draft.body.id}/report`).expect(409);
    expect(res.body).toMatchObject({
      code: 'COMPLIANCE.PLAN_NOT_ACTIVE',
      message: '计划尚未启用（仍为草稿），没有统计数据，也不能生成年度报告',
    });
    await signedIn(t, s.hr).get(`/plans/${draft.body.id}/report?format=docx`).expect(409);
    const figures = await signedIn(t, s.hr).get(`/plans/${draft.body.id}/compliance`).expect(409);
    expect(figures.body.code).toBe('COMPLIANCE.PLAN_NOT_ACTIVE');
    await signedIn(t, s.hrB).get(`/plans/${draft.body.id}/report`).expect(404);
  });

  it('closing the plan freezes the figures with their rows: later roster changes leave it alone', async () => {
    const before = await signedIn(t, s.hr).get(`/plans/${planId}/compliance`).expect(200);
    const reportBefore = (await signedIn(t, s.hr).get(`/plans/${planId}/report`).expect(200)).text;
    await signedIn(t, s.admin).patch(`/plans/${planId}`, { status: 'closed' }).expect(200);
    const frozen = await signedIn(t, s.hr).get(`/plans/${planId}/compliance`).expect(200);
    expect(frozen.body.frozenAt).not.toBeNull();
    expect(frozen.body.computedAt).toBe(frozen.body.frozenAt);
    expect(frozen.body.figures).toEqual(before.body.figures);
    // after closing: a newcomer, someone's end date moved, a new record
    await org.f.staff({ unit: org.units.deptA1, name: '关闭后入职' });
    await employ(p.gone, '2010-01-01', null);
    await credit(org.people.adminA, '2026-06-01', 9, true);
    // a court hearing approved after the close, dated in the period, on a law not required
    const [other] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO law (title, short_title, category) VALUES ('关闭后补学的法律', '补学法', 'law')
       RETURNING id`,
    );
    await t.get(StudyLedgerService).credit({
      staffId: org.people.adminA.id,
      kind: 'court_hearing',
      sourceKey: 'after-close-hearing',
      occurredOn: '2026-06-02',
      hours: 2,
      title: '旁听庭审（关闭后审批）',
      laws: [{ lawId: other.id }],
      status: 'credited',
    });
    const later = await signedIn(t, s.hr).get(`/plans/${planId}/compliance`).expect(200);
    expect(later.body.figures).toEqual(before.body.figures);
    expect(later.body.trend).toEqual(before.body.trend);
    // the report is written from the frozen rows too: the same text, now saying it is fixed
    const reportLater = (await signedIn(t, s.hr).get(`/plans/${planId}/report`).expect(200)).text;
    expect(reportBefore).toMatch(/（数据统计至\d{4}年\d{1,2}月\d{1,2}日。）\n\n2026年11月20日\n$/);
    expect(reportLater).toBe(reportBefore.replace(/。）\n\n/, '，计划已关闭，数据已固定。）\n\n'));
    const closed = await signedIn(t, s.admin)
      .post(`/plans/${planId}/exemptions`, {
        staffId: org.people.adminA.id,
        reason: '补登',
        approvedBy: '局党组',
        approvedOn: '2026-11-20',
      })
      .expect(409);
    expect(closed.body.code).toBe('COMPLIANCE.PLAN_CLOSED');
    const [{ n }] = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'plan.freeze'`,
    );
    expect(n).toBe('1');
  });
});

/** The Word report read back from its XML: GB/T 9704-2012 page, fonts, sizes, table, footer. */
async function expectOfficialLayout(file: Buffer, firstParagraph: string) {
  const docx = await ooxmlParts(file);
  const doc = await docx.xml('word/document.xml');
  const styles = await docx.xml('word/styles.xml');
  const attr = (e: Element, name: string) => e.getAttribute(name);
  // A4 with margins 37 / 28 / 35 / 26 mm in twips
  const size = one(doc, 'w:pgSz');
  expect([attr(size, 'w:w'), attr(size, 'w:h')]).toEqual(['11906', '16838']);
  const margin = one(doc, 'w:pgMar');
  expect(['w:top', 'w:left', 'w:bottom', 'w:right'].map((a) => attr(margin, a))).toEqual([
    '2098',
    '1587',
    '1984',
    '1474',
  ]);
  // defaults: 仿宋_GB2312 三号 (32 half-points), zh-CN, a fixed 28 pt line
  const defaults = one(styles, 'w:docDefaults');
  expect(attr(one(defaults, 'w:rFonts'), 'w:eastAsia')).toBe('仿宋_GB2312');
  expect(attr(one(defaults, 'w:sz'), 'w:val')).toBe('32');
  expect(attr(one(defaults, 'w:lang'), 'w:eastAsia')).toBe('zh-CN');
  const spacing = one(defaults, 'w:spacing');
  expect([attr(spacing, 'w:line'), attr(spacing, 'w:lineRule')]).toEqual(['560', 'exact']);
  const style = (id: string) => {
    const found = all(styles, 'w:style').find((st) => attr(st, 'w:styleId') === id);
    if (!found) throw new Error(`no style ${id}`);
    return {
      font: attr(one(found, 'w:rFonts'), 'w:eastAsia'),
      size: attr(one(found, 'w:sz'), 'w:val'),
    };
  };
  expect(style('Title')).toEqual({ font: '方正小标宋简体', size: '44' });
  expect(style('Heading1')).toEqual({ font: '黑体', size: '32' });
  expect(style('Heading2')).toEqual({ font: '楷体_GB2312', size: '32' });
  // the paragraphs: title, headline, then the table of the three rates, the date last
  const body = one(doc, 'w:body');
  const paragraphs = Array.from(body.childNodes).filter(
    (n): n is Element => n.nodeName === 'w:p' || n.nodeName === 'w:tbl',
  );
  expect(paragraphs[0].nodeName).toBe('w:p');
  expect(attr(one(paragraphs[0], 'w:pStyle'), 'w:val')).toBe('Title');
  expect(textOf(paragraphs[1])).toBe(firstParagraph);
  expect(paragraphs[2].nodeName).toBe('w:tbl');
  const rows = all(paragraphs[2], 'w:tr').map((tr) => all(tr, 'w:tc').map((tc) => textOf(tc)));
  expect(rows.map((r) => r[0])).toEqual(['指标', '参学率', '参考率', '通过率']);
  expect(rows[1].slice(1, 4)).toEqual(['3/7', '42.9%', '100.0%']);
  const date = paragraphs[paragraphs.length - 1];
  expect(textOf(date)).toBe('2026年11月20日');
  expect(attr(one(date, 'w:jc'), 'w:val')).toBe('right');
  // the footer: "— PAGE —" in 四号 (28 half-points)
  const footerName = docx.names.find((n) => /^word\/footer\d*\.xml$/.test(n));
  expect(footerName).toBeDefined();
  const footer = await docx.xml(footerName ?? '');
  const instr = all(footer, 'w:instrText').map((i) => i.textContent?.trim());
  expect(instr).toEqual(['PAGE']);
  expect(textOf(one(footer, 'w:p'))).toMatch(/^— .*—$/);
  expect(all(footer, 'w:sz').map((sz) => attr(sz, 'w:val'))).toContain('28');
  // fonts named with fallbacks: altName and the GB2312 charset for LibreOffice and WPS
  const fonts = await docx.xml('word/fontTable.xml');
  const fangsong = all(fonts, 'w:font').find((f) => attr(f, 'w:name') === '仿宋_GB2312');
  expect(fangsong).toBeDefined();
  if (fangsong) {
    expect(attr(one(fangsong, 'w:altName'), 'w:val')).toBe('仿宋');
    expect(attr(one(fangsong, 'w:charset'), 'w:val')).toBe('86');
  }
}
