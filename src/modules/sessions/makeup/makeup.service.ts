import { randomInt } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../../common/auth';
import { Clock, dateInZone } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import type { DisclosureGuard } from '../../exams';
import { ExamDisclosureService, gradeResponse } from '../../exams';
import { NotificationsService } from '../../notifications';
import type { QuestionType } from '../../question-bank';
import { QuestionsService } from '../../question-bank';
import { StudyLedgerService } from '../../study';
import type { MakeupDetailDto, MakeupResultDto, MakeupSummaryDto } from '../dto/makeup.dto';
import { SessionMakeupEntity } from '../entities/study-session.entity';
import type { StudySessionEntity } from '../entities/study-session.entity';
import { MakeupRepository } from './makeup.repository';
import { SessionRepository } from '../session.repository';
import { SessionErrors } from '../sessions.errors';

/** Questions in a make-up quiz, and the share to get right. */
export const MAKEUP_QUESTIONS = 5;
export const MAKEUP_PASS_PERCENT = 60;
const QUIZ_TYPES: QuestionType[] = ['single_choice', 'multiple_choice', 'true_false'];

type Quiz = SessionMakeupEntity['quiz'];

/**
 * Make-up study (补学) for those who missed a session (absent or excused): read the session's
 * materials, then pass a short quiz drawn from the bank on the session's laws. Passing credits
 * the session's hours as make-up study; a failed quiz is replaced by a fresh one. Like practice,
 * the quiz shows nothing while the person sits an exam, and never holds a question of an open
 * official exam or make-up of theirs (one drawn before the exam opened is replaced).
 */
@Injectable()
export class MakeupService {
  private readonly logger = new Logger(MakeupService.name);

