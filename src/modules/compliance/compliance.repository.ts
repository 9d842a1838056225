import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { likeEscape } from '../../database/sql';
import { TransactionHost } from '../../database/transaction-host';
import { countsForPlanSql, ExamEntity } from '../exams';
import type {
  Counts,
  DayCounts,
  ExamState,
  RateName,
  Shortfall,
  StudiedRow,
} from './compliance-figures';
import { PlanExemptionEntity, PlanSnapshotEntity } from './entities/compliance.entity';
import { onRosterDuringSql } from '../staff';

export interface RequiredStaffRow {
  staffId: string;
  staffNo: string;
  name: string;
  unitId: string;
  unitName: string;
  unitPath: string;
}

export interface PeriodScope {
  planId: string;
  /** Materialised path of the subtree counted. */
  unitPath: string;
  periodStart: string;
  /** Last day counted (the period's end, or today while the period runs). */
  asOf: string;
}

/** What the per-person rows are computed from: the plan's terms, its laws and exams. */
export interface PersonQuery {
  scope: PeriodScope;
  periodEnd: string;
  requiredHours: number;
  /** The plan's required laws (distinct). */
  lawIds: string[];
  /** The plan's official exams and their make-ups (see planExams). */
  examIds: string[];
  /** Dates of attempts are taken in this zone. */
  timeZone: string;
}

/** A required person as SQL computes them; lawIds = the required laws they have studied. */
export interface PersonRow extends RequiredStaffRow {
  hours: number;
  lawIds: string[];
  studyMetOn: string | null;
  firstSatOn: string | null;
  passedOn: string | null;
  bestPercentage: number | null;
  examState: ExamState;
}

const MISSING_COLUMN: Record<RateName, string> = {
  participation: 'study_met_on',
  exam: 'first_sat_on',
  pass: 'passed_on',
};

const STUDY_SQL = `), rec AS NOT MATERIALIZED (
       SELECT r.id, r.staff_id, r.occurred_on, r.hours
         FROM req JOIN study_record r ON r.staff_id = req.id
        WHERE r.status = 'credited' AND r.occurred_on BETWEEN $2::date AND $5::date
     ), hours AS (
       SELECT d.staff_id, sum(d.hours) AS hours,
              min(d.occurred_on) FILTER (WHERE d.running >= $8::numeric) AS hours_day
         FROM (SELECT staff_id, occurred_on, hours,
                      sum(hours) OVER (PARTITION BY staff_id ORDER BY occurred_on) AS running
                 FROM rec) d
        GROUP BY d.staff_id
     ), laws AS (
       -- the first credited day in the period per person and required law: one probe each of
       -- compliance_law_study's (staff, law, day) index
       SELECT f.staff_id, array_agg(f.law_id) AS law_ids, count(*) AS n, max(f.first_day) AS laws_day
         FROM (SELECT req.id AS staff_id, lw.law_id, m.first_day
                 FROM req CROSS JOIN unnest($6::uuid[]) AS lw(law_id)
                 CROSS JOIN LATERAL (SELECT min(m.occurred_on) AS first_day
                                       FROM compliance_law_study m
                                      WHERE m.staff_id = req.id AND m.law_id = lw.law_id
                                        AND m.occurred_on >= $2::date) m) f
        WHERE f.first_day <= $5::date
        GROUP BY f.staff_id`;

