import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { likeEscape } from '../../database/sql';
import { TransactionHost } from '../../database/transaction-host';
import type { ExamEntity } from '../exams';
import { countsForPlanSql } from '../exams';
import { displayTitleSql } from '../curriculum';
import type { AttendanceStatus } from '../sessions';
import { StudySessionEntity } from '../sessions';
import type { RecordStatus, StudyKind } from '../study';
import { onRosterDuringSql } from '../staff';

/** A person on the roster, with their unit. */
export interface PersonRow {
  staffId: string;
  staffNo: string;
  name: string;
  position: string | null;
  partyMember: boolean;
  employmentStart: string;
  employmentEnd: string | null;
  active: boolean;
  unitId: string;
  unitName: string;
  unitPath: string;
}

export interface RecordRow {
  id: string;
  staffId: string;
  kind: StudyKind;
  status: RecordStatus;
  occurredOn: string;
  hours: number;
  title: string;
  details: Record<string, unknown> | null;
  decisionNote: string | null;
  laws: { lawId: string; title: string; articleNumber: number }[];
}

/** One session a person was invited to (fixed invitees), with their attendance and make-up. */
export interface InvitationRow {
  staffId: string;
  sessionId: string;
  startsAt: Date;
  endsAt: Date;
  topic: string;
  required: boolean;
  creditedHours: number;
  attendance: AttendanceStatus | null;
  checkedInAt: Date | null;
  makeupStatus: 'open' | 'completed' | null;
  makeupCompletedAt: Date | null;
}

export type ExamRow = Pick<
  ExamEntity,
  | 'id'
  | 'title'
  | 'kind'
  | 'status'
  | 'planId'
  | 'parentExamId'
  | 'opensAt'
  | 'closesAt'
  | 'passMark'
  | 'attemptsAllowed'
  | 'scorePolicy'
  | 'reviewTiming'
>;

export interface AttemptRow {
  id: string;
  examId: string;
  staffId: string;
  attemptNo: number;
  status: 'in_progress' | 'finished';
  startedAt: Date;
  finishedAt: Date | null;
  score: number | null;
  maxScore: number;
  passed: boolean | null;
  gradingPending: boolean;
}

export interface ExemptionRow {
  id: string;
  staffId: string;
  reason: string;
  approvedBy: string;
  approvedOn: string;
  recordedAt: Date;
  revokedAt: Date | null;
  revokeReason: string | null;
}

/** The days counted: the plan's period (or the calendar year), up to today while it runs. */
export interface Period {
  start: string;
  /** Last day counted: the period's end, or today while it runs. */
  asOf: string;
  end: string;
}

const EXAM_COLUMNS = `e.id, e.title, e.kind, e.status, e.plan_id AS "planId",
  e.parent_exam_id AS "parentExamId", e.opens_at AS "opensAt", e.closes_at AS "closesAt",
  e.pass_mark::float8 AS "passMark", e.attempts_allowed AS "attemptsAllowed",
  e.score_policy AS "scorePolicy", e.review_timing AS "reviewTiming"`;

/**
 * The SQL behind the evidence: a unit's roster page by page (keyset on staff number), and for a
 * batch of people their study records, invitations with attendance, exams and attempts and
 * exemptions. Everything is read per batch, so a workbook of any size holds one batch at a time.
 */
