import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth';
import { Clock, dateInZone } from '../../../common/clock/clock';
import type { Page } from '../../../common/pagination/pagination';
import { offsetOf, pageOf } from '../../../common/pagination/pagination';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import { LawsService } from '../../curriculum';
import type { DisclosureGuard, PaperSource } from '../../exams';
import { ExamDisclosureService, gradeResponse, keyInDisplayOrder, buildPaper } from '../../exams';
import { BLANK, QuestionsService } from '../../question-bank';
import type { QuestionType, QuestionRevisionEntity } from '../../question-bank';
import type {
  ListPracticeQueryDto,
  ListWrongAnswersQueryDto,
  PracticeAnswerDto,
  PracticeFeedbackDto,
  PracticeQuizDto,
  PracticeQuizSummaryDto,
  StartPracticeDto,
  WrongAnswerDto,
} from '../dto/practice.dto';
import { PracticeQuestionEntity, PracticeQuizEntity } from '../entities/practice.entity';
import { PracticeRepository } from './practice.repository';
import { StudyLedgerService } from '../records/study-ledger.service';
import { StudyErrors } from '../study.errors';
import { afterPracticeAnswer, minutesToHours, practiceMinutes } from '../study-rules';

/** Short answers need a person to grade them: practice uses the four auto-graded types. */
const PRACTICE_TYPES: QuestionType[] = [
  'single_choice',
  'multiple_choice',
  'true_false',
  'fill_blank',
];
const DEFAULT_COUNT = 10;

/**
 * Practice quizzes (练习) with immediate feedback, and the wrong-answer book (错题本). A finished
 * quiz earns a practice study record. While the person has an exam attempt in progress nothing
 * here shows a question or key; questions of an open official exam or make-up of theirs are
 * never drawn, answered or shown with their key until its window closes.
 */