  constructor(
    private readonly repo: MakeupRepository,
    private readonly sessions: SessionRepository,
    private readonly questions: QuestionsService,
    private readonly ledger: StudyLedgerService,
    private readonly notifications: NotificationsService,
    private readonly disclosure: ExamDisclosureService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Gives each person a task (once) and tells them. */
  async assign(session: StudySessionEntity, staffIds: string[]): Promise<number> {
    let created = 0;
    const lawIds = [...new Set((await this.sessions.laws([session.id])).map((l) => l.lawId))];
    for (const staffId of staffIds) {
      const task = new SessionMakeupEntity();
      task.sessionId = session.id;
      task.staffId = staffId;
      task.status = 'open';
      task.quiz = await this.drawQuiz(lawIds, await this.disclosure.guardFor(staffId));
      task.attempts = 0;
      task.materialsReadAt = null;
      task.completedAt = null;
      if (await this.repo.insertIfNone(task)) created += 1;
    }
    if (created) {
      await this.notifications.notify({
        staffIds,
        kind: 'makeup_task',
        title: '请完成补学',
        body: `您未参加“${session.topic}”（${dateInZone(session.startsAt, this.config.timeZone)}），请阅读学习材料并完成补学测试，完成后计入 ${session.creditedHours} 学时。`,
        data: { sessionId: session.id },
        dedupKey: `makeup:${session.id}`,
      });
    }
    return created;
  }

  async mine(principal: Principal): Promise<MakeupSummaryDto[]> {
    const tasks = await this.repo.ofStaff(principal.staffId);
    const out: MakeupSummaryDto[] = [];
    for (const t of tasks) {
      const s = (await this.sessions.findById(t.sessionId)) as StudySessionEntity;
      out.push({
        sessionId: t.sessionId,
        topic: s.topic,
        sessionStartsAt: s.startsAt.toISOString(),
        creditedHours: s.creditedHours,
        status: t.status,
        attempts: t.attempts,
        completedAt: t.completedAt?.toISOString() ?? null,
      });
    }
    return out;
  }

  /** The task with the materials to read and the quiz, without keys. */
  async detail(principal: Principal, sessionId: string): Promise<MakeupDetailDto> {
    const guard = await this.guard(principal);
    const task = await this.own(principal, sessionId);
    await this.replaceWithheld(task, guard);
    const s = (await this.sessions.findById(sessionId)) as StudySessionEntity;
    const revisions = new Map(
      (await this.questions.revisionsByIds(task.quiz.map((q) => q.revisionId))).map((r) => [
        r.id,
        r,
      ]),
    );
    return {
      sessionId,
      topic: s.topic,
      minutes: s.minutes,
      status: task.status,
      attempts: task.attempts,
      materialsReadAt: task.materialsReadAt?.toISOString() ?? null,
      materials: (await this.repo.materials(sessionId)).map((m) => ({
        id: m.id,
        fileName: m.fileName,
        size: m.size,
      })),
      questions: task.quiz.map((q, i) => {
        const r = revisions.get(q.revisionId);
        return {
          position: i + 1,
          type: r?.type ?? 'single_choice',
          stem: r?.stem ?? '',
          options: q.optionOrder.map((o) => r?.options[o] ?? ''),
        };
      }),
      passPercent: MAKEUP_PASS_PERCENT,
    };
  }

  async markRead(principal: Principal, sessionId: string): Promise<MakeupDetailDto> {
    await this.guard(principal);
    const task = await this.own(principal, sessionId);
    if (!task.materialsReadAt) {
      await this.repo.update(sessionId, principal.staffId, { materialsReadAt: this.clock.now() });
    }
    return this.detail(principal, sessionId);
  }

  /** Grades the quiz; a pass completes the task and credits the hours. */
  async submit(
    principal: Principal,
    sessionId: string,
    answers: string[][],
  ): Promise<MakeupResultDto> {
    const guard = await this.guard(principal);
    const current = await this.own(principal, sessionId);
    // drawn before an exam of theirs opened: a fresh quiz, and the answers given do not count
    if (await this.replaceWithheld(current, guard)) throw SessionErrors.MAKEUP_QUIZ_CHANGED();
    return this.tx.run(async () => {
      const task = await this.repo.lock(sessionId, principal.staffId);
      if (!task) throw SessionErrors.MAKEUP_NOT_FOUND();
      if (task.status === 'completed') throw SessionErrors.MAKEUP_DONE();
      const materials = await this.repo.materials(sessionId);
      if (materials.length && !task.materialsReadAt) throw SessionErrors.MAKEUP_READ_FIRST();
      const wellFormed = answers.every(
        (a) => a.length <= 8 && a.every((x) => typeof x === 'string' && x.length <= 8),
      );
      if (!wellFormed || answers.length !== task.quiz.length) {
        throw SessionErrors.MAKEUP_ANSWERS_INVALID({ count: task.quiz.length });
      }
      const revisions = new Map(
        (await this.questions.revisionsByIds(task.quiz.map((q) => q.revisionId))).map((r) => [
          r.id,
          r,
        ]),
      );
      const correct = task.quiz.filter((q, i) => {
        const r = revisions.get(q.revisionId);
        if (!r) return false;
        return (
          gradeResponse(
            {
              type: r.type,
              answer: r.answer,
              optionOrder: q.optionOrder,
              points: 1,
              synonyms: r.synonyms,
              orderFree: r.orderFree,
            },
            answers[i],
            'all_or_nothing',
          ).score === 1
        );
      }).length;
      const total = task.quiz.length;
      const passed = total === 0 || (correct * 100) / total >= MAKEUP_PASS_PERCENT;
      const now = this.clock.now();
      const session = (await this.sessions.findById(sessionId)) as StudySessionEntity;
      if (passed) {
        await this.repo.update(sessionId, principal.staffId, {
          status: 'completed',
          completedAt: now,
          attempts: task.attempts + 1,
        });
        const laws = await this.sessions.laws([sessionId]);
        // corrected to present meanwhile: the session's hours already count
        const attended = await this.ledger.isCredited('session', sessionId, principal.staffId);
        if (!attended)
          await this.ledger.credit(
            {
              staffId: principal.staffId,
              kind: 'makeup_study',
              sourceKey: sessionId,
              occurredOn: dateInZone(now, this.config.timeZone),
              hours: session.creditedHours,
              title: `补学：${session.topic}`,
              laws: laws.map((l) => ({ lawId: l.lawId, articleNumber: l.articleNumber })),
              details: { sessionId, correct, total },
            },
            now,
          );
      } else {
        const lawIds = [...new Set((await this.sessions.laws([sessionId])).map((l) => l.lawId))];
        await this.repo.update(sessionId, principal.staffId, {
          attempts: task.attempts + 1,
          quiz: await this.drawQuiz(lawIds, guard),
        });
      }
      return { passed, correct, total, passPercent: MAKEUP_PASS_PERCENT };
    });
  }

  /** Refuses the quiz (its questions and its grading) while the person sits an exam. */
  private async guard(principal: Principal): Promise<DisclosureGuard> {
    const guard = await this.disclosure.guardFor(principal.staffId);
    if (guard.examInProgress) throw SessionErrors.MAKEUP_EXAM_IN_PROGRESS();
    return guard;
  }

  /** Redraws an open task's quiz that holds a withheld question; true when it did. */
  private async replaceWithheld(task: SessionMakeupEntity, guard: DisclosureGuard) {
    if (task.status !== 'open' || !task.quiz.some((q) => guard.withheld.has(q.questionId))) {
      return false;
    }
    const lawIds = [...new Set((await this.sessions.laws([task.sessionId])).map((l) => l.lawId))];
    task.quiz = await this.drawQuiz(lawIds, guard);
    await this.repo.update(task.sessionId, task.staffId, { quiz: task.quiz });
    return true;
  }

  private async own(principal: Principal, sessionId: string): Promise<SessionMakeupEntity> {
    const task = await this.repo.find(sessionId, principal.staffId);
    if (!task) throw SessionErrors.MAKEUP_NOT_FOUND();
    return task;
  }

  /** Up to MAKEUP_QUESTIONS objective questions on the laws, options shuffled. */
  private async drawQuiz(lawIds: string[], guard: DisclosureGuard): Promise<Quiz> {
    if (!lawIds.length) return [];
    const excludeIds = [...guard.withheld];
    const pool = [];
    for (const type of QUIZ_TYPES) {
      pool.push(
        ...(await this.questions.eligibleQuestions({
          type,
          difficultyMin: 1,
          difficultyMax: 5,
          tags: [],
          lawIds,
          articleFrom: null,
          articleTo: null,
          excludeIds,
        })),
      );
    }
    const picked = shuffle(pool).slice(0, MAKEUP_QUESTIONS);
    if (!picked.length) {
      this.logger.warn(`no bank questions on laws ${lawIds.join(', ')}: make-up is reading only`);
    }
    return picked.map((q) => ({
      questionId: q.questionId,
      revisionId: q.revisionId,
      // 正确 / 错误 keep their order; choices are shuffled
      optionOrder:
        q.type === 'true_false'
          ? Array.from({ length: q.optionCount }, (_, i) => i)
          : shuffle(Array.from({ length: q.optionCount }, (_, i) => i)),
    }));
  }
}

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