const EXAM_SQL = `), att AS (
       SELECT a.staff_id, a.exam_id, a.attempt_no, a.status, a.score, a.max_score, a.passed,
              a.grading_pending, a.finished_at, e.score_policy,
              a.status = 'finished' AND NOT a.grading_pending AND a.score IS NOT NULL AS countable
         FROM req JOIN exam_attempt a ON a.staff_id = req.id JOIN exam e ON e.id = a.exam_id
        WHERE a.exam_id = ANY($7::uuid[])
     ), opened AS (
       SELECT DISTINCT staff_id, exam_id FROM att WHERE status = 'in_progress'
     ), counted AS (
       SELECT c.*, o.exam_id IS NULL AS settled,
              CASE WHEN c.max_score > 0 THEN c.score::float8 / c.max_score::float8 * 1000 END AS permille
         FROM (SELECT DISTINCT ON (staff_id, exam_id) staff_id, exam_id, score, max_score, passed,
                      finished_at, countable
                 FROM att
                WHERE status = 'finished' AND (score_policy = 'latest' OR countable)
                ORDER BY staff_id, exam_id,
                         CASE WHEN score_policy = 'latest' THEN attempt_no END DESC NULLS LAST,
                         score DESC, attempt_no) c
         LEFT JOIN opened o ON o.staff_id = c.staff_id AND o.exam_id = c.exam_id
        WHERE c.countable
     ), best AS (
       SELECT staff_id,
              -- percentage(): Math.round(score / max * 1000) / 10, 0 without points
              max(CASE WHEN permille IS NULL THEN 0
                       WHEN permille - floor(permille) >= 0.5 THEN ceil(permille) / 10
                       ELSE floor(permille) / 10 END) AS best,
              min((finished_at AT TIME ZONE $9)::date) FILTER (WHERE passed AND settled) AS passed_on
         FROM counted GROUP BY staff_id
     ), sat AS (
       SELECT staff_id,
              min((finished_at AT TIME ZONE $9)::date)
                FILTER (WHERE status = 'finished' AND finished_at IS NOT NULL) AS first_sat_on,
              bool_or(status = 'in_progress') AS answering,
              bool_or(status = 'finished' AND grading_pending) AS pending
         FROM att GROUP BY staff_id`;

/**
 * product.md §3 per required person, as SQL aggregates (a CTE chain ending in `person`):
 *  - required staff: employed at some time in the period, in the subtree, not exempted;
 *  - hours: credited records in [periodStart, asOf], and the day their running total (a window
 *    over the person's days) first reached the required hours;
 *  - laws: the first day of a credited record on each required law; study met on the later of
 *    the two days (the period's start when nothing is required);
 *  - exams: for each official exam or make-up, the counted attempt of its score policy as
 *    standing() picks it (highest: the best graded score, the earliest on ties; latest: the last
 *    finished attempt, once graded), by DISTINCT ON; passed when it passed and no attempt of that
 *    exam is open; the best counted percentage rounded as percentage() does; the first day an
 *    attempt was submitted; the state whoever chases them needs.
 */
export function personSql(
  q: PersonQuery,
  parts: { study: boolean; exams: boolean } = { study: true, exams: true },
): { sql: string; params: unknown[] } {
  const params = [
    `${likeEscape(q.scope.unitPath)}%`,
    q.scope.periodStart,
    q.periodEnd,
    q.scope.planId,
    q.scope.asOf,
    q.lawIds,
    q.examIds,
    q.requiredHours,
    q.timeZone,
  ];
  // a part left out is an empty relation, its columns null ('none' for the state); its
  // parameters still get their types
  const study = parts.study
    ? STUDY_SQL
    : `), hours AS (SELECT NULL::uuid AS staff_id, NULL::numeric AS hours, NULL::date AS hours_day
                     WHERE $5::date IS NULL AND false
       ), laws AS (SELECT NULL::uuid AS staff_id, NULL::uuid[] AS law_ids, NULL::bigint AS n,
                          NULL::date AS laws_day WHERE false`;
  const exams = parts.exams
    ? EXAM_SQL
    : `), best AS (SELECT NULL::uuid AS staff_id, NULL::float8 AS best, NULL::date AS passed_on
                    WHERE $7::uuid[] IS NULL AND $9::text IS NULL AND false
       ), sat AS (SELECT NULL::uuid AS staff_id, NULL::date AS first_sat_on,
                         NULL::boolean AS answering, NULL::boolean AS pending WHERE false`;
  const sql = `WITH req AS (
       SELECT s.id, s.staff_no, s.name, u.id AS unit_id, u.name AS unit_name, u.path
         FROM staff s JOIN org_unit u ON u.id = s.unit_id
        WHERE u.path LIKE $1 AND ${onRosterDuringSql('s', '$2', '$3')}
          AND NOT EXISTS (SELECT 1 FROM plan_exemption e
                           WHERE e.plan_id = $4 AND e.staff_id = s.id AND e.revoked_at IS NULL)
     ${study}
     ${exams}
     ), person AS (
       SELECT req.*, coalesce(h.hours, 0) AS hours, coalesce(l.law_ids, '{}') AS law_ids,
              CASE WHEN ($8::numeric > 0 AND h.hours_day IS NULL)
                     OR coalesce(l.n, 0) < cardinality($6::uuid[]) THEN NULL
                   ELSE coalesce(greatest(CASE WHEN $8::numeric > 0 THEN h.hours_day END, l.laws_day),
                                 $2::date) END AS study_met_on,
              x.first_sat_on, b.passed_on, b.best,
              CASE WHEN b.passed_on IS NOT NULL THEN 'passed'
                   WHEN x.answering THEN 'in_progress'
                   WHEN x.pending THEN 'pending'
                   WHEN b.best IS NOT NULL THEN 'failed'
                   ELSE 'none' END AS exam_state
         FROM req
         LEFT JOIN hours h ON h.staff_id = req.id
         LEFT JOIN laws l ON l.staff_id = req.id
         LEFT JOIN sat x ON x.staff_id = req.id
         LEFT JOIN best b ON b.staff_id = req.id
     )`;
  return { sql, params };
}