@Injectable()
export class EvidenceRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** People of the subtree employed at some time in the period, by staff number. */
  rosterPage(
    unitPath: string,
    period: Period,
    after: { staffNo: string; staffId: string } | null,
    limit: number,
  ): Promise<PersonRow[]> {
    return this.tx.manager.query<PersonRow[]>(
      `${PERSON_SELECT}
        WHERE u.path LIKE $1
          AND ${onRosterDuringSql('s', '$2', '$3')}
          AND ($4::text IS NULL OR (s.staff_no, s.id) > ($4::text, $5::uuid))
        ORDER BY s.staff_no, s.id
        LIMIT $6`,
      [
        `${likeEscape(unitPath)}%`,
        period.start,
        period.end,
        after?.staffNo ?? null,
        after?.staffId ?? null,
        limit,
      ],
    );
  }

  async rosterCount(unitPath: string, period: Period): Promise<number> {
    const [{ n }] = await this.tx.manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM staff s JOIN org_unit u ON u.id = s.unit_id
        WHERE u.path LIKE $1 AND ${onRosterDuringSql('s', '$2', '$3')}`,
      [`${likeEscape(unitPath)}%`, period.start, period.end],
    );
    return n;
  }

  async person(staffId: string): Promise<PersonRow | null> {
    const rows = await this.tx.manager.query<PersonRow[]>(`${PERSON_SELECT} WHERE s.id = $1`, [
      staffId,
    ]);
    return rows[0] ?? null;
  }

  /** Staff numbers and names, for showing who requested or is the subject of an export. */
  names(ids: string[]): Promise<{ id: string; staffNo: string; name: string }[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.tx.manager.query(
      'SELECT id, staff_no AS "staffNo", name FROM staff WHERE id = ANY($1::uuid[])',
      [ids],
    );
  }

  /** Every study record of the people dated in [start, asOf], whatever its status, with its laws. */
  records(staffIds: string[], period: Period): Promise<RecordRow[]> {
    return this.tx.manager.query<RecordRow[]>(
      `SELECT r.id, r.staff_id AS "staffId", r.kind, r.status,
              to_char(r.occurred_on, 'YYYY-MM-DD') AS "occurredOn", r.hours::float8 AS hours,
              r.title, r.details, r.decision_note AS "decisionNote",
              COALESCE((SELECT json_agg(json_build_object(
                          'lawId', l.law_id,
                          'title', ${displayTitleSql('w')},
                          'articleNumber', l.article_number)
                        ORDER BY w.title, l.article_number)
                          FROM study_record_law l JOIN law w ON w.id = l.law_id
                         WHERE l.record_id = r.id), '[]'::json) AS laws
         FROM study_record r
        WHERE r.staff_id = ANY($1::uuid[]) AND r.occurred_on BETWEEN $2::date AND $3::date
        ORDER BY r.occurred_on, r.created_at, r.id`,
      [staffIds, period.start, period.asOf],
    );
  }

  /**
   * Sessions of the period that have started (so their invitees are fixed), for each invitee
   * among the people: attendance, and the make-up study if one was assigned.
   */
  invitations(
    staffIds: string[],
    period: Period,
    now: Date,
    timeZone: string,
  ): Promise<InvitationRow[]> {
    return this.tx.manager.query<InvitationRow[]>(
      `SELECT i.staff_id AS "staffId", s.id AS "sessionId", s.starts_at AS "startsAt",
              s.ends_at AS "endsAt", s.topic, s.required,
              s.credited_hours::float8 AS "creditedHours", a.status AS attendance,
              a.checked_in_at AS "checkedInAt", m.status AS "makeupStatus",
              m.completed_at AS "makeupCompletedAt"
         FROM study_session_invitee i
         JOIN study_session s ON s.id = i.session_id
         LEFT JOIN study_session_attendance a ON a.session_id = s.id AND a.staff_id = i.staff_id
         LEFT JOIN study_session_makeup m ON m.session_id = s.id AND m.staff_id = i.staff_id
        WHERE i.staff_id = ANY($1::uuid[]) AND s.status = 'scheduled' AND s.starts_at <= $4
          AND (s.starts_at AT TIME ZONE $5)::date BETWEEN $2::date AND $3::date
        ORDER BY s.starts_at, s.id`,
      [staffIds, period.start, period.end, now, timeZone],
    );
  }

  sessions(ids: string[]): Promise<StudySessionEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.tx.repository(StudySessionEntity).findBy({ id: In(ids) });
  }

  /** The plan's published official exams and their published make-ups (as the figures count). */
  planExams(planId: string): Promise<ExamRow[]> {
    return this.tx.manager.query<ExamRow[]>(
      `SELECT ${EXAM_COLUMNS} FROM exam e
        WHERE ${countsForPlanSql('e', '$1')}
        ORDER BY e.opens_at, e.id`,
      [planId],
    );
  }

  /**
   * Which exams each person was a candidate of or attempted: the given ones (the plan's) and
   * any other published exam opening in the period (mock exams, others' exams).
   */
  examLinks(
    staffIds: string[],
    examIds: string[],
    period: Period,
    timeZone: string,
  ): Promise<{ staffId: string; examId: string; candidate: boolean }[]> {
    return this.tx.manager.query(
      `SELECT x.staff_id AS "staffId", x.exam_id AS "examId", bool_or(x.candidate) AS candidate
         FROM (SELECT c.staff_id, c.exam_id, true AS candidate FROM exam_candidate c
                WHERE c.staff_id = ANY($1::uuid[])
               UNION ALL
               SELECT a.staff_id, a.exam_id, false FROM exam_attempt a
                WHERE a.staff_id = ANY($1::uuid[])) x
         JOIN exam e ON e.id = x.exam_id
        WHERE e.status <> 'draft'
          AND (e.id = ANY($2::uuid[])
               OR (e.opens_at AT TIME ZONE $5)::date BETWEEN $3::date AND $4::date)
        GROUP BY x.staff_id, x.exam_id`,
      [staffIds, examIds, period.start, period.end, timeZone],
    );
  }

  exams(ids: string[]): Promise<ExamRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.tx.manager.query<ExamRow[]>(
      `SELECT ${EXAM_COLUMNS} FROM exam e WHERE e.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  attempts(staffIds: string[], examIds: string[]): Promise<AttemptRow[]> {
    if (!examIds.length) return Promise.resolve([]);
    return this.tx.manager.query<AttemptRow[]>(
      `SELECT a.id, a.exam_id AS "examId", a.staff_id AS "staffId", a.attempt_no AS "attemptNo",
              a.status, a.started_at AS "startedAt", a.finished_at AS "finishedAt",
              a.score::float8 AS score, a.max_score::float8 AS "maxScore", a.passed,
              a.grading_pending AS "gradingPending"
         FROM exam_attempt a
        WHERE a.staff_id = ANY($1::uuid[]) AND a.exam_id = ANY($2::uuid[])
        ORDER BY a.exam_id, a.attempt_no`,
      [staffIds, examIds],
    );
  }

  exemptions(planId: string, staffIds: string[]): Promise<ExemptionRow[]> {
    return this.tx.manager.query<ExemptionRow[]>(
      `SELECT e.id, e.staff_id AS "staffId", e.reason, e.approved_by AS "approvedBy",
              to_char(e.approved_on, 'YYYY-MM-DD') AS "approvedOn", e.recorded_at AS "recordedAt",
              e.revoked_at AS "revokedAt", e.revoke_reason AS "revokeReason"
         FROM plan_exemption e
        WHERE e.plan_id = $1 AND e.staff_id = ANY($2::uuid[])
        ORDER BY e.recorded_at, e.id`,
      [planId, staffIds],
    );
  }
}

const PERSON_SELECT = `SELECT s.id AS "staffId", s.staff_no AS "staffNo", s.name, s.position,
        s.party_member AS "partyMember",
        to_char(s.employment_start, 'YYYY-MM-DD') AS "employmentStart",
        to_char(s.employment_end, 'YYYY-MM-DD') AS "employmentEnd", s.active,
        u.id AS "unitId", u.name AS "unitName", u.path AS "unitPath"
   FROM staff s JOIN org_unit u ON u.id = s.unit_id`;
