import { Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import type { ExamAttemptEntity } from '../entities/exam-attempt.entity';
import type { ExamEntity } from '../entities/exam.entity';
import { ExamRepository } from '../exam.repository';

/** What practice and make-up quizzes must keep from a person right now (see disclosureGuard). */
export interface DisclosureGuard {
  /** The person has an attempt in progress: no practice key, explanation or question at all. */
  examInProgress: boolean;
  /** Questions of an open official exam or make-up of theirs: never served, no key shown. */
  withheld: ReadonlySet<string>;
}

/**
 * What the exams module lets other modules show a person about exam questions and results:
 * the questions practice must not serve or answer while an exam of theirs is running, and
 * when an attempt's result becomes visible under the exam's review policy (the rule the
 * attempt view applies, shared so that no other view shows a result earlier).
 */
@Injectable()
export class ExamDisclosureService {
  constructor(
    private readonly exams: ExamRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** One query; practice calls it on every request that could show a question or key. */
  async guardFor(staffId: string): Promise<DisclosureGuard> {
    const row = await this.exams.disclosureGuard(
      staffId,
      this.clock.now(),
      this.config.exams.saveGraceSeconds,
    );
    return { examInProgress: row.examInProgress, withheld: new Set(row.withheldQuestionIds) };
  }

  /**
   * Whether questions and keys must be kept from the person on every route marked
   * `@RevealsAnswerKeys()`: they are sitting an exam right now.
   */
  keysWithheldFrom(staffId: string): Promise<boolean> {
    return this.exams.hasAttemptInProgress(
      staffId,
      this.clock.now(),
      this.config.exams.saveGraceSeconds,
    );
  }

  /**
   * When the examinee may see the attempt's score (and, with `with_answers`, its keys):
   * `after_close` at the exam's close, `after_submit` once it is finished.
   */
  resultVisibleFrom(
    exam: Pick<ExamEntity, 'reviewTiming' | 'closesAt'>,
    attempt: Pick<ExamAttemptEntity, 'finishedAt'>,
    now: Date,
  ): Date {
    return exam.reviewTiming === 'after_close'
      ? new Date(exam.closesAt)
      : new Date(attempt.finishedAt ?? now);
  }

  /** Whether the examinee may see a finished attempt's result at `now`. */
  resultVisible(
    exam: Pick<ExamEntity, 'reviewTiming' | 'closesAt'>,
    attempt: Pick<ExamAttemptEntity, 'status' | 'finishedAt'>,
    now: Date,
  ): boolean {
    return attempt.status === 'finished' && now >= this.resultVisibleFrom(exam, attempt, now);
  }
}
