import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host';
import {
  AttemptAnswerEntity,
  AttemptEventEntity,
  AttemptQuestionEntity,
  ExamAttemptEntity,
} from './entities/exam-attempt.entity';
import type { FinalisedBy } from './entities/exam-attempt.entity';

export type SaveOutcome =
  | { kind: 'applied' | 'stale'; seq: number; savedAt: Date }
  | { kind: 'not_found' | 'closed' | 'no_question' };

export interface AttemptPaperRow {
  position: number;
  questionId: string;
  revisionId: string;
  type: AttemptQuestionEntity['type'];
  points: number;
  optionOrder: number[];
  response: string[] | null;
  seq: number | null;
  score: number | null;
}

@Injectable()
export class AttemptRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get attempts() {
    return this.tx.repository(ExamAttemptEntity);
  }

  findById(id: string): Promise<ExamAttemptEntity | null> {
    return this.attempts.findOneBy({ id });
  }

  findOpen(examId: string, staffId: string): Promise<ExamAttemptEntity | null> {
    return this.attempts.findOneBy({ examId, staffId, status: 'in_progress' });
  }

  forStaff(examId: string, staffId: string): Promise<ExamAttemptEntity[]> {
    return this.attempts.find({ where: { examId, staffId }, order: { attemptNo: 'ASC' } });
  }

  async forStaffInExams(staffId: string, examIds: string[]): Promise<ExamAttemptEntity[]> {
    if (!examIds.length) return [];
    return this.attempts
      .createQueryBuilder('a')
      .where('a.staff_id = :staffId AND a.exam_id IN (:...examIds)', { staffId, examIds })
      .orderBy('a.attempt_no', 'ASC')
      .getMany();
  }

  async insert(attempt: ExamAttemptEntity, questions: AttemptQuestionEntity[]): Promise<void> {
    await this.attempts.insert(attempt);
    for (let i = 0; i < questions.length; i += 500) {
      await this.tx.repository(AttemptQuestionEntity).insert(questions.slice(i, i + 500));
    }
  }

  /**
   * The hot path, one statement: stores the answer if the attempt is the caller's, still open and
   * inside deadline + grace, and the position exists, unless a save with a higher sequence number
   * is already stored. Returns the stored sequence (0 rows: refused, or stale).
   */
  async saveAnswer(
    attemptId: string,
    staffId: string,
    position: number,
    response: string[],
    seq: number,
    now: Date,
    graceSeconds: number,
  ): Promise<{ seq: number; savedAt: Date } | null> {
    const rows = await this.tx.manager.query<{ seq: string; saved_at: Date }[]>(
      `INSERT INTO attempt_answer (attempt_id, position, response, seq, saved_at)
       SELECT q.attempt_id, q.position, $4::jsonb, $5, $6
         FROM exam_attempt a
         JOIN attempt_question q ON q.attempt_id = a.id AND q.position = $3
        WHERE a.id = $1 AND a.staff_id = $2 AND a.status = 'in_progress'
          AND $6::timestamptz <= a.deadline_at + make_interval(secs => $7)
       ON CONFLICT (attempt_id, position) DO UPDATE
          SET response = EXCLUDED.response, seq = EXCLUDED.seq, saved_at = EXCLUDED.saved_at
        WHERE attempt_answer.seq < EXCLUDED.seq
       RETURNING seq, saved_at`,
      [attemptId, staffId, position, JSON.stringify(response), seq, now, graceSeconds],
    );
    return rows[0] ? { seq: Number(rows[0].seq), savedAt: rows[0].saved_at } : null;
  }

  /** Why a save wrote nothing (only on that path, so the hot path stays one statement). */
  async explainRefusedSave(
    attemptId: string,
    staffId: string,
    position: number,
    seq: number,
    now: Date,
    graceSeconds: number,
  ): Promise<SaveOutcome> {
    const rows = await this.tx.manager.query<
      {
        status: string;
        open: boolean;
        has_question: boolean;
        seq: string | null;
        saved_at: Date | null;
      }[]
    >(
      `SELECT a.status,
              $4::timestamptz <= a.deadline_at + make_interval(secs => $5) AS open,
              EXISTS (SELECT 1 FROM attempt_question q WHERE q.attempt_id = a.id AND q.position = $3) AS has_question,
              s.seq, s.saved_at
         FROM exam_attempt a
         LEFT JOIN attempt_answer s ON s.attempt_id = a.id AND s.position = $3
        WHERE a.id = $1 AND a.staff_id = $2`,
      [attemptId, staffId, position, now, graceSeconds],
    );
    const r = rows[0];
    if (!r) return { kind: 'not_found' };
    if (!r.has_question) return { kind: 'no_question' };
    if (
      r.status === 'in_progress' &&
      r.open &&
      r.seq !== null &&
      r.saved_at &&
      Number(r.seq) >= seq
    ) {
      return { kind: 'stale', seq: Number(r.seq), savedAt: r.saved_at };
    }
    return { kind: 'closed' };
  }

  /**
   * Exactly one caller wins: the attempt moves from in_progress to finished only once. The
   * examinee may finish at any time; the timer, the sweeper and reads only once deadline + grace
   * has passed. Finished time = min(now, deadline).
   */
  async finish(
    attemptId: string,
    by: FinalisedBy,
    now: Date,
    graceSeconds: number,
  ): Promise<ExamAttemptEntity | null> {
    const rows = await this.tx.manager.query<[Record<string, unknown>[], number]>(
      `UPDATE exam_attempt
          SET status = 'finished', finished_at = LEAST($3::timestamptz, deadline_at), finalised_by = $2
        WHERE id = $1 AND status = 'in_progress'
          AND ($2 = 'examinee' OR deadline_at + make_interval(secs => $4) <= $3::timestamptz)
      RETURNING id`,
      [attemptId, by, now, graceSeconds],
    );
    return rows[0].length ? this.findById(attemptId) : null;
  }

  /** Open attempts whose deadline + grace has passed (the sweeper's work list). */
  async overdue(now: Date, graceSeconds: number, limit: number): Promise<string[]> {
    const rows = await this.tx.manager.query<{ id: string }[]>(
      `SELECT id FROM exam_attempt
        WHERE status = 'in_progress' AND deadline_at < $1::timestamptz - make_interval(secs => $2)
        ORDER BY deadline_at LIMIT $3`,
      [now, graceSeconds, limit],
    );
    return rows.map((r) => r.id);
  }

  async paper(attemptId: string): Promise<AttemptPaperRow[]> {
    return this.tx.manager.query<AttemptPaperRow[]>(
      `SELECT q.position, q.question_id AS "questionId", q.revision_id AS "revisionId", q.type,
              q.points::float8 AS points, q.option_order AS "optionOrder",
              s.response, s.seq::float8 AS seq, s.score::float8 AS score
         FROM attempt_question q
         LEFT JOIN attempt_answer s ON s.attempt_id = q.attempt_id AND s.position = q.position
        WHERE q.attempt_id = $1
        ORDER BY q.position`,
      [attemptId],
    );
  }

  /** Writes auto-grades (null for short answers) and the attempt's totals in two statements. */
  async writeGrades(
    attemptId: string,
    grades: { position: number; score: number | null }[],
    totals: { score: number | null; passed: boolean | null; gradingPending: boolean },
  ): Promise<void> {
    if (grades.length) {
      await this.tx.manager.query(
        `INSERT INTO attempt_answer (attempt_id, position, response, seq, saved_at, score)
         SELECT $1, g.position, '[]'::jsonb, 0, a.finished_at, g.score
           FROM unnest($2::int[], $3::numeric[]) AS g(position, score)
           JOIN exam_attempt a ON a.id = $1
         ON CONFLICT (attempt_id, position) DO UPDATE SET score = EXCLUDED.score`,
        [attemptId, grades.map((g) => g.position), grades.map((g) => g.score)],
      );
    }
    await this.attempts.update(
      { id: attemptId },
      { score: totals.score, passed: totals.passed, gradingPending: totals.gradingPending },
    );
  }

  async updateDeadline(attemptId: string, deadlineAt: Date): Promise<void> {
    await this.attempts.update({ id: attemptId, status: 'in_progress' }, { deadlineAt });
  }

  async recordEvent(event: AttemptEventEntity, focusLost: boolean): Promise<void> {
    await this.tx.repository(AttemptEventEntity).insert(event);
    if (focusLost) {
      await this.tx.manager.query(
        'UPDATE exam_attempt SET focus_loss_count = focus_loss_count + 1 WHERE id = $1',
        [event.attemptId],
      );
    }
  }

  answers(attemptId: string): Promise<AttemptAnswerEntity[]> {
    return this.tx.repository(AttemptAnswerEntity).find({ where: { attemptId } });
  }
}
