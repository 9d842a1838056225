import { Injectable } from '@nestjs/common';
import { subtreePatterns } from '../../database/sql';
import { TransactionHost } from '../../database/transaction-host';
import {
  ExamBlueprintRuleEntity,
  ExamCandidateEntity,
  ExamFixedQuestionEntity,
  ExamPoolQuestionEntity,
} from './entities/exam-paper.entity';
import { ExamEntity } from './entities/exam.entity';
import type { ExamStatus } from './entities/exam.entity';
import type { PaperSource } from './authoring/paper-builder';
import { onRosterOnSql } from '../staff';

export interface ExamFilter {
  scopePaths: string[];
  status?: ExamStatus;
  planId?: string;
  offset: number;
  limit: number;
}

/** An exam the staff member may sit, with their attempts summarised. */
export interface CandidateExamRow {
  exam: ExamEntity;
  extraSeconds: number;
}

@Injectable()
export class ExamRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get exams() {
    return this.tx.repository(ExamEntity);
  }

  findById(id: string): Promise<ExamEntity | null> {
    return this.exams.findOneBy({ id });
  }

  /** Locks the exam row (publishing, closing, extending are serialised per exam). */
  async lock(id: string): Promise<ExamEntity | null> {
    return this.exams
      .createQueryBuilder('e')
      .setLock('pessimistic_write')
      .where('e.id = :id', { id })
      .getOne();
  }

  /** Reads the exam under a share lock: waits for a status change in progress (closing early). */
  async readShared(id: string): Promise<ExamEntity | null> {
    return this.exams
      .createQueryBuilder('e')
      .setLock('pessimistic_read')
      .where('e.id = :id', { id })
      .getOne();
  }

  async insert(exam: ExamEntity): Promise<void> {
    await this.exams.insert(exam);
  }

  async update(id: string, patch: Partial<ExamEntity>): Promise<void> {
    await this.exams.update({ id }, patch);
  }

  async search(filter: ExamFilter): Promise<[ExamEntity[], number]> {
    if (!filter.scopePaths.length) return [[], 0];
    const qb = this.exams
      .createQueryBuilder('e')
      .innerJoin('org_unit', 'u', 'u.id = e.unit_id')
      .where('u.path LIKE ANY(:scope)', { scope: subtreePatterns(filter.scopePaths) });
    if (filter.status) qb.andWhere('e.status = :status', { status: filter.status });
    if (filter.planId) qb.andWhere('e.plan_id = :planId', { planId: filter.planId });
    return qb
      .orderBy('e.opens_at', 'DESC')
      .offset(filter.offset)
      .limit(filter.limit)
      .getManyAndCount();
  }

  fixedQuestions(examId: string): Promise<ExamFixedQuestionEntity[]> {
    return this.tx
      .repository(ExamFixedQuestionEntity)
      .find({ where: { examId }, order: { position: 'ASC' } });
  }

  rules(examId: string): Promise<ExamBlueprintRuleEntity[]> {
    return this.tx
      .repository(ExamBlueprintRuleEntity)
      .find({ where: { examId }, order: { position: 'ASC' } });
  }

  async replacePaper(
    examId: string,
    fixed: ExamFixedQuestionEntity[],
    rules: ExamBlueprintRuleEntity[],
  ): Promise<void> {
    await this.tx.repository(ExamFixedQuestionEntity).delete({ examId });
    await this.tx.repository(ExamBlueprintRuleEntity).delete({ examId });
    if (fixed.length) await this.tx.repository(ExamFixedQuestionEntity).insert(fixed);
    if (rules.length) await this.tx.repository(ExamBlueprintRuleEntity).insert(rules);
  }

  async pinFixedRevision(examId: string, position: number, revisionId: string): Promise<void> {
    await this.tx.repository(ExamFixedQuestionEntity).update({ examId, position }, { revisionId });
  }

  async insertPool(rows: ExamPoolQuestionEntity[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) {
      await this.tx.repository(ExamPoolQuestionEntity).insert(rows.slice(i, i + 1000));
    }
  }

  /** The frozen pools with what paper building needs, per rule position. */
  async pools(examId: string): Promise<Map<number, PaperSource[]>> {
    const rows = await this.tx.manager.query<(PaperSource & { rulePosition: number })[]>(
      `SELECT p.rule_position AS "rulePosition", p.question_id AS "questionId",
              p.revision_id AS "revisionId", v.type, jsonb_array_length(v.options) AS "optionCount"
         FROM exam_pool_question p JOIN question_revision v ON v.id = p.revision_id
        WHERE p.exam_id = $1`,
      [examId],
    );
    const out = new Map<number, PaperSource[]>();
    for (const r of rows) {
      const list = out.get(r.rulePosition) ?? [];
      list.push({
        questionId: r.questionId,
        revisionId: r.revisionId,
        type: r.type,
        optionCount: r.optionCount,
      });
      out.set(r.rulePosition, list);
    }
    return out;
  }

  async poolSizes(examId: string): Promise<Map<number, number>> {
    const rows = await this.tx.manager.query<{ position: number; n: number }[]>(
      `SELECT rule_position AS position, count(*)::int AS n FROM exam_pool_question
        WHERE exam_id = $1 GROUP BY rule_position`,
      [examId],
    );
    return new Map(rows.map((r) => [r.position, r.n]));
  }

  /**
   * Fixes the audience: enabled, employed staff of the units' subtrees, and the named staff.
   * Returns how many may sit the exam.
   */
  async insertCandidates(
    examId: string,
    unitPaths: string[],
    staffIds: string[],
    today: string,
  ): Promise<number> {
    await this.tx.manager.query(
      `INSERT INTO exam_candidate (exam_id, staff_id)
       SELECT $1, s.id FROM staff s JOIN org_unit u ON u.id = s.unit_id
        WHERE ${onRosterOnSql('s', '$4')}
          AND (u.path LIKE ANY($2::text[]) OR s.id = ANY($3::uuid[]))
       ON CONFLICT DO NOTHING`,
      [examId, subtreePatterns(unitPaths), staffIds, today],
    );
    return this.candidateCount(examId);
  }

  candidateCount(examId: string): Promise<number> {
    return this.tx.repository(ExamCandidateEntity).countBy({ examId });
  }

  findCandidate(examId: string, staffId: string): Promise<ExamCandidateEntity | null> {
    return this.tx.repository(ExamCandidateEntity).findOneBy({ examId, staffId });
  }

  async addExtraSeconds(examId: string, staffId: string, seconds: number): Promise<number> {
    const rows = await this.tx.manager.query<[{ extra_seconds: number }[], number]>(
      `UPDATE exam_candidate SET extra_seconds = extra_seconds + $3
        WHERE exam_id = $1 AND staff_id = $2 RETURNING extra_seconds`,
      [examId, staffId, seconds],
    );
    return rows[0][0]?.extra_seconds ?? 0;
  }

  /** Published or closed exams the staff member is a candidate of. */
  async candidateExams(staffId: string): Promise<CandidateExamRow[]> {
    const candidacies = await this.tx
      .repository(ExamCandidateEntity)
      .find({ where: { staffId }, select: { examId: true, extraSeconds: true } });
    if (!candidacies.length) return [];
    const extra = new Map(candidacies.map((c) => [c.examId, c.extraSeconds]));
    const exams = await this.exams
      .createQueryBuilder('e')
      .where('e.id IN (:...ids)', { ids: [...extra.keys()] })
      .andWhere(`e.status IN ('published', 'closed')`)
      .orderBy('e.opens_at', 'DESC')
      .getMany();
    return exams.map((exam) => ({ exam, extraSeconds: extra.get(exam.id) ?? 0 }));
  }

  /**
   * What practice must keep from one person at `now`: whether they have an attempt in progress
   * (any exam; one past its deadline and grace no longer counts), and the questions of the
   * published official exams and make-ups whose window is open and of which they are a
   * candidate (the fixed paper, the frozen blueprint pool and any paper they drew). One
   * statement, driven by the person's candidacies and attempts (both indexed by staff).
   */
  async disclosureGuard(
    staffId: string,
    now: Date,
    graceSeconds: number,
  ): Promise<{ examInProgress: boolean; withheldQuestionIds: string[] }> {
    const [row] = await this.tx.manager.query<
      { examInProgress: boolean; withheldQuestionIds: string[] }[]
    >(
      `WITH open_exam AS (
         SELECT e.id FROM exam_candidate c JOIN exam e ON e.id = c.exam_id
          WHERE c.staff_id = $1 AND e.status = 'published' AND e.kind IN ('official', 'makeup')
            AND e.opens_at <= $2 AND e.closes_at > $2)
       SELECT EXISTS (SELECT 1 FROM exam_attempt a
                       WHERE a.staff_id = $1 AND a.status = 'in_progress'
                         AND a.deadline_at + make_interval(secs => $3) > $2) AS "examInProgress",
              ARRAY(SELECT f.question_id FROM exam_fixed_question f
                     WHERE f.exam_id IN (SELECT id FROM open_exam)
                    UNION
                    SELECT p.question_id FROM exam_pool_question p
                     WHERE p.exam_id IN (SELECT id FROM open_exam)
                    UNION
                    SELECT q.question_id FROM exam_attempt a
                      JOIN attempt_question q ON q.attempt_id = a.id
                     WHERE a.staff_id = $1 AND a.exam_id IN (SELECT id FROM open_exam))
                AS "withheldQuestionIds"`,
      [staffId, now, graceSeconds],
    );
    return row;
  }

  /** Whether the person has an attempt in progress (its deadline + grace not passed). */
  async hasAttemptInProgress(staffId: string, now: Date, graceSeconds: number): Promise<boolean> {
    const [row] = await this.tx.manager.query<{ busy: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM exam_attempt a
                       WHERE a.staff_id = $1 AND a.status = 'in_progress'
                         AND a.deadline_at + make_interval(secs => $3) > $2) AS busy`,
      [staffId, now, graceSeconds],
    );
    return row.busy;
  }
}
