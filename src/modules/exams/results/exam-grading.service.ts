import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth';
import { Clock } from '../../../common/clock/clock';
import { TransactionHost } from '../../../database/transaction-host';
import { contentProblems } from '../../question-bank';
import { AttemptFinalizer } from '../taking/attempt-finalizer.service';
import { AttemptRepository } from '../attempt.repository';
import type {
  GradingItemDto,
  GradingQueueQueryDto,
  KeyCorrectionDto,
  KeyCorrectionResponseDto,
  ManualGradeDto,
  ManualGradeResponseDto,
} from '../dto/results.dto';
import { ExamKeyCorrectionEntity } from '../entities/exam-paper.entity';
import { ExamAuthoringService } from '../authoring/exam-authoring.service';
import { ExamResultsRepository } from './exam-results.repository';
import { ExamErrors } from '../exams.errors';
import { KeyCorrections } from './key-corrections.service';
import { RevisionCache } from '../revision-cache.service';

/** A stable label that does not identify the examinee: blind grading by default. */
export function anonymousLabel(attemptId: string): string {
  return `考生 ${createHash('sha256').update(attemptId).digest('hex').slice(0, 6).toUpperCase()}`;
}

/**
 * People's part of grading: the short-answer queue, manual grades, and corrected answer keys
 * that regrade every finished attempt with the question. Totals and pass / fail are always
 * recomputed by the finalizer's grading, under a lock on the attempt row.
 */
@Injectable()
export class ExamGradingService {
  constructor(
    private readonly authoring: ExamAuthoringService,
    private readonly repo: ExamResultsRepository,
    private readonly attempts: AttemptRepository,
    private readonly finalizer: AttemptFinalizer,
    private readonly revisions: RevisionCache,
    private readonly keys: KeyCorrections,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async queue(
    principal: Principal,
    examId: string,
    query: GradingQueueQueryDto,
  ): Promise<GradingItemDto[]> {
    const exam = await this.authoring.requireManaged(principal, examId);
    const rows = await this.repo.manualItems(exam.id, query.state ?? 'pending');
    const revisions = await this.revisions.get(rows.map((r) => r.revisionId));
    return rows.map((r) => {
      const rev = revisions.get(r.revisionId);
      return {
        attemptId: r.attemptId,
        position: r.position,
        examinee: query.showNames ? r.name : anonymousLabel(r.attemptId),
        questionId: r.questionId,
        stem: rev?.stem ?? '',
        referenceAnswer: typeof rev?.answer === 'string' ? rev.answer : '',
        keywords: rev?.keywords ?? [],
        points: r.points,
        response: (r.response ?? []).join('\n'),
        score: r.score,
        feedback: r.feedback,
        gradedAt: r.gradedAt ? r.gradedAt.toISOString() : null,
      };
    });
  }

  /** Grades (or regrades) one short answer of a finished attempt; audited. */
  async grade(
    principal: Principal,
    examId: string,
    attemptId: string,
    position: number,
    dto: ManualGradeDto,
  ): Promise<ManualGradeResponseDto> {
    const exam = await this.authoring.requireManaged(principal, examId);
    return this.tx.run(async () => {
      const attempt = await this.repo.lockAttempt(attemptId);
      if (!attempt || attempt.examId !== exam.id) throw ExamErrors.ATTEMPT_NOT_FOUND();
      if (attempt.status !== 'finished') throw ExamErrors.ATTEMPT_NOT_FINISHED();
      const item = (await this.attempts.paper(attempt.id)).find((p) => p.position === position);
      if (!item) throw ExamErrors.POSITION_INVALID({ position });
      if (item.type !== 'short_answer') throw ExamErrors.GRADE_NOT_MANUAL({ position });
      if (dto.score > item.points) throw ExamErrors.SCORE_OUT_OF_RANGE({ points: item.points });
      await this.repo.writeManualGrade(attempt.id, position, {
        score: dto.score,
        feedback: dto.feedback ?? null,
        gradedBy: principal.staffId,
        gradedAt: this.clock.now(),
      });
      await this.finalizer.grade(attempt, exam);
      const after = await this.repo.lockAttempt(attempt.id);
      await this.authoring.audited(exam, 'exam.grade', {
        attemptId: attempt.id,
        staffId: attempt.staffId,
        position,
        score: dto.score,
        previousScore: item.score,
      });
      return {
        attemptId: attempt.id,
        position,
        score: dto.score,
        attemptScore: after?.score ?? 0,
        passed: after?.passed ?? null,
        gradingPending: after?.gradingPending ?? false,
      };
    });
  }

  /**
   * Corrects the answer key of one question for this exam and regrades every finished attempt
   * whose paper has it, in one transaction; attempts still open are graded with it when they
   * finish. The previous key, the reason and the effect are audited.
   */
  async correctKey(
    principal: Principal,
    examId: string,
    dto: KeyCorrectionDto,
  ): Promise<KeyCorrectionResponseDto> {
    const exam = await this.authoring.requireManaged(principal, examId);
    if (exam.status === 'draft') throw ExamErrors.KEY_CORRECTION_DRAFT();
    const revisionId = await this.repo.paperRevision(exam.id, dto.questionId);
    const revision = revisionId ? (await this.revisions.get([revisionId])).get(revisionId) : null;
    if (!revision) throw ExamErrors.QUESTION_NOT_IN_EXAM();
    if (revision.type === 'short_answer') throw ExamErrors.KEY_NOT_GRADABLE();
    const problems = contentProblems({
      type: revision.type,
      stem: revision.stem,
      options: revision.options,
      answer: dto.answer,
      keywords: revision.keywords,
      synonyms: revision.synonyms,
      orderFree: revision.orderFree,
      explanation: revision.explanation,
      difficulty: revision.difficulty,
      tags: revision.tags,
      evidence: revision.evidence,
    }).filter((p) => p.field === 'answer');
    if (problems.length) {
      throw ExamErrors.KEY_INVALID({ reason: problems.map((p) => p.message).join('；') }, problems);
    }
    return this.tx.run(async () => {
      const previous = (await this.keys.forExam(exam.id)).get(dto.questionId) ?? revision.answer;
      const row = new ExamKeyCorrectionEntity();
      row.examId = exam.id;
      row.questionId = dto.questionId;
      row.answer = dto.answer;
      row.reason = dto.reason;
      row.correctedBy = principal.staffId;
      row.correctedAt = this.clock.now();
      await this.repo.saveKeyCorrection(row);
      let scoreChanged = 0;
      let passChanged = 0;
      const ids = await this.repo.lockAttemptsWith(exam.id, dto.questionId);
      for (const id of ids) {
        const before = await this.attempts.findById(id);
        if (!before) continue;
        await this.finalizer.grade(before, exam);
        const after = await this.attempts.findById(id);
        if (after?.score !== before.score) scoreChanged += 1;
        if (after?.passed !== before.passed) passChanged += 1;
      }
      const result = {
        questionId: dto.questionId,
        regraded: ids.length,
        scoreChanged,
        passChanged,
      };
      await this.authoring.audited(exam, 'exam.key_correct', {
        ...result,
        previousAnswer: previous,
        answer: dto.answer,
        reason: dto.reason,
      });
      return result;
    });
  }
}