/** Whom a report counts: the live required staff of a query, or a closed plan's frozen list. */
export type PeopleOf = { query: PersonQuery } | { staffIds: string[] };

/** A `WITH req AS (…)` whose `id` column is the people, and its parameters. */
function peopleSql(people: PeopleOf): { sql: string; params: unknown[] } {
  if ('staffIds' in people) {
    return { sql: 'WITH req AS (SELECT unnest($1::uuid[]) AS id)', params: [people.staffIds] };
  }
  return personSql(people.query, { study: false, exams: false });
}

@Injectable()
export class ComplianceRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** The required staff of the scope (or whether one person is among them). */
  requiredStaff(
    scope: PeriodScope,
    periodEnd: string,
    staffId?: string,
  ): Promise<RequiredStaffRow[]> {
    return this.tx.manager.query<RequiredStaffRow[]>(
      `SELECT s.id AS "staffId", s.staff_no AS "staffNo", s.name, u.id AS "unitId",
              u.name AS "unitName", u.path AS "unitPath"
         FROM staff s JOIN org_unit u ON u.id = s.unit_id
        WHERE u.path LIKE $1
          AND ${onRosterDuringSql('s', '$2', '$3')}
          AND ($5::uuid IS NULL OR s.id = $5::uuid)
          AND NOT EXISTS (SELECT 1 FROM plan_exemption e
                           WHERE e.plan_id = $4 AND e.staff_id = s.id AND e.revoked_at IS NULL)
        ORDER BY u.path, s.staff_no`,
      [
        `${likeEscape(scope.unitPath)}%`,
        scope.periodStart,
        periodEnd,
        scope.planId,
        staffId ?? null,
      ],
    );
  }

  /**
   * One row per required person, computed in SQL (see `personSql`): all of them, or only those
   * missing a rate (with only the columns that rate needs). Ordered by unit path and staff number.
   */
  people(q: PersonQuery, missing?: RateName): Promise<PersonRow[]> {
    // who misses participation needs no exams, who misses the exam or a pass no study records
    const { sql, params } = personSql(
      q,
      missing
        ? { study: missing === 'participation', exams: missing !== 'participation' }
        : undefined,
    );
    return this.analytic<PersonRow[]>(
      `${sql}
       SELECT p.id AS "staffId", p.staff_no AS "staffNo", p.name, p.unit_id AS "unitId",
              p.unit_name AS "unitName", p.path AS "unitPath", round(p.hours, 2)::float8 AS hours,
              p.law_ids AS "lawIds", to_char(p.study_met_on, 'YYYY-MM-DD') AS "studyMetOn",
              to_char(p.first_sat_on, 'YYYY-MM-DD') AS "firstSatOn",
              to_char(p.passed_on, 'YYYY-MM-DD') AS "passedOn", p.best AS "bestPercentage",
              p.exam_state AS "examState"
         FROM person p
        ${missing ? `WHERE p.${MISSING_COLUMN[missing]} IS NULL` : ''}
        ORDER BY p.path, p.staff_no`,
      params,
    );
  }

  /** How many people are required in the scope. */
  async requiredCount(q: PersonQuery): Promise<number> {
    const { sql, params } = personSql(q, { study: false, exams: false });
    const [row] = await this.tx.manager.query<{ n: number }[]>(
      `${sql} SELECT count(*)::int AS n FROM person`,
      params,
    );
    return row.n;
  }

  /**
   * The dashboard's counts in one statement over the same per-person rows: the subtree's
   * totals, per child unit (the path segment after the unit's own), and per day on which people
   * met the study requirement, first sat and passed (for the monthly trend).
   */
  async counts(q: PersonQuery): Promise<{
    total: Counts;
    shortfall: Shortfall;
    byChild: Map<string, Counts>;
    days: DayCounts[];
  }> {
    const { sql, params } = personSql(q);
    // '/a/b/' has 2 segments: a child's id is the 4th '/'-separated part of a path below it
    const part = q.scope.unitPath.split('/').filter(Boolean).length + 2;
    const rows = await this.analytic<
      ({ k: 'total' | 'child' | 'day'; key: string | null } & Counts & Shortfall)[]
    >(
      `${sql}, tallied AS (
         SELECT split_part(p.path, '/', ${part}) AS child, p.study_met_on, p.first_sat_on,
                p.passed_on,
                -- as shortfallOf(): hours short after rounding, a required law unstudied
                p.study_met_on IS NULL AND round(p.hours, 2) < $8::numeric AS hours_short,
                p.study_met_on IS NULL AND cardinality(p.law_ids) < cardinality($6::uuid[])
                  AS laws_short,
                p.exam_state = 'failed' AS failed
           FROM person p
       )
       SELECT 'total' AS k, NULL AS key, count(*)::int AS required,
              count(study_met_on)::int AS "studyMet", count(first_sat_on)::int AS sat,
              count(passed_on)::int AS passed,
              count(*) FILTER (WHERE hours_short)::int AS "hoursShort",
              count(*) FILTER (WHERE laws_short)::int AS "lawsShort",
              count(*) FILTER (WHERE failed)::int AS failed
         FROM tallied
       UNION ALL
       SELECT 'child', child, count(*)::int, count(study_met_on)::int, count(first_sat_on)::int,
              count(passed_on)::int, 0, 0, 0
         FROM tallied WHERE child <> '' GROUP BY child
       UNION ALL
       SELECT 'day', to_char(d.day, 'YYYY-MM-DD'), 0, count(*) FILTER (WHERE d.k = 1)::int,
              count(*) FILTER (WHERE d.k = 2)::int, count(*) FILTER (WHERE d.k = 3)::int, 0, 0, 0
         FROM tallied t
        CROSS JOIN LATERAL (VALUES (1, t.study_met_on), (2, t.first_sat_on), (3, t.passed_on))
              AS d(k, day)
        WHERE d.day IS NOT NULL
        GROUP BY d.day`,
      params,
    );
    const pick = (r?: Counts): Counts => ({
      required: r?.required ?? 0,
      studyMet: r?.studyMet ?? 0,
      sat: r?.sat ?? 0,
      passed: r?.passed ?? 0,
    });
    const total = rows.find((r) => r.k === 'total');
    return {
      total: pick(total),
      shortfall: {
        hoursShort: total?.hoursShort ?? 0,
        lawsShort: total?.lawsShort ?? 0,
        failed: total?.failed ?? 0,
      },
      byChild: new Map(rows.filter((r) => r.k === 'child').map((r) => [r.key ?? '', pick(r)])),
      days: rows.filter((r) => r.k === 'day').map((r) => ({ day: r.key ?? '', ...pick(r) })),
    };
  }

  /**
   * A big aggregate over the subtree's records: without JIT (compiling it costs seconds and
   * saves nothing at this size) and with room to hash and sort in memory.
   */
  private analytic<T>(sql: string, params: unknown[]): Promise<T> {
    return this.tx.run(async () => {
      await this.tx.manager.query(
        `SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`,
      );
      return this.tx.manager.query<T>(sql, params);
    });
  }

  /** The ids of the plan's published official exams and their published make-ups. */
  async planExamIds(planId: string): Promise<string[]> {
    const rows = await this.tx.manager.query<{ id: string }[]>(
      `SELECT e.id FROM exam e WHERE ${countsForPlanSql('e', '$1')} ORDER BY e.id`,
      [planId],
    );
    return rows.map((r) => r.id);
  }

  /** The plan's published official exams and their published make-ups. */
  async planExams(planId: string): Promise<ExamEntity[]> {
    const ids = await this.planExamIds(planId);
    return ids.length
      ? this.tx
          .repository(ExamEntity)
          .createQueryBuilder('e')
          .where('e.id IN (:...ids)', { ids })
          .getMany()
      : [];
  }

  /** Sessions of the subtree started in the period and over by `now` (held), with attendance. */
  sessionsHeld(scope: PeriodScope, now: Date, timeZone: string) {
    return this.tx.manager.query<
      {
        sessionId: string;
        type: string;
        unitPath: string;
        startsAt: Date;
        invited: number;
        attended: number;
      }[]
    >(
      `SELECT s.id AS "sessionId", s.type, u.path AS "unitPath", s.starts_at AS "startsAt",
              (SELECT count(*) FROM study_session_invitee i WHERE i.session_id = s.id)::int AS invited,
              (SELECT count(*) FROM study_session_attendance a
                WHERE a.session_id = s.id AND a.status IN ('present', 'late'))::int AS attended
         FROM study_session s JOIN org_unit u ON u.id = s.unit_id
        WHERE u.path LIKE $1 AND s.status = 'scheduled' AND s.ends_at <= $4
          AND (s.starts_at AT TIME ZONE $5)::date BETWEEN $2::date AND $3::date
        ORDER BY s.starts_at`,
      [`${likeEscape(scope.unitPath)}%`, scope.periodStart, scope.asOf, now, timeZone],
    );
  }

  /**
   * Laws other than the plan's required ones that the people have credited study records on in
   * the period, most people first. Distinct (person, law) pairs are hashed before counting, so a
   * province's million records never go through a sort.
   */
  otherLawsStudied(people: PeopleOf, requiredLawIds: string[], scope: PeriodScope) {
    const { sql, params } = peopleSql(people);
    const n = params.length;
    return this.analytic<{ lawId: string; title: string; people: number }[]>(
      `${sql}
       SELECT l.id AS "lawId", l.title, x.people
         FROM (SELECT d.law_id, count(*)::int AS people
                 FROM (SELECT DISTINCT r.staff_id, rl.law_id
                         FROM req JOIN study_record r ON r.staff_id = req.id
                         JOIN study_record_law rl ON rl.record_id = r.id
                        WHERE r.status = 'credited'
                          AND r.occurred_on BETWEEN $${n + 1}::date AND $${n + 2}::date
                          AND rl.law_id <> ALL($${n + 3}::uuid[])) d
                GROUP BY d.law_id) x
         JOIN law l ON l.id = x.law_id
        ORDER BY x.people DESC, l.title`,
      [...params, scope.periodStart, scope.asOf, requiredLawIds],
    );
  }

  /** Credited records of a kind among the people in the period: how many, by how many people. */
  async recordCount(people: PeopleOf, kind: string, scope: PeriodScope) {
    const { sql, params } = peopleSql(people);
    const n = params.length;
    const [row] = await this.analytic<{ records: number; people: number }[]>(
      `${sql}
       SELECT count(*)::int AS records, count(DISTINCT r.staff_id)::int AS people
         FROM req JOIN study_record r ON r.staff_id = req.id
        WHERE r.kind = $${n + 1} AND r.status = 'credited'
          AND r.occurred_on BETWEEN $${n + 2}::date AND $${n + 3}::date`,
      [...params, kind, scope.periodStart, scope.asOf],
    );
    return row;
  }

  /** Per person with credited records in the period: their laws and court hearings. */
  studied(people: PeopleOf, scope: PeriodScope): Promise<StudiedRow[]> {
    const { sql, params } = peopleSql(people);
    const n = params.length;
    return this.analytic<StudiedRow[]>(
      `${sql}
       SELECT r.staff_id AS "staffId",
              coalesce(array_agg(DISTINCT rl.law_id) FILTER (WHERE rl.law_id IS NOT NULL), '{}')
                AS "lawIds",
              count(DISTINCT r.id) FILTER (WHERE r.kind = 'court_hearing')::int AS "courtHearings"
         FROM req JOIN study_record r ON r.staff_id = req.id
         LEFT JOIN study_record_law rl ON rl.record_id = r.id
        WHERE r.status = 'credited' AND r.occurred_on BETWEEN $${n + 1}::date AND $${n + 2}::date
        GROUP BY r.staff_id
        ORDER BY r.staff_id`,
      [...params, scope.periodStart, scope.asOf],
    );
  }

  /** The laws' titles, in the database's order of titles (as the report lists ties). */
  lawTitles(ids: string[]) {
    return this.tx.manager.query<{ id: string; title: string }[]>(
      'SELECT id, title FROM law WHERE id = ANY($1::uuid[]) ORDER BY title',
      [ids],
    );
  }

  /** Every law's full and short title. */
  lawNames() {
    return this.tx.manager.query<{ title: string; shortTitle: string }[]>(
      'SELECT title, short_title AS "shortTitle" FROM law ORDER BY title',
    );
  }

  children(unitId: string) {
    return this.tx.manager.query<{ id: string; name: string; path: string }[]>(
      'SELECT id, name, path FROM org_unit WHERE parent_id = $1 ORDER BY sort_order, name, id',
      [unitId],
    );
  }

  /**
   * The units of a subtree in the order the org tree shows them (depth first, siblings by their
   * sort order and then name): each unit's key is the sibling ranks along its path.
   */
  async unitOrder(unitPath: string): Promise<string[]> {
    const rows = await this.tx.manager.query<{ id: string }[]>(
      `WITH sub AS (
         SELECT id, path, row_number() OVER (PARTITION BY parent_id ORDER BY sort_order, name, id) AS rk
           FROM org_unit WHERE path LIKE $1
       )
       SELECT u.id
         FROM sub u
        ORDER BY ARRAY(SELECT x.rk
                         FROM unnest(string_to_array(trim(BOTH '/' FROM u.path), '/'))
                              WITH ORDINALITY AS a(uid, i)
                         JOIN sub x ON x.id::text = a.uid
                        ORDER BY a.i)`,
      [`${likeEscape(unitPath)}%`],
    );
    return rows.map((r) => r.id);
  }

  /** Refills compliance_law_study from the ledger (its triggers keep it otherwise). */
  async rebuildLawStudy(): Promise<number> {
    const [row] = await this.tx.manager.query<{ n: string }[]>(
      'SELECT compliance_law_study_rebuild() AS n',
    );
    return Number(row.n);
  }

  // ---- exemptions ----

  exemptions(planId: string, includeRevoked: boolean) {
    return this.tx.repository(PlanExemptionEntity).find({
      where: includeRevoked ? { planId } : { planId, revokedAt: IsNull() },
      order: { recordedAt: 'ASC' },
    });
  }

  /** The reasons of the plan's active exemptions of people in a unit subtree (for the report). */
  exemptedIn(planId: string, unitPath: string) {
    return this.tx.manager.query<{ reason: string }[]>(
      `SELECT e.reason FROM plan_exemption e
         JOIN staff s ON s.id = e.staff_id JOIN org_unit u ON u.id = s.unit_id
        WHERE e.plan_id = $1 AND e.revoked_at IS NULL AND u.path LIKE $2
        ORDER BY e.recorded_at`,
      [planId, `${likeEscape(unitPath)}%`],
    );
  }

  activeExemption(planId: string, staffId: string) {
    return this.tx
      .repository(PlanExemptionEntity)
      .createQueryBuilder('e')
      .where('e.plan_id = :planId AND e.staff_id = :staffId AND e.revoked_at IS NULL', {
        planId,
        staffId,
      })
      .getOne();
  }

  findExemption(id: string) {
    return this.tx.repository(PlanExemptionEntity).findOneBy({ id });
  }

  async insertExemption(row: PlanExemptionEntity): Promise<void> {
    await this.tx.repository(PlanExemptionEntity).insert(row);
  }

  async revokeExemption(id: string, by: string, at: Date, reason: string): Promise<void> {
    await this.tx
      .repository(PlanExemptionEntity)
      .update({ id }, { revokedAt: at, revokedBy: by, revokeReason: reason });
  }

  // ---- snapshots ----

  snapshot(planId: string) {
    return this.tx.repository(PlanSnapshotEntity).findOneBy({ planId });
  }

  async saveSnapshot(row: PlanSnapshotEntity): Promise<void> {
    await this.tx.repository(PlanSnapshotEntity).save(row);
  }
}
