import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { REVEALS_ANSWER_KEYS_KEY } from '../../../common/auth';
import { CommonErrors } from '../../../common/errors';
import type { AppRequest } from '../../../common/http/request-context';
import { ExamDisclosureService } from './exam-disclosure.service';

/**
 * Keeps questions and keys from anyone sitting an exam, whatever their roles: a secretary or
 * admin with an attempt in progress cannot look the answers up in the bank, a paper's preview,
 * statistics, attempts or grading until they hand in (practice, the wrong-answer book and make-up
 * quizzes apply the wider rule of ExamDisclosureService.guardFor). Runs after the guards, on
 * routes marked `@RevealsAnswerKeys()`.
 */
@Injectable()
export class AnswerKeySecrecyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly disclosure: ExamDisclosureService,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const reveals = this.reflector.getAllAndOverride<boolean | undefined>(REVEALS_ANSWER_KEYS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (reveals && context.getType() === 'http') {
      const user = context.switchToHttp().getRequest<AppRequest>().user;
      if (user && (await this.disclosure.keysWithheldFrom(user.staffId))) {
        throw CommonErrors.ANSWER_KEYS_WITHHELD();
      }
    }
    return next.handle();
  }
}