@Injectable()
export class PracticeService {
  constructor(
    private readonly practice: PracticeRepository,
    private readonly questions: QuestionsService,
    private readonly laws: LawsService,
    private readonly ledger: StudyLedgerService,
    private readonly disclosure: ExamDisclosureService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Draws a quiz: keys and explanations are not in the answer until a question is answered. */
  async start(principal: Principal, dto: StartPracticeDto): Promise<PracticeQuizDto> {
    const source = dto.source ?? 'law';
    const guard = await this.guard(principal);
    const { pool, lawId, scopeLabel } =
      source === 'law'
        ? await this.lawPool(dto, guard)
        : await this.bookPool(principal, dto, guard);
    const count = Math.min(dto.count ?? DEFAULT_COUNT, pool.length);
    const paper = buildPaper({
      mode: 'random',
      fixed: [],
      rules: [{ count, pointsEach: 1, pool }],
      shuffleQuestions: false,
      shuffleOptions: true,
    });
    const quiz = new PracticeQuizEntity();
    quiz.id = randomUUID();
    quiz.staffId = principal.staffId;
    quiz.source = source;
    quiz.lawId = lawId;
    quiz.scopeLabel = scopeLabel.slice(0, 300);
    quiz.questionCount = paper.length;
    quiz.answeredCount = 0;
    quiz.correctCount = 0;
    quiz.status = 'open';
    quiz.startedAt = this.clock.now();
    quiz.lastAnsweredAt = null;
    quiz.finishedAt = null;
    quiz.creditedMinutes = null;
    await this.tx.run(() =>
      this.practice.insert(
        quiz,
        paper.map((p, i) => {
          const q = new PracticeQuestionEntity();
          q.quizId = quiz.id;
          q.position = i + 1;
          q.questionId = p.questionId;
          q.revisionId = p.revisionId;
          q.type = p.type;
          q.optionOrder = p.optionOrder;
          q.response = null;
          q.correct = null;
          q.answeredAt = null;
          return q;
        }),
      ),
    );
    return this.present(quiz, guard);
  }

  async list(
    principal: Principal,
    query: ListPracticeQueryDto,
  ): Promise<Page<PracticeQuizSummaryDto>> {
    const [rows, total] = await this.practice.listOwn(
      principal.staffId,
      offsetOf(query),
      query.pageSize,
    );
    return pageOf(rows.map(toSummary), total, query);
  }

  /** The quiz as its person sees it: answered questions with their key and explanation. */
  async view(principal: Principal, quizId: string): Promise<PracticeQuizDto> {
    const quiz = await this.practice.findOwn(quizId, principal.staffId);
    if (!quiz) throw StudyErrors.QUIZ_NOT_FOUND();
    return this.present(quiz, await this.guard(principal));
  }

  /**
   * Grades one answer at once and returns the key and explanation. A wrong answer puts the
   * question in the wrong-answer book; two right answers in a row take it out. Answering the
   * last question finishes the quiz.
   */
  async answer(
    principal: Principal,
    quizId: string,
    position: number,
    dto: PracticeAnswerDto,
  ): Promise<PracticeFeedbackDto> {
    const guard = await this.guard(principal);
    return this.tx.run(async () => {
      const quiz = await this.practice.findOwnForUpdate(quizId, principal.staffId);
      if (!quiz) throw StudyErrors.QUIZ_NOT_FOUND();
      if (quiz.status !== 'open') throw StudyErrors.QUIZ_FINISHED();
      const line = (await this.practice.paper(quiz.id)).find((p) => p.position === position);
      if (!line) throw StudyErrors.POSITION_INVALID({ position });
      if (line.answeredAt) throw StudyErrors.ALREADY_ANSWERED({ position });
      // drawn before the exam opened: right or wrong alone would tell the key
      if (guard.withheld.has(line.questionId)) throw StudyErrors.QUESTION_IN_EXAM({ position });
      const revision = (await this.revisions([line.revisionId])).get(line.revisionId);
      if (!revision) throw StudyErrors.POSITION_INVALID({ position });
      const correct =
        gradeResponse(
          {
            type: line.type,
            answer: revision.answer,
            optionOrder: line.optionOrder,
            points: 1,
            synonyms: revision.synonyms,
            orderFree: revision.orderFree,
          },
          dto.response,
          'all_or_nothing',
        ).correct === true;
      const now = this.clock.now();
      await this.practice.recordAnswer(quiz.id, position, {
        response: dto.response,
        correct,
        at: now,
      });
      const entry = await this.practice.bookEntryForUpdate(principal.staffId, line.questionId);
      const book = afterPracticeAnswer(entry, correct);
      if (book.state && book.change !== 'none') {
        await this.practice.saveBookEntry(
          principal.staffId,
          line.questionId,
          book.state,
          !correct,
          now,
        );
      }
      quiz.answeredCount += 1;
      quiz.correctCount += correct ? 1 : 0;
      quiz.lastAnsweredAt = now;
      await this.practice.updateQuiz(quiz.id, {
        answeredCount: quiz.answeredCount,
        correctCount: quiz.correctCount,
        lastAnsweredAt: now,
      });
      if (quiz.answeredCount === quiz.questionCount) await this.finishQuiz(quiz, now);
      return {
        position,
        correct,
        response: dto.response,
        correctAnswer: keyInDisplayOrder({
          type: revision.type,
          answer: revision.answer,
          optionOrder: line.optionOrder,
        }),
        explanation: revision.explanation,
        wrongBook: {
          inBook: book.state?.inBook ?? false,
          rightStreak: book.state?.rightStreak ?? 0,
          change: book.change,
        },
        quiz: toSummary(quiz),
      };
    });
  }

  /** Ends the quiz with what was answered (a finished quiz is returned as it is). */
  async finish(principal: Principal, quizId: string): Promise<PracticeQuizDto> {
    await this.guard(principal);
    await this.tx.run(async () => {
      const quiz = await this.practice.findOwnForUpdate(quizId, principal.staffId);
      if (!quiz) throw StudyErrors.QUIZ_NOT_FOUND();
      if (quiz.status === 'open') await this.finishQuiz(quiz, this.clock.now());
    });
    return this.view(principal, quizId);
  }

  async wrongAnswers(
    principal: Principal,
    query: ListWrongAnswersQueryDto,
  ): Promise<Page<WrongAnswerDto>> {
    await this.guard(principal);
    const [rows, total] = await this.practice.listBook(
      principal.staffId,
      offsetOf(query),
      query.pageSize,
    );
    const questions = new Map(
      (await this.questions.findQuestions(rows.map((r) => r.questionId))).map((q) => [q.id, q]),
    );
    const revisions = await this.revisions(
      [...questions.values()].map((q) => q.currentRevisionId).filter((x): x is string => !!x),
    );
    return pageOf(
      rows.map((r) => {
        const q = questions.get(r.questionId);
        const rev = q?.currentRevisionId ? revisions.get(q.currentRevisionId) : undefined;
        return {
          questionId: r.questionId,
          type: rev?.type ?? q?.type ?? 'single_choice',
          stem: rev?.stem ?? '',
          wrongCount: r.wrongCount,
          rightStreak: r.rightStreak,
          firstWrongAt: r.firstWrongAt.toISOString(),
          lastWrongAt: r.lastWrongAt.toISOString(),
        };
      }),
      total,
      query,
    );
  }

  // ---- helpers ----

  /** Refuses everything that shows questions while the person sits an exam. */
  private async guard(principal: Principal): Promise<DisclosureGuard> {
    const guard = await this.disclosure.guardFor(principal.staffId);
    if (guard.examInProgress) throw StudyErrors.EXAM_IN_PROGRESS();
    return guard;
  }

  /** A question withheld for a running exam keeps its key and explanation to itself. */
  private async present(
    quiz: PracticeQuizEntity,
    guard: DisclosureGuard,
  ): Promise<PracticeQuizDto> {
    const paper = await this.practice.paper(quiz.id);
    const revisions = await this.revisions(paper.map((p) => p.revisionId));
    return {
      ...toSummary(quiz),
      questions: paper.map((p) => {
        const r = revisions.get(p.revisionId);
        const base = {
          position: p.position,
          type: p.type,
          stem: r?.stem ?? '',
          options: p.optionOrder.map((o) => r?.options[o] ?? ''),
          blanks: p.type === 'fill_blank' ? (r?.stem.match(BLANK)?.length ?? 0) : 0,
          answered: p.answeredAt !== null,
          response: p.response,
        };
        if (!p.answeredAt || !r || guard.withheld.has(p.questionId)) return base;
        return {
          ...base,
          correct: p.correct === true,
          correctAnswer: keyInDisplayOrder({
            type: r.type,
            answer: r.answer,
            optionOrder: p.optionOrder,
          }),
          explanation: r.explanation,
        };
      }),
    };
  }

  private async finishQuiz(quiz: PracticeQuizEntity, now: Date): Promise<void> {
    const minutes = practiceMinutes(quiz.answeredCount, quiz.startedAt, quiz.lastAnsweredAt);
    quiz.status = 'finished';
    quiz.finishedAt = now;
    quiz.creditedMinutes = minutes;
    await this.practice.updateQuiz(quiz.id, {
      status: 'finished',
      finishedAt: now,
      creditedMinutes: minutes,
    });
    if (minutes < 1) return;
    const answered = (await this.practice.paper(quiz.id)).filter((p) => p.answeredAt !== null);
    const revisions = await this.questions.revisionsByIds(answered.map((p) => p.revisionId));
    const covered = (await this.questions.revisionResponses(revisions)).flatMap((r) =>
      r.references.flatMap((ref) =>
        ref.articles.map((articleNumber) => ({ lawId: ref.lawId, articleNumber })),
      ),
    );
    await this.ledger.credit(
      {
        staffId: quiz.staffId,
        kind: 'practice',
        sourceKey: quiz.id,
        occurredOn: dateInZone(now, this.config.timeZone),
        hours: minutesToHours(minutes),
        title:
          `练习：${quiz.scopeLabel}（${quiz.answeredCount} 题，答对 ${quiz.correctCount} 题）`.slice(
            0,
            200,
          ),
        laws: covered.length ? covered : quiz.lawId ? [{ lawId: quiz.lawId }] : [],
        details: {
          quizId: quiz.id,
          source: quiz.source,
          questions: quiz.questionCount,
          answered: quiz.answeredCount,
          correct: quiz.correctCount,
          minutes,
        },
      },
      now,
    );
  }

  private async lawPool(dto: StartPracticeDto, guard: DisclosureGuard) {
    const law = dto.lawId ? await this.laws.findLaw(dto.lawId) : null;
    if (!law) throw StudyErrors.LAW_NOT_FOUND();
    const hasRange = dto.articleFrom !== undefined || dto.articleTo !== undefined;
    if (dto.nodeKey && hasRange) {
      throw StudyErrors.PRACTICE_SCOPE_INVALID({ reason: '章节和条文范围只能选择一种' });
    }
    let from = dto.articleFrom ?? null;
    let to = dto.articleTo ?? null;
    let label = `《${law.shortTitle}》`;
    if (dto.nodeKey) {
      if (!law.currentVersionId) throw StudyErrors.LAW_NO_TEXT({ law: law.shortTitle });
      const node = (await this.laws.nodesOf(law.currentVersionId)).find(
        (n) => n.key === dto.nodeKey,
      );
      if (!node) throw StudyErrors.CHAPTER_NOT_FOUND({ law: law.shortTitle, key: dto.nodeKey });
      if (node.firstArticle === null || node.lastArticle === null) throw StudyErrors.NO_QUESTIONS();
      from = node.firstArticle;
      to = node.lastArticle;
      label += `${node.key} ${node.title}`.trim();
    } else if (from !== null && to !== null) {
      if (to < from) {
        throw StudyErrors.PRACTICE_SCOPE_INVALID({ reason: '起始条号不能大于终止条号' });
      }
      label += `第 ${from}–${to} 条`;
    } else if (from !== null) label += `第 ${from} 条起`;
    else if (to !== null) label += `第 ${to} 条止`;
    const pool = await this.eligible([law.id], from, to, guard);
    if (!pool.length) throw StudyErrors.NO_QUESTIONS();
    return { pool, lawId: law.id, scopeLabel: label };
  }

  /** Questions of my wrong-answer book that may still be practised (active, not flagged). */
  private async bookPool(principal: Principal, dto: StartPracticeDto, guard: DisclosureGuard) {
    if (dto.nodeKey || dto.articleFrom !== undefined || dto.articleTo !== undefined) {
      throw StudyErrors.PRACTICE_SCOPE_INVALID({ reason: '错题练习只能按法律法规筛选' });
    }
    const ids = await this.practice.bookQuestionIds(principal.staffId);
    let pool: PaperSource[];
    let label = '错题本';
    let lawId: string | null = null;
    if (dto.lawId) {
      const law = await this.laws.findLaw(dto.lawId);
      if (!law) throw StudyErrors.LAW_NOT_FOUND();
      const mine = new Set(ids);
      pool = (await this.eligible([law.id], null, null, guard)).filter((q) =>
        mine.has(q.questionId),
      );
      label += `：《${law.shortTitle}》`;
      lawId = law.id;
    } else {
      const questions = (await this.questions.findQuestions(ids)).filter(
        (q) =>
          q.status === 'active' &&
          !q.needsReview &&
          !guard.withheld.has(q.id) &&
          q.currentRevisionId !== null &&
          PRACTICE_TYPES.includes(q.type),
      );
      const revisions = await this.revisions(questions.map((q) => q.currentRevisionId as string));
      pool = questions.flatMap((q) => {
        const r = revisions.get(q.currentRevisionId as string);
        return r
          ? [{ questionId: q.id, revisionId: r.id, type: r.type, optionCount: r.options.length }]
          : [];
      });
    }
    if (!pool.length) throw StudyErrors.WRONG_BOOK_EMPTY();
    return { pool, lawId, scopeLabel: label };
  }

  private async eligible(
    lawIds: string[],
    articleFrom: number | null,
    articleTo: number | null,
    guard: DisclosureGuard,
  ): Promise<PaperSource[]> {
    const excludeIds = [...guard.withheld];
    const out: PaperSource[] = [];
    for (const type of PRACTICE_TYPES) {
      out.push(
        ...(await this.questions.eligibleQuestions({
          type,
          difficultyMin: 1,
          difficultyMax: 5,
          tags: [],
          lawIds,
          articleFrom,
          articleTo,
          excludeIds,
        })),
      );
    }
    return out;
  }

  private async revisions(ids: string[]): Promise<Map<string, QuestionRevisionEntity>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    return new Map((await this.questions.revisionsByIds(unique)).map((r) => [r.id, r]));
  }
}

function toSummary(q: PracticeQuizEntity): PracticeQuizSummaryDto {
  return {
    id: q.id,
    source: q.source,
    lawId: q.lawId,
    scopeLabel: q.scopeLabel,
    status: q.status,
    questionCount: q.questionCount,
    answeredCount: q.answeredCount,
    correctCount: q.correctCount,
    startedAt: q.startedAt.toISOString(),
    finishedAt: q.finishedAt ? q.finishedAt.toISOString() : null,
    creditedMinutes: q.creditedMinutes,
  };
}
