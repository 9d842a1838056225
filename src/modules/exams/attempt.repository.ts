import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
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

/**
 * The answer save ($1 attempt, $2 staff, $3 position, $4 response JSON, $5 seq, $6 now,
 * $7 grace seconds); exported for bench/answer-save, which runs it outside the framework.
 */
export const SAVE_ANSWER_SQL = `INSERT INTO attempt_answer (attempt_id, position, response, seq, saved_at)
       SELECT q.attempt_id, q.position, $4::jsonb, $5, $6
         FROM exam_attempt a
         JOIN attempt_question q ON q.attempt_id = a.id AND q.position = $3
        WHERE a.id = $1 AND a.staff_id = $2 AND a.status = 'in_progress'
          AND $6::timestamptz <= a.deadline_at + make_interval(secs => $7)
          FOR SHARE OF a
       ON CONFLICT (attempt_id, position) DO UPDATE
          SET response = EXCLUDED.response, seq = EXCLUDED.seq, saved_at = EXCLUDED.saved_at
        WHERE attempt_answer.seq < EXCLUDED.seq
       RETURNING seq, saved_at`;

export interface AttemptPaperRow {
  attemptId: string;
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

/** What grading writes for one attempt: a score per question and the totals. */
export interface AttemptGrades {
  attemptId: string;
  grades: { position: number; score: number | null }[];
  totals: { score: number | null; passed: boolean | null; gradingPending: boolean };
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

  /** People answering the exam right now (open attempts). */
  countOpen(examId: string): Promise<number> {
    return this.attempts.countBy({ examId, status: 'in_progress' });
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
   *
   * FOR SHARE on the attempt row orders a save against a finish (which updates that row): a
   * save that got in first is committed before the finisher reads the answers it grades; a
   * save that comes second waits, sees the attempt finished and is refused. So an
   * acknowledged answer is always in the grade.
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
    const rows = await this.tx.prepared<{ seq: string; saved_at: Date }>(
      'exams_save_answer',
      SAVE_ANSWER_SQL,
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
   * has passed. Finished time = min(now, deadline). Given several ids, one statement finishes
   * those it can and returns them (the others were finished already, or are not due).
   */
  async finish(
    attemptId: string,
    by: FinalisedBy,
    now: Date,
    graceSeconds: number,
  ): Promise<ExamAttemptEntity | null>;
  async finish(
    attemptIds: string[],
    by: FinalisedBy,
    now: Date,
    graceSeconds: number,
  ): Promise<ExamAttemptEntity[]>;
  async finish(
    ids: string | string[],
    by: FinalisedBy,
    now: Date,
    graceSeconds: number,
  ): Promise<ExamAttemptEntity | null | ExamAttemptEntity[]> {
    // the winner also leaves a 'finished' event: who finished it and when, one per attempt
    const rows = await this.tx.manager.query<{ id: string }[]>(
      `WITH done AS (
         UPDATE exam_attempt
            SET status = 'finished', finished_at = LEAST($3::timestamptz, deadline_at), finalised_by = $2
          WHERE id = ANY($1::uuid[]) AND status = 'in_progress'
            AND ($2 = 'examinee' OR deadline_at + make_interval(secs => $4) <= $3::timestamptz)
         RETURNING id
       ), logged AS (
         INSERT INTO attempt_event (attempt_id, kind, occurred_at, details)
         SELECT id, 'finished', $3::timestamptz, jsonb_build_object('by', $2::text) FROM done
       )
       SELECT id FROM done`,
      [typeof ids === 'string' ? [ids] : ids, by, now, graceSeconds],
    );
    const won = rows.map((r) => r.id);
    const finished = won.length ? await this.attempts.findBy({ id: In(won) }) : [];
    return typeof ids === 'string' ? (finished[0] ?? null) : finished;
  }

  /**
   * Open attempts whose deadline + grace has passed (the sweeper's work list), locked for the
   * caller's transaction; rows another sweeper holds are skipped, so sweepers share the work.
   */
  async overdue(now: Date, graceSeconds: number, limit: number): Promise<string[]> {
    const rows = await this.tx.manager.query<{ id: string }[]>(
      `SELECT id FROM exam_attempt
        WHERE status = 'in_progress' AND deadline_at + make_interval(secs => $2) <= $1::timestamptz
        ORDER BY deadline_at LIMIT $3
        FOR UPDATE SKIP LOCKED`,
      [now, graceSeconds, limit],
    );
    return rows.map((r) => r.id);
  }

  /** The stored paper with the saved answers, of one attempt or of several (by attempt, position). */
  async paper(attemptId: string | string[]): Promise<AttemptPaperRow[]> {
    return this.tx.manager.query<AttemptPaperRow[]>(
      `SELECT q.attempt_id AS "attemptId", q.position, q.question_id AS "questionId", q.revision_id AS "revisionId", q.type,
              q.points::float8 AS points, q.option_order AS "optionOrder",
              s.response, s.seq::float8 AS seq, s.score::float8 AS score
         FROM attempt_question q
         LEFT JOIN attempt_answer s ON s.attempt_id = q.attempt_id AND s.position = q.position
        WHERE q.attempt_id = ANY($1::uuid[])
        ORDER BY q.attempt_id, q.position`,
      [typeof attemptId === 'string' ? [attemptId] : attemptId],
    );
  }

  /**
   * Writes auto-grades (null for short answers) and the attempt's totals in one statement; given
   * a list, those of every attempt in it.
   */
  async writeGrades(
    attemptId: string,
    grades: AttemptGrades['grades'],
    totals: AttemptGrades['totals'],
  ): Promise<void>;
  async writeGrades(attempts: AttemptGrades[]): Promise<void>;
  async writeGrades(
    first: string | AttemptGrades[],
    grades?: AttemptGrades['grades'],
    totals?: AttemptGrades['totals'],
  ): Promise<void> {
    const list =
      typeof first === 'string'
        ? [{ attemptId: first, grades: grades ?? [], totals: totals as AttemptGrades['totals'] }]
        : first;
    if (!list.length) return;
    const answers = list.flatMap((a) => a.grades.map((g) => ({ attemptId: a.attemptId, ...g })));
    await this.tx.manager.query(
      `WITH graded AS (
         INSERT INTO attempt_answer (attempt_id, position, response, seq, saved_at, score)
         SELECT g.attempt_id, g.position, '[]'::jsonb, 0, a.finished_at, g.score
           FROM unnest($1::uuid[], $2::int[], $3::numeric[]) AS g(attempt_id, position, score)
           JOIN exam_attempt a ON a.id = g.attempt_id
         ON CONFLICT (attempt_id, position) DO UPDATE SET score = EXCLUDED.score
       )
       UPDATE exam_attempt a
          SET score = t.score, passed = t.passed, grading_pending = t.pending
         FROM unnest($4::uuid[], $5::numeric[], $6::boolean[], $7::boolean[])
              AS t(id, score, passed, pending)
        WHERE a.id = t.id`,
      [
        answers.map((g) => g.attemptId),
        answers.map((g) => g.position),
        answers.map((g) => g.score),
        list.map((a) => a.attemptId),
        list.map((a) => a.totals.score),
        list.map((a) => a.totals.passed),
        list.map((a) => a.totals.gradingPending),
      ],
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
