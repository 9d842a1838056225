import { randomUUID } from 'node:crypto';
import type { Principal } from '../../src/common/auth';
import { dateInZone } from '../../src/common/clock/clock';
import {
  byUnit,
  courtHearingsOf,
  figures,
  missing,
  otherLawsOf,
  shortfallOf,
  studyMetOn,
  trend,
} from '../../src/modules/compliance/compliance-figures';
import type {
  ComplianceRow,
  ExamState,
  PlanTerms,
} from '../../src/modules/compliance/compliance-figures';
import { ComplianceRepository } from '../../src/modules/compliance/compliance.repository';
import { ComplianceService } from '../../src/modules/compliance/compliance.service';
import { countedPercentage, standing } from '../../src/modules/exams/results/standing';
import type { StandingAttempt, StandingExam } from '../../src/modules/exams/results/standing';
import { buildOrg } from '../factories/org.factory';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

/** The app's clock: 20 November 2026, 10:00 in Shanghai; records dated later do not count yet. */
const NOW = new Date('2026-11-20T02:00:00Z');
const TZ = 'Asia/Shanghai';
const PEOPLE = 160;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}

const day = (d: number) =>
  new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);

/**
 * The live figures are SQL aggregates; these are the per-person rules of product.md §3 written
 * out in TypeScript over the raw rows (each exam's counted attempt through standing(), the day
 * the study requirement was met through studyMetOn()), on a random dataset with the awkward
 * cases: people who left, joined, left last year or join next year, exemptions and revoked
 * ones, records outside the period, after today, pending or revoked, with no law or several,
 * highest and latest exams with ties, ungraded and open attempts (also after a pass), a draft
 * make-up and a mock exam that must not count, an exam without points.
 */
