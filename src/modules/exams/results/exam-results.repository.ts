import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../database/transaction-host';
import { AttemptEventEntity, ExamAttemptEntity } from '../entities/exam-attempt.entity';
import { ExamKeyCorrectionEntity } from '../entities/exam-paper.entity';
import { ExamEntity } from '../entities/exam.entity';
import { displayTitleSql } from '../../curriculum';

export interface CandidateRow {
  staffId: string;
  staffNo: string;
  name: string;
  unitId: string;
  unitName: string;
  extraSeconds: number;
}

export interface GradedItemRow {
  attemptId: string;
  questionId: string;
  revisionId: string;
  points: number;
  score: number;
}

export interface ReferenceRow {
  revisionId: string;
  lawId: string;
  lawTitle: string;
  articleNumber: number;
}

export interface ManualGradingRow {
  attemptId: string;
  staffId: string;
  name: string;
  position: number;
  questionId: string;
  revisionId: string;
  points: number;
  response: string[] | null;
  score: number | null;
  feedback: string | null;
  gradedAt: Date | null;
  finishedAt: Date;
}

/** Reads for results, statistics and grading; writes for manual grades and key corrections. */
@Injectable()
export class ExamResultsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * The audience in the order the org tree is shown: units depth-first, siblings by their sort
   * order then name, and people by staff number within a unit.
   */
  async candidates(examId: string): Promise<CandidateRow[]> {
    const rows = await this.tx.manager.query<(CandidateRow & { unitPath: string })[]>(
      `SELECT s.id AS "staffId", s.staff_no AS "staffNo", s.name, u.id AS "unitId",
              u.name AS "unitName", u.path AS "unitPath", c.extra_seconds AS "extraSeconds"
         FROM exam_candidate c
         JOIN staff s ON s.id = c.staff_id
         JOIN org_unit u ON u.id = s.unit_id
        WHERE c.exam_id = $1`,
      [examId],
    );
    const ids = [...new Set(rows.flatMap((r) => r.unitPath.split('/').filter(Boolean)))];
    const units = ids.length
      ? await this.tx.manager.query<{ id: string; sortOrder: number; name: string }[]>(
          'SELECT id, sort_order AS "sortOrder", name FROM org_unit WHERE id = ANY($1::uuid[])',
          [ids],
        )
      : [];
    const keys = treeOrderKeys(
      [...new Set(rows.map((r) => r.unitPath))],
      new Map(units.map((u) => [u.id, u])),
    );
    return rows
      .sort(
        (a, b) =>
          (keys.get(a.unitPath) ?? 0) - (keys.get(b.unitPath) ?? 0) ||
          compareText(a.staffNo, b.staffNo),
      )
      .map(({ unitPath: _path, ...row }) => row);
  }

  /** Every attempt of the exams, oldest first per person. */
  attempts(examIds: string[]): Promise<ExamAttemptEntity[]> {
    if (!examIds.length) return Promise.resolve([]);
    return this.tx
      .repository(ExamAttemptEntity)
      .createQueryBuilder('a')
      .where('a.exam_id IN (:...examIds)', { examIds })
      .orderBy('a.staff_id')
      .addOrderBy('a.attempt_no')
      .getMany();
  }

  /** Make-ups of an official exam that have been published. */
  makeups(officialId: string): Promise<ExamEntity[]> {
    return this.tx
      .repository(ExamEntity)
      .createQueryBuilder('e')
      .where(`e.parent_exam_id = :officialId AND e.status <> 'draft'`, { officialId })
      .orderBy('e.opens_at')
      .getMany();
  }

  /** Per-question scores of the finished attempts that are fully graded. */
  gradedItems(examId: string): Promise<GradedItemRow[]> {
    return this.tx.manager.query<GradedItemRow[]>(
      `SELECT a.id AS "attemptId", q.question_id AS "questionId", q.revision_id AS "revisionId",
              q.points::float8 AS points, COALESCE(s.score, 0)::float8 AS score
         FROM exam_attempt a
         JOIN attempt_question q ON q.attempt_id = a.id
         LEFT JOIN attempt_answer s ON s.attempt_id = q.attempt_id AND s.position = q.position
        WHERE a.exam_id = $1 AND a.status = 'finished' AND NOT a.grading_pending`,
      [examId],
    );
  }

  references(revisionIds: string[]): Promise<ReferenceRow[]> {
    if (!revisionIds.length) return Promise.resolve([]);
    return this.tx.manager.query<ReferenceRow[]>(
      `SELECT r.revision_id AS "revisionId", r.law_id AS "lawId",
              ${displayTitleSql('l')} AS "lawTitle",
              r.article_number AS "articleNumber"
         FROM question_reference r JOIN law l ON l.id = r.law_id
        WHERE r.revision_id = ANY($1::uuid[])`,
      [revisionIds],
    );
  }

  /** Short answers of finished attempts: waiting for a grade, graded, or both. */
  manualItems(examId: string, which: 'pending' | 'graded' | 'all'): Promise<ManualGradingRow[]> {
    const filter =
      which === 'pending'
        ? 'AND s.score IS NULL'
        : which === 'graded'
          ? 'AND s.score IS NOT NULL'
          : '';
    return this.tx.manager.query<ManualGradingRow[]>(
      `SELECT a.id AS "attemptId", a.staff_id AS "staffId", st.name, q.position,
              q.question_id AS "questionId", q.revision_id AS "revisionId",
              q.points::float8 AS points, s.response, s.score::float8 AS score, s.feedback,
              s.graded_at AS "gradedAt", a.finished_at AS "finishedAt"
         FROM exam_attempt a
         JOIN staff st ON st.id = a.staff_id
         JOIN attempt_question q ON q.attempt_id = a.id AND q.type = 'short_answer'
         LEFT JOIN attempt_answer s ON s.attempt_id = q.attempt_id AND s.position = q.position
        WHERE a.exam_id = $1 AND a.status = 'finished' ${filter}
        ORDER BY q.question_id, a.finished_at, a.id`,
      [examId],
    );
  }

  events(attemptId: string): Promise<AttemptEventEntity[]> {
    return this.tx
      .repository(AttemptEventEntity)
      .find({ where: { attemptId }, order: { occurredAt: 'ASC' } });
  }

  staffOf(staffId: string): Promise<{ staffNo: string; name: string } | undefined> {
    return this.tx.manager
      .query<{ staffNo: string; name: string }[]>(
        'SELECT staff_no AS "staffNo", name FROM staff WHERE id = $1',
        [staffId],
      )
      .then((rows) => rows[0]);
  }

  /** Locks an attempt row for a regrade (manual grade, key correction). */
  async lockAttempt(attemptId: string): Promise<ExamAttemptEntity | null> {
    return this.tx
      .repository(ExamAttemptEntity)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = :attemptId', { attemptId })
      .getOne();
  }

  async writeManualGrade(
    attemptId: string,
    position: number,
    grade: { score: number; feedback: string | null; gradedBy: string; gradedAt: Date },
  ): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO attempt_answer (attempt_id, position, response, seq, saved_at, score, feedback, graded_by, graded_at)
       SELECT a.id, $2, '[]'::jsonb, 0, a.finished_at, $3, $4, $5, $6 FROM exam_attempt a WHERE a.id = $1
       ON CONFLICT (attempt_id, position) DO UPDATE
          SET score = EXCLUDED.score, feedback = EXCLUDED.feedback,
              graded_by = EXCLUDED.graded_by, graded_at = EXCLUDED.graded_at`,
      [attemptId, position, grade.score, grade.feedback, grade.gradedBy, grade.gradedAt],
    );
  }

  /**
   * Locks (in id order) every attempt of the exam whose paper has the question, and returns the
   * finished ones. A finalisation racing with a key correction either committed first (and is
   * returned here) or waits for the correction and grades with the corrected key.
   */
  async lockAttemptsWith(examId: string, questionId: string): Promise<string[]> {
    const rows = await this.tx.manager.query<{ id: string; status: string }[]>(
      `SELECT a.id, a.status FROM exam_attempt a
        WHERE a.exam_id = $1
          AND EXISTS (SELECT 1 FROM attempt_question q WHERE q.attempt_id = a.id AND q.question_id = $2)
        ORDER BY a.id
        FOR UPDATE`,
      [examId, questionId],
    );
    return rows.filter((r) => r.status === 'finished').map((r) => r.id);
  }

  /** The revision the exam's paper pinned for the question, if the question is on it. */
  async paperRevision(examId: string, questionId: string): Promise<string | null> {
    const rows = await this.tx.manager.query<{ revision_id: string }[]>(
      `SELECT revision_id FROM exam_fixed_question
        WHERE exam_id = $1 AND question_id = $2 AND revision_id IS NOT NULL
       UNION ALL
       SELECT revision_id FROM exam_pool_question WHERE exam_id = $1 AND question_id = $2
       LIMIT 1`,
      [examId, questionId],
    );
    return rows[0]?.revision_id ?? null;
  }

  keyCorrections(examId: string): Promise<ExamKeyCorrectionEntity[]> {
    return this.tx.repository(ExamKeyCorrectionEntity).findBy({ examId });
  }

  async saveKeyCorrection(row: ExamKeyCorrectionEntity): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO exam_key_correction (exam_id, question_id, answer, reason, corrected_by, corrected_at)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6)
       ON CONFLICT (exam_id, question_id) DO UPDATE
          SET answer = EXCLUDED.answer, reason = EXCLUDED.reason,
              corrected_by = EXCLUDED.corrected_by, corrected_at = EXCLUDED.corrected_at`,
      [
        row.examId,
        row.questionId,
        JSON.stringify(row.answer),
        row.reason,
        row.correctedBy,
        row.correctedAt,
      ],
    );
  }
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The rank of each unit path in a depth-first walk of the org tree, siblings by sort order, then
 * name, then id (as the tree is shown). Paths are "/<root>/…/<self>/" of unit ids.
 */
export function treeOrderKeys(
  paths: string[],
  units: Map<string, { sortOrder: number; name: string }>,
): Map<string, number> {
  const segment = (id: string) => units.get(id) ?? { sortOrder: 0, name: '' };
  const compare = (a: string, b: string): number => {
    const x = a.split('/').filter(Boolean);
    const y = b.split('/').filter(Boolean);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] === y[i]) continue;
      const p = segment(x[i]);
      const q = segment(y[i]);
      return p.sortOrder - q.sortOrder || compareText(p.name, q.name) || compareText(x[i], y[i]);
    }
    return x.length - y.length; // a unit before its subunits
  };
  return new Map([...paths].sort(compare).map((p, i) => [p, i]));
}
