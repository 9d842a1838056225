import { Injectable } from '@nestjs/common';
import { likeEscape } from '../../database/sql';
import { TransactionHost } from '../../database/transaction-host';
import { IsNull } from 'typeorm';
import { ExamAttemptEntity } from '../exams/entities/exam-attempt.entity';
import { ExamEntity } from '../exams/entities/exam.entity';
import { PlanExemptionEntity, PlanSnapshotEntity } from './entities/compliance.entity';

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

type AttemptRow = Pick<
  ExamAttemptEntity,
  | 'examId'
  | 'staffId'
  | 'id'
  | 'attemptNo'
  | 'status'
  | 'score'
  | 'maxScore'
  | 'passed'
  | 'gradingPending'
  | 'finishedAt'
>;

/**
 * The SQL behind the figures: the required staff (on the roster in the period, not exempted),
 * their credited hours per day and the first day of each required law, the attempts of the
 * plan's official exams and make-ups, the sessions held.
 */
@Injectable()
export class ComplianceRepository {
  constructor(private readonly tx: TransactionHost) {}

  requiredStaff(scope: PeriodScope, periodEnd: string): Promise<RequiredStaffRow[]> {
    return this.tx.manager.query<RequiredStaffRow[]>(
      `SELECT s.id AS "staffId", s.staff_no AS "staffNo", s.name, u.id AS "unitId",
              u.name AS "unitName", u.path AS "unitPath"
         FROM staff s JOIN org_unit u ON u.id = s.unit_id
        WHERE u.path LIKE $1
          AND s.employment_start <= $3::date
          AND (s.employment_end IS NULL OR s.employment_end >= $2::date)
          AND NOT EXISTS (SELECT 1 FROM plan_exemption e
                           WHERE e.plan_id = $4 AND e.staff_id = s.id AND e.revoked_at IS NULL)
        ORDER BY u.path, s.staff_no`,
      [`${likeEscape(scope.unitPath)}%`, scope.periodStart, periodEnd, scope.planId],
    );
  }

  /** Credited hours per person and day in [periodStart, asOf]. */
  dailyHours(staffIds: string[], scope: PeriodScope) {
    return this.tx.manager.query<{ staffId: string; day: string; hours: number }[]>(
      `SELECT r.staff_id AS "staffId", to_char(r.occurred_on, 'YYYY-MM-DD') AS day,
              sum(r.hours)::float8 AS hours
         FROM study_record r
        WHERE r.staff_id = ANY($1::uuid[]) AND r.status = 'credited'
          AND r.occurred_on BETWEEN $2::date AND $3::date
        GROUP BY r.staff_id, r.occurred_on`,
      [staffIds, scope.periodStart, scope.asOf],
    );
  }

  /** The first day each person has a credited record on each of the laws. */
  lawFirstDays(staffIds: string[], lawIds: string[], scope: PeriodScope) {
    if (!lawIds.length) return Promise.resolve([]);
    return this.tx.manager.query<{ staffId: string; lawId: string; day: string }[]>(
      `SELECT r.staff_id AS "staffId", l.law_id AS "lawId",
              to_char(min(r.occurred_on), 'YYYY-MM-DD') AS day
         FROM study_record r JOIN study_record_law l ON l.record_id = r.id
        WHERE r.staff_id = ANY($1::uuid[]) AND l.law_id = ANY($2::uuid[])
          AND r.status = 'credited' AND r.occurred_on BETWEEN $3::date AND $4::date
        GROUP BY r.staff_id, l.law_id`,
      [staffIds, lawIds, scope.periodStart, scope.asOf],
    );
  }

  /** The plan's published official exams and their published make-ups. */
  planExams(planId: string): Promise<ExamEntity[]> {
    return this.tx.manager
      .query<{ id: string }[]>(
        `SELECT e.id FROM exam e
          WHERE e.status <> 'draft'
            AND ((e.plan_id = $1 AND e.kind = 'official')
              OR (e.kind = 'makeup' AND e.parent_exam_id IN
                    (SELECT id FROM exam WHERE plan_id = $1 AND kind = 'official')))`,
        [planId],
      )
      .then(async (rows) =>
        rows.length
          ? this.tx
              .repository(ExamEntity)
              .createQueryBuilder('e')
              .where('e.id IN (:...ids)', { ids: rows.map((r) => r.id) })
              .getMany()
          : [],
      );
  }

  attempts(examIds: string[], staffIds: string[]): Promise<AttemptRow[]> {
    if (!examIds.length || !staffIds.length) return Promise.resolve([]);
    return this.tx
      .repository(ExamAttemptEntity)
      .createQueryBuilder('a')
      .where('a.exam_id IN (:...examIds) AND a.staff_id = ANY(:staffIds)', { examIds, staffIds })
      .orderBy('a.attempt_no')
      .getMany();
  }

  /** Sessions of the subtree that started in the period up to `now`, with attendance. */
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
        WHERE u.path LIKE $1 AND s.status = 'scheduled' AND s.starts_at <= $4
          AND (s.starts_at AT TIME ZONE $5)::date BETWEEN $2::date AND $3::date
        ORDER BY s.starts_at`,
      [`${likeEscape(scope.unitPath)}%`, scope.periodStart, scope.asOf, now, timeZone],
    );
  }

  /** Laws the people have credited study records on in the period, most people first. */
  lawsStudied(staffIds: string[], scope: PeriodScope) {
    return this.tx.manager.query<{ lawId: string; title: string; people: number }[]>(
      `SELECT l.id AS "lawId", l.title, count(DISTINCT r.staff_id)::int AS people
         FROM study_record r
         JOIN study_record_law rl ON rl.record_id = r.id
         JOIN law l ON l.id = rl.law_id
        WHERE r.staff_id = ANY($1::uuid[]) AND r.status = 'credited'
          AND r.occurred_on BETWEEN $2::date AND $3::date
        GROUP BY l.id, l.title
        ORDER BY people DESC, l.title`,
      [staffIds, scope.periodStart, scope.asOf],
    );
  }

  /** Credited records of a kind among the people in the period: how many, by how many people. */
  async recordCount(staffIds: string[], kind: string, scope: PeriodScope) {
    const [row] = await this.tx.manager.query<{ records: number; people: number }[]>(
      `SELECT count(*)::int AS records, count(DISTINCT staff_id)::int AS people FROM study_record
        WHERE staff_id = ANY($1::uuid[]) AND kind = $2 AND status = 'credited'
          AND occurred_on BETWEEN $3::date AND $4::date`,
      [staffIds, kind, scope.periodStart, scope.asOf],
    );
    return row;
  }

  children(unitId: string) {
    return this.tx.manager.query<{ id: string; name: string; path: string }[]>(
      'SELECT id, name, path FROM org_unit WHERE parent_id = $1 ORDER BY code, name',
      [unitId],
    );
  }

  // ---- exemptions ----

  exemptions(planId: string, includeRevoked: boolean) {
    return this.tx.repository(PlanExemptionEntity).find({
      where: includeRevoked ? { planId } : { planId, revokedAt: IsNull() },
      order: { recordedAt: 'ASC' },
    });
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
