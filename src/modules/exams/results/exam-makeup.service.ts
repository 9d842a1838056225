import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth';
import { Clock, localDateTime } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import type { CreateExamDto, ExamDetailResponseDto } from '../dto/exam.dto';
import type { CreateMakeupDto } from '../dto/results.dto';
import { ExamAuthoringService } from '../authoring/exam-authoring.service';
import { ExamResultsRepository } from './exam-results.repository';
import { ExamResultsService } from './exam-results.service';
import { ExamRepository } from '../exam.repository';
import { ExamErrors } from '../exams.errors';

/**
 * One call for a make-up exam: the official exam's settings, paper definition and corrected
 * keys, for everyone in its audience who has not passed it or an earlier make-up (failed or
 * absent). Refused while
 * anyone is still answering or waiting for a grade, since they might still pass.
 */
@Injectable()
export class ExamMakeupService {
  constructor(
    private readonly authoring: ExamAuthoringService,
    private readonly results: ExamResultsService,
    private readonly exams: ExamRepository,
    private readonly repo: ExamResultsRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async create(
    principal: Principal,
    officialId: string,
    dto: CreateMakeupDto,
  ): Promise<ExamDetailResponseDto & { audienceCount: number }> {
    const official = await this.authoring.requireManaged(principal, officialId);
    if (official.kind !== 'official' || official.status === 'draft') {
      throw ExamErrors.MAKEUP_NOT_OFFICIAL();
    }
    if (this.clock.now() < official.closesAt) {
      throw ExamErrors.MAKEUP_TOO_EARLY({
        closesAt: localDateTime(official.closesAt, this.config.timeZone),
      });
    }
    const outcomes = await this.results.officialResults(official);
    const unsettled = [...outcomes.values()].filter((o) => o.unsettled).length;
    if (unsettled) throw ExamErrors.MAKEUP_UNSETTLED({ count: unsettled });
    const audience = [...outcomes].filter(([, o]) => !o.passed).map(([staffId]) => staffId);
    if (!audience.length) throw ExamErrors.MAKEUP_NOBODY();
    const [fixed, rules] = [
      await this.exams.fixedQuestions(official.id),
      await this.exams.rules(official.id),
    ];
    const spec: CreateExamDto = {
      unitId: official.unitId,
      planId: official.planId ?? undefined,
      title: dto.title ?? `${official.title}（补考）`,
      kind: 'makeup',
      parentExamId: official.id,
      opensAt: dto.opensAt,
      closesAt: dto.closesAt,
      durationMinutes: dto.durationMinutes ?? Math.round(official.durationSeconds / 60),
      passMark: official.passMark,
      attemptsAllowed: official.attemptsAllowed,
      scorePolicy: official.scorePolicy,
      paperMode: official.paperMode,
      shuffleQuestions: official.shuffleQuestions,
      shuffleOptions: official.shuffleOptions,
      multipleChoiceScoring: official.multipleChoiceScoring,
      reviewContent: official.reviewContent,
      reviewTiming: official.reviewTiming,
      audienceUnitIds: [],
      audienceStaffIds: audience,
      questions: fixed.map((f) => ({ questionId: f.questionId, points: f.points })),
      rules: rules.map((r) => ({
        type: r.type,
        count: r.count,
        pointsEach: r.pointsEach,
        lawIds: r.lawIds,
        articleFrom: r.articleFrom ?? undefined,
        articleTo: r.articleTo ?? undefined,
        tags: r.tags,
        difficultyMin: r.difficultyMin,
        difficultyMax: r.difficultyMax,
      })),
    };
    return this.tx.run(async () => {
      let exam = await this.authoring.create(principal, spec);
      // the same questions: keys corrected for the official exam stay corrected
      for (const k of await this.repo.keyCorrections(official.id)) {
        await this.repo.saveKeyCorrection({ ...k, examId: exam.id });
      }
      if (dto.publish) {
        exam = await this.authoring.changeStatus(principal, exam.id, { status: 'published' });
      }
      return { ...exam, audienceCount: audience.length };
    });
  }
}