describe('compliance figures in SQL agree with the per-person rules (integration)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let hr: Principal;
  let planId: string;
  /** 甲法 and 乙法 are required; 丙法 is studied too but is not. */
  let laws: string[];
  const terms: PlanTerms = {
    requiredHours: 4,
    participationTarget: 100,
    examTarget: 100,
    passTarget: 95,
    passMark: 60,
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
  };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(NOW);
    org = await buildOrg(t);
    const r = random(20261120);
    const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
    const { bureauA, deptA1, deptA2 } = org.units;
    hr = {
      staffId: org.people.hrA.id,
      staffNo: org.people.hrA.staffNo,
      name: org.people.hrA.name,
      unitId: deptA1.id,
      sessionId: randomUUID(),
      mustChangePassword: false,
      grants: [{ role: 'hr', unitId: bureauA.id, unitPath: bureauA.path }],
    };

    laws = ['甲法', '乙法', '丙法'].map(() => randomUUID());
    for (const [i, id] of laws.entries()) {
      await q(`INSERT INTO law (id, title, short_title, category) VALUES ($1, $2, $3, 'law')`, [
        id,
        `示范法律${i}`,
        `示范${i}`,
      ]);
    }
    planId = randomUUID();
    await q(
      `INSERT INTO study_plan (id, unit_id, year, title, period_start, period_end, required_hours,
                               pass_target, status)
       VALUES ($1, $2, 2026, '随机计划', '2026-01-01', '2026-12-31', 4, 95, 'active')`,
      [planId, bureauA.id],
    );
    await q(
      `INSERT INTO plan_required_law (plan_id, law_id, sort_order) VALUES ($1, $2, 0), ($1, $3, 1)`,
      [planId, laws[1], laws[0]],
    );

    // people: mostly employed all year, some who left or joined, some not on the roster at all
    const staff: string[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const kind = r.next();
      const start = kind < 0.1 ? day(r.int(0, 330)) : kind < 0.13 ? '2027-01-10' : '2015-03-01';
      const end =
        kind >= 0.13 && kind < 0.23 ? day(r.int(0, 330)) : kind < 0.26 ? '2025-11-30' : null;
      const [{ id }] = await q(
        `INSERT INTO staff (staff_no, name, unit_id, employment_start, employment_end)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [
          `R${String(i).padStart(4, '0')}`,
          `随机${i}`,
          r.pick([deptA1.id, deptA2.id, bureauA.id]),
          start,
          end !== null && end < start ? start : end,
        ],
      );
      staff.push(id as string);
      if (r.next() < 0.05) {
        await q(
          `INSERT INTO plan_exemption (plan_id, staff_id, reason, approved_by, approved_on, revoked_at)
           VALUES ($1, $2, '病休', '局党组', '2026-03-01', $3)`,
          [planId, id, r.next() < 0.3 ? NOW : null],
        );
      }
    }

    // study records: in and out of the period (and after today), credited or not, 0–2 laws
    for (let i = 0; i < PEOPLE * 6; i++) {
      const [{ id }] = await q(
        `INSERT INTO study_record (staff_id, kind, source_key, status, occurred_on, hours, title)
         VALUES ($1, 'self_study', $2, $3, $4, $5, '记录') RETURNING id`,
        [
          r.pick(staff),
          `k${i}`,
          r.pick(['credited', 'credited', 'credited', 'credited', 'pending', 'revoked']),
          day(r.int(-40, 345)),
          r.pick([0.25, 0.5, 1, 1.5, 2, 0.33]),
        ],
      );
      const n = r.pick([0, 1, 1, 2]);
      for (const law of [...laws].sort(() => r.next() - 0.5).slice(0, n)) {
        await q(
          `INSERT INTO study_record_law (record_id, law_id, article_number) VALUES ($1, $2, 0)`,
          [id, law],
        );
      }
    }

    // exams: official (highest) and its make-ups (latest; one still a draft), a mock, and a
    // second official exam worth nothing
    const exam = async (kind: string, policy: string, status: string, parent: string | null) => {
      const [{ id }] = await q(
        `INSERT INTO exam (unit_id, plan_id, parent_exam_id, title, kind, status, opens_at,
                           closes_at, duration_seconds, pass_mark, attempts_allowed,
                           score_policy, paper_mode)
         VALUES ($1, $2, $3, '考试', $4, $5, '2026-05-01', '2026-12-01', 3600, 60, 5, $6, 'fixed')
         RETURNING id`,
        [bureauA.id, kind === 'makeup' ? null : planId, parent, kind, status, policy],
      );
      return id as string;
    };
    const official = await exam('official', 'highest', 'published', null);
    const exams = [
      official,
      await exam('makeup', 'latest', 'published', official),
      await exam('makeup', 'highest', 'draft', official),
      await exam('mock', 'highest', 'published', null),
      await exam('official', 'latest', 'closed', null),
    ];
    for (const who of staff) {
      for (const examId of exams) {
        const tries = r.pick([0, 0, 1, 1, 2, 3]);
        for (let k = 1; k <= tries; k++) {
          const open = k === tries && r.next() < 0.1;
          const max = examId === exams[4] && r.next() < 0.5 ? 0 : 100;
          const score = r.pick([0, 40, 59.5, 60, 60, 75, 88.88, 100]);
          const pending = !open && r.next() < 0.1;
          const started = new Date(
            Date.UTC(2026, 4, 1) + r.int(0, 200) * 86_400_000 + r.int(0, 86_399) * 1000,
          );
          await q(
            `INSERT INTO exam_attempt (exam_id, staff_id, attempt_no, status, started_at, deadline_at,
                                       finished_at, score, max_score, passed, grading_pending)
             VALUES ($1, $2, $3, $4, $5, $5::timestamptz + interval '1 hour', $6, $7, $8, $9, $10)`,
            [
              examId,
              who,
              k,
              open ? 'in_progress' : 'finished',
              started,
              open ? null : new Date(started.getTime() + 1800_000),
              open ? null : score,
              max,
              open || pending ? null : max > 0 ? (score / max) * 100 >= 60 : false,
              pending,
            ],
          );
        }
      }
    }
  });
  afterAll(() => t.close());

  /** product.md §3 person by person, over the raw rows. */
  async function expectedRows(): Promise<ComplianceRow[]> {
    const q = <T>(sql: string, params: unknown[] = []) => t.dataSource.query<T[]>(sql, params);
    const asOf = dateInZone(NOW, TZ);
    const people = await q<Omit<ComplianceRow, 'hours'>>(
      `SELECT s.id AS "staffId", s.staff_no AS "staffNo", s.name, u.id AS "unitId",
              u.name AS "unitName", u.path AS "unitPath"
         FROM staff s JOIN org_unit u ON u.id = s.unit_id
        WHERE u.path LIKE $1 || '%' AND s.employment_start <= '2026-12-31'
          AND (s.employment_end IS NULL OR s.employment_end >= '2026-01-01')
          AND NOT EXISTS (SELECT 1 FROM plan_exemption e
                           WHERE e.plan_id = $2 AND e.staff_id = s.id AND e.revoked_at IS NULL)
        ORDER BY u.path, s.staff_no`,
      [org.units.bureauA.path, planId],
    );
    const required = await q<{ lawId: string; title: string }>(
      `SELECT r.law_id AS "lawId", l.short_title AS title FROM plan_required_law r
         JOIN law l ON l.id = r.law_id WHERE r.plan_id = $1 ORDER BY r.sort_order`,
      [planId],
    );
    const records = await q<{ staffId: string; day: string; hours: string; laws: string[] }>(
      `SELECT r.staff_id AS "staffId", to_char(r.occurred_on, 'YYYY-MM-DD') AS day, r.hours,
              ARRAY(SELECT law_id FROM study_record_law WHERE record_id = r.id) AS laws
         FROM study_record r WHERE r.status = 'credited'
          AND r.occurred_on BETWEEN '2026-01-01' AND $1::date`,
      [asOf],
    );
    const exams = await q<StandingExam & { id: string }>(
      `SELECT e.id, e.opens_at AS "opensAt", e.closes_at AS "closesAt", e.status,
              e.score_policy AS "scorePolicy", e.attempts_allowed AS "attemptsAllowed"
         FROM exam e WHERE e.status <> 'draft'
          AND ((e.plan_id = $1 AND e.kind = 'official')
            OR (e.kind = 'makeup' AND e.parent_exam_id IN
                  (SELECT id FROM exam WHERE plan_id = $1 AND kind = 'official')))`,
      [planId],
    );
    const attempts = (
      await q<Record<string, unknown>>(
        `SELECT id, exam_id AS "examId", staff_id AS "staffId", attempt_no AS "attemptNo", status,
                score, max_score AS "maxScore", passed, grading_pending AS "gradingPending",
                finished_at AS "finishedAt"
           FROM exam_attempt WHERE exam_id = ANY($1::uuid[])`,
        [exams.map((e) => e.id)],
      )
    ).map((a) => ({
      ...a,
      score: a.score === null ? null : Number(a.score),
      maxScore: Number(a.maxScore),
    })) as (StandingAttempt & { examId: string; staffId: string })[];
    return people.map((p) => {
      const mine = records.filter((x) => x.staffId === p.staffId);
      const days = mine.map((x) => ({ day: x.day, hours: Number(x.hours) }));
      const firsts = new Map<string, string>();
      for (const x of [...mine].sort((a, b) => a.day.localeCompare(b.day))) {
        for (const law of x.laws) if (!firsts.has(law)) firsts.set(law, x.day);
      }
      const lawIds = required.map((l) => l.lawId);
      const tried = attempts.filter((a) => a.staffId === p.staffId);
      const finished = tried.filter((a) => a.status === 'finished' && a.finishedAt);
      const counted = exams.map((e) =>
        standing(
          e,
          tried.filter((a) => a.examId === e.id),
          NOW,
        ),
      );
      const passing = counted.filter((c) => c.status === 'passed' && c.counted);
      const best = counted.map((c) => countedPercentage(c)).filter((x): x is number => x !== null);
      const first = (list: StandingAttempt[]) =>
        list.length ? list.map((a) => dateInZone(a.finishedAt as Date, TZ)).sort()[0] : null;
      let examState: ExamState = 'none';
      if (passing.length) examState = 'passed';
      else if (tried.some((a) => a.status === 'in_progress')) examState = 'in_progress';
      else if (finished.some((a) => a.gradingPending)) examState = 'pending';
      else if (best.length) examState = 'failed';
      return {
        ...p,
        hours: Math.round(days.reduce((n, d) => n + d.hours, 0) * 100) / 100,
        lawsMissing: required.filter((l) => !firsts.has(l.lawId)),
        studyMetOn: studyMetOn(days, 4, lawIds, firsts, '2026-01-01'),
        firstSatOn: first(finished),
        passedOn: first(passing.map((c) => c.counted as StandingAttempt)),
        bestPercentage: best.length ? Math.max(...best) : null,
        examState,
      };
    });
  }

  it('computes every person’s row as the rules do', async () => {
    const expected = await expectedRows();
    const rows = await t.get(ComplianceService).rows(hr, planId);
    expect(expected.length).toBeGreaterThan(100);
    expect(new Set(expected.map((e) => e.examState)).size).toBe(5);
    expect(rows).toEqual(expected);
  });

  it('counts, breaks down, trends and lists who is missing what as those rows give', async () => {
    const service = t.get(ComplianceService);
    const rows = await expectedRows();
    for (const unit of [org.units.bureauA, org.units.deptA1]) {
      const mine = rows.filter((r) => r.unitPath.startsWith(unit.path));
      const dto = await service.compliance(hr, planId, unit.id);
      expect(dto.figures).toEqual(figures(mine, terms));
      // in the order the org tree shows them: sort order, then name (办信科 before 来访接待科)
      const children = unit === org.units.bureauA ? [org.units.deptA2, org.units.deptA1] : [];
      expect(dto.byUnit).toEqual(byUnit(mine, children, terms));
      expect(dto.trend).toEqual(trend(mine, '2026-01-01', dto.asOf));
      // the lists follow the org tree too (the bureau, 办信科, 来访接待科), then staff number
      const treeOrder = [org.units.bureauA.id, org.units.deptA2.id, org.units.deptA1.id];
      const listed = [...mine].sort(
        (a, b) =>
          treeOrder.indexOf(a.unitId) - treeOrder.indexOf(b.unitId) ||
          a.staffNo.localeCompare(b.staffNo),
      );
      for (const rate of ['participation', 'exam', 'pass'] as const) {
        const got = await service.missing(hr, planId, rate, unit.id);
        expect(got.items).toEqual(missing(listed, rate, terms));
      }
    }
  });

  it('gives the annual report the same figures and what the shortfall is made of', async () => {
    const service = t.get(ComplianceService);
    const rows = await expectedRows();
    for (const unit of [org.units.bureauA, org.units.deptA1]) {
      const mine = rows.filter((r) => r.unitPath.startsWith(unit.path));
      const basis = await service.reportBasis(hr, planId, unit.id);
      expect(basis.frozen).toBe(false);
      expect(basis.figures).toEqual(figures(mine, terms));
      expect(basis.shortfall).toEqual(shortfallOf(mine, terms));
    }
    const whole = shortfallOf(rows, terms);
    expect(Math.min(whole.hoursShort, whole.lawsShort, whole.failed)).toBeGreaterThan(0);
  });

  it('finds the other laws studied and counts records among the live people as among a frozen list', async () => {
    const repo = t.get(ComplianceRepository);
    const basis = await t.get(ComplianceService).reportBasis(hr, planId);
    const scope = {
      planId,
      unitPath: org.units.bureauA.path,
      periodStart: '2026-01-01',
      asOf: basis.asOf,
    };
    const frozen = { staffIds: (await expectedRows()).map((r) => r.staffId) };
    const others = await repo.otherLawsStudied(basis.people, [laws[0], laws[1]], scope);
    expect(others.map((l) => l.title)).toEqual(['示范法律2']);
    expect(others[0].people).toBeGreaterThan(0);
    expect(await repo.otherLawsStudied(frozen, [laws[0], laws[1]], scope)).toEqual(others);
    // with one law required, the other two are listed, most people first
    const two = await repo.otherLawsStudied(basis.people, [laws[1]], scope);
    expect(two.map((l) => l.title).sort()).toEqual(['示范法律0', '示范法律2']);
    expect(two[0].people).toBeGreaterThanOrEqual(two[1].people);
    const counted = await repo.recordCount(basis.people, 'self_study', scope);
    expect(counted.people).toBeGreaterThan(0);
    expect(counted.records).toBeGreaterThan(counted.people);
    expect(await repo.recordCount(frozen, 'self_study', scope)).toEqual(counted);
    expect(await repo.recordCount({ staffIds: [] }, 'self_study', scope)).toEqual({
      records: 0,
      people: 0,
    });
    // what a closing plan freezes gives the same sentences
    const studied = await repo.studied(basis.people, scope);
    expect(studied.length).toBeGreaterThan(0);
    expect(await repo.studied(frozen, scope)).toEqual(studied);
    for (const required of [[laws[0], laws[1]], [laws[1]]]) {
      const live = await repo.otherLawsStudied(basis.people, required, scope);
      expect(otherLawsOf(studied, required).sort((a, b) => a.lawId.localeCompare(b.lawId))).toEqual(
        live
          .map((l) => ({ lawId: l.lawId, people: l.people }))
          .sort((a, b) => a.lawId.localeCompare(b.lawId)),
      );
    }
    expect(courtHearingsOf(studied)).toEqual(
      await repo.recordCount(basis.people, 'court_hearing', scope),
    );
  });
});
