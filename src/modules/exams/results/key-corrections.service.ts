import { Injectable } from '@nestjs/common';
import { ExamResultsRepository } from './exam-results.repository';

/** Corrected answer keys of an exam, by question id (usually none: one indexed lookup). */
@Injectable()
export class KeyCorrections {
  constructor(private readonly repo: ExamResultsRepository) {}

  async forExam(examId: string): Promise<Map<string, unknown>> {
    return new Map((await this.repo.keyCorrections(examId)).map((k) => [k.questionId, k.answer]));
  }
}
