import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config';
import { TransactionHost } from '../../database/transaction-host';
import { AttemptRepository } from './attempt.repository';
import type { ExamAttemptEntity, FinalisedBy } from './entities/exam-attempt.entity';
import type { ExamEntity } from './entities/exam.entity';
import { ExamRepository } from './exam.repository';
import { gradeResponse, percentage } from './grading/grading';
import { KeyCorrections } from './key-corrections';
import { RevisionCache } from './revision-cache';

const SWEEP_BATCH = 200;

/**
 * Finishing an attempt happens exactly once, whoever asks (the examinee, the timer job, the
 * sweeper, a read after the deadline): the state change is one conditional UPDATE, and only its
 * winner grades, in the same transaction.
 */
@Injectable()
export class AttemptFinalizer {
  private readonly logger = new Logger(AttemptFinalizer.name);

  constructor(
    private readonly attempts: AttemptRepository,
    private readonly exams: ExamRepository,
    private readonly revisions: RevisionCache,
    private readonly keys: KeyCorrections,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** True when this call finished the attempt. */
  async finish(attemptId: string, by: FinalisedBy): Promise<boolean> {
    return this.tx.run(async () => {
      const attempt = await this.attempts.finish(
        attemptId,
        by,
        this.clock.now(),
        this.config.exams.saveGraceSeconds,
      );
      if (!attempt) return false;
      const exam = await this.exams.findById(attempt.examId);
      if (exam) await this.grade(attempt, exam);
      return true;
    });
  }

  /** Finishes every overdue open attempt; returns how many this call finished. */
  async sweep(): Promise<number> {
    let finished = 0;
    for (;;) {
      const due = await this.attempts.overdue(
        this.clock.now(),
        this.config.exams.saveGraceSeconds,
        SWEEP_BATCH,
      );
      for (const id of due) if (await this.finish(id, 'sweeper')) finished += 1;
      if (due.length < SWEEP_BATCH) break;
    }
    if (finished) this.logger.log(`sweeper finished ${finished} overdue attempt(s)`);
    return finished;
  }

  /** Auto-grades every question (short answers wait for a person) and totals the attempt. */
  async grade(attempt: ExamAttemptEntity, exam: ExamEntity): Promise<void> {
    const paper = await this.attempts.paper(attempt.id);
    const revisions = await this.revisions.get(paper.map((p) => p.revisionId));
    const corrected = await this.keys.forExam(exam.id);
    const grades = paper.map((p) => {
      const r = revisions.get(p.revisionId);
      if (p.type === 'short_answer' && p.score !== null)
        return { position: p.position, score: p.score };
      const answer = corrected.get(p.questionId) ?? r?.answer;
      const g = r
        ? gradeResponse(
            { type: p.type, answer, optionOrder: p.optionOrder, points: p.points },
            p.response,
            exam.multipleChoiceScoring,
          )
        : { score: 0 };
      return { position: p.position, score: g.score };
    });
    const pending = grades.some((g) => g.score === null);
    const score = grades.reduce((n, g) => n + (g.score ?? 0), 0);
    const rounded = Math.round(score * 100) / 100;
    await this.attempts.writeGrades(attempt.id, grades, {
      score: rounded,
      passed: pending ? null : percentage(rounded, attempt.maxScore) >= exam.passMark,
      gradingPending: pending,
    });
  }
}
