import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth';
import { Clock, localDateTime } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import { AttemptFinalizer } from './attempt-finalizer.service';
import { AttemptRepository } from '../attempt.repository';
import { DeadlineScheduler } from './deadline-scheduler.service';
import type {
  AttemptEventDto,
  AttemptViewDto,
  HeartbeatResponseDto,
  MyExamDto,
  SaveAnswerDto,
  SaveAnswerResponseDto,
} from '../dto/attempt.dto';
import {
  AttemptEventEntity,
  AttemptQuestionEntity,
  ExamAttemptEntity,
} from '../entities/exam-attempt.entity';
import type { ExamEntity } from '../entities/exam.entity';
import { ExamAuthoringService } from '../authoring/exam-authoring.service';
import { ExamDisclosureService } from './exam-disclosure.service';
import { ExamRepository } from '../exam.repository';
import { ExamErrors } from '../exams.errors';
import { presentPaper } from './attempt-presenter';
import { percentage } from '../grading/grading';
import { buildPaper } from '../authoring/paper-builder';
import { standing } from '../results/standing';
import { KeyCorrections } from '../results/key-corrections.service';
import { RevisionCache } from '../revision-cache.service';

const iso = (d: Date) => d.toISOString();

/** The examinee's side: what they may sit, starting, answering, submitting, reviewing. */
@Injectable()
export class ExamTakingService {
  constructor(
    private readonly exams: ExamRepository,
    private readonly attempts: AttemptRepository,
    private readonly authoring: ExamAuthoringService,
    private readonly finalizer: AttemptFinalizer,
    private readonly scheduler: DeadlineScheduler,
    private readonly revisions: RevisionCache,
    private readonly keys: KeyCorrections,
    private readonly disclosure: ExamDisclosureService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Exams the caller may sit, with their status and attempts left. */
  async myExams(principal: Principal): Promise<MyExamDto[]> {
    const rows = await this.exams.candidateExams(principal.staffId);
    const attempts = await this.attempts.forStaffInExams(
      principal.staffId,
      rows.map((r) => r.exam.id),
    );
    const now = this.clock.now();
    const out: MyExamDto[] = [];
    for (const { exam } of rows) {
      let mine = attempts.filter((a) => a.examId === exam.id);
      // reading an overdue attempt finishes it
      const overdue = mine.filter((a) => a.status === 'in_progress' && this.isOverdue(a, now));
      for (const a of overdue) await this.finalizer.finish(a.id, 'read');
      if (overdue.length) mine = await this.attempts.forStaff(exam.id, principal.staffId);
      out.push(this.summary(exam, mine, now));
    }
    return out;
  }

  /**
   * Starts an attempt (or returns the open one: a reload or another device resumes it). The
   * paper, its question order, option order and revisions are stored with the attempt.
   */
  async start(
    principal: Principal,
    examId: string,
  ): Promise<{ created: boolean; view: AttemptViewDto }> {
    const exam = await this.exams.findById(examId);
    const candidate = exam ? await this.exams.findCandidate(exam.id, principal.staffId) : null;
    if (!exam || !candidate || exam.status === 'draft') throw ExamErrors.NOT_FOUND();
    const open = await this.attempts.findOpen(exam.id, principal.staffId);
    if (open) {
      if (!this.isOverdue(open, this.clock.now())) {
        return { created: false, view: await this.view(principal, open.id) };
      }
      await this.finalizer.finish(open.id, 'read');
    }
    const now = this.clock.now();
    if (exam.status !== 'published' || now < exam.opensAt || now >= exam.closesAt) {
      throw ExamErrors.NOT_OPEN({
        opensAt: this.localTime(exam.opensAt),
        closesAt: this.localTime(exam.closesAt),
      });
    }
    const attempt = await this.tx.run(async () => {
      // the exam may have been closed early meanwhile: re-read it, waiting for such a change
      const current = await this.exams.readShared(exam.id);
      if (!current || current.status !== 'published' || now >= current.closesAt) {
        throw ExamErrors.NOT_OPEN({
          opensAt: this.localTime(exam.opensAt),
          closesAt: this.localTime(current?.closesAt ?? exam.closesAt),
        });
      }
      const used = await this.attempts.forStaff(exam.id, principal.staffId);
      if (used.length >= exam.attemptsAllowed) {
        throw ExamErrors.NO_ATTEMPTS_LEFT({ allowed: exam.attemptsAllowed });
      }
      const spec = await this.authoring.publishedSpec(exam);
      const paper = buildPaper(spec);
      const a = new ExamAttemptEntity();
      a.id = randomUUID();
      a.examId = exam.id;
      a.staffId = principal.staffId;
      a.attemptNo = used.length + 1;
      a.status = 'in_progress';
      a.startedAt = now;
      a.deadlineAt = new Date(
        Math.min(now.getTime() + exam.durationSeconds * 1000, exam.closesAt.getTime()) +
          candidate.extraSeconds * 1000,
      );
      a.finishedAt = null;
      a.finalisedBy = null;
      a.score = null;
      a.maxScore = paper.reduce((n, p) => n + p.points, 0);
      a.passed = null;
      a.gradingPending = false;
      a.focusLossCount = 0;
      await this.attempts.insert(
        a,
        paper.map((p, i) => {
          const q = new AttemptQuestionEntity();
          q.attemptId = a.id;
          q.position = i + 1;
          q.questionId = p.questionId;
          q.revisionId = p.revisionId;
          q.type = p.type;
          q.points = p.points;
          q.optionOrder = p.optionOrder;
          return q;
        }),
      );
      return a;
    });
    await this.scheduler.schedule(attempt.id, attempt.deadlineAt);
    return { created: true, view: await this.view(principal, attempt.id, now) };
  }

  /**
   * The attempt as its examinee may see it: while open, the paper without keys, the saved
   * answers, the deadline and the server's time; once finished, what the review policy allows.
   * Reading an overdue attempt finishes it.
   */
  async view(
    principal: Principal,
    attemptId: string,
    now = this.clock.now(),
  ): Promise<AttemptViewDto> {
    let attempt = await this.ownAttempt(principal, attemptId);
    if (attempt.status === 'in_progress' && this.isOverdue(attempt, now)) {
      await this.finalizer.finish(attempt.id, 'read');
      attempt = await this.ownAttempt(principal, attemptId);
    }
    const exam = (await this.exams.findById(attempt.examId)) as ExamEntity;
    const paper = await this.attempts.paper(attempt.id);
    const revisions = await this.revisions.get(paper.map((p) => p.revisionId));
    const review = attempt.status === 'finished' ? this.reviewState(exam, attempt, now) : null;
    const withAnswers = review?.visible === true && exam.reviewContent === 'with_answers';
    const corrected = withAnswers ? await this.keys.forExam(exam.id) : undefined;
    const feedback = review?.visible ? await this.feedback(attempt.id) : undefined;
    return {
      id: attempt.id,
      examId: exam.id,
      examTitle: exam.title,
      attemptNo: attempt.attemptNo,
      status: attempt.status,
      startedAt: iso(attempt.startedAt),
      deadlineAt: iso(attempt.deadlineAt),
      serverTime: iso(now),
      remainingSeconds: remainingSeconds(attempt, now),
      finishedAt: attempt.finishedAt ? iso(attempt.finishedAt) : null,
      questions: presentPaper(paper, revisions, {
        scores: review?.visible === true,
        keys: withAnswers,
        corrected,
        feedback,
      }),
      ...(review ? { result: review.result } : {}),
    };
  }

  private async feedback(attemptId: string): Promise<Map<number, string | null>> {
    return new Map((await this.attempts.answers(attemptId)).map((a) => [a.position, a.feedback]));
  }

  /** One statement on the hot path; the reason for a refusal is looked up only when refused. */
  async save(
    principal: Principal,
    attemptId: string,
    position: number,
    dto: SaveAnswerDto,
  ): Promise<SaveAnswerResponseDto> {
    const now = this.clock.now();
    const grace = this.config.exams.saveGraceSeconds;
    const saved = await this.attempts.saveAnswer(
      attemptId,
      principal.staffId,
      position,
      dto.response,
      dto.seq,
      now,
      grace,
    );
    if (saved) return { applied: true, seq: saved.seq, savedAt: iso(saved.savedAt) };
    const why = await this.attempts.explainRefusedSave(
      attemptId,
      principal.staffId,
      position,
      dto.seq,
      now,
      grace,
    );
    switch (why.kind) {
      case 'not_found':
        throw ExamErrors.ATTEMPT_NOT_FOUND();
      case 'no_question':
        throw ExamErrors.POSITION_INVALID({ position });
      case 'closed':
        throw ExamErrors.ATTEMPT_CLOSED();
      case 'stale':
      case 'applied':
        return { applied: false, seq: why.seq, savedAt: iso(why.savedAt) };
    }
  }

  async submit(principal: Principal, attemptId: string): Promise<AttemptViewDto> {
    const attempt = await this.ownAttempt(principal, attemptId);
    if (attempt.status === 'in_progress') {
      // after deadline + grace the attempt closes as of its deadline, whoever finishes it
      const overdue = this.isOverdue(attempt, this.clock.now());
      await this.finalizer.finish(attempt.id, overdue ? 'read' : 'examinee');
    }
    return this.view(principal, attemptId);
  }

  /** Focus-loss and visibility events: stored and counted, shown to the secretary. */
  async recordEvent(principal: Principal, attemptId: string, dto: AttemptEventDto): Promise<void> {
    const attempt = await this.ownAttempt(principal, attemptId);
    if (attempt.status !== 'in_progress') throw ExamErrors.ATTEMPT_CLOSED();
    const event = new AttemptEventEntity();
    event.id = randomUUID();
    event.attemptId = attempt.id;
    event.kind = dto.kind;
    event.occurredAt = this.clock.now();
    event.details = { clientTime: dto.clientTime ?? null, note: dto.note ?? null };
    await this.attempts.recordEvent(event, dto.kind === 'focus_lost' || dto.kind === 'page_hidden');
  }

  /** Keeps the sign-in alive (any request does) and tells the client the time left. */
  async heartbeat(principal: Principal, attemptId: string): Promise<HeartbeatResponseDto> {
    const attempt = await this.ownAttempt(principal, attemptId);
    const now = this.clock.now();
    return {
      serverTime: iso(now),
      deadlineAt: iso(attempt.deadlineAt),
      remainingSeconds: remainingSeconds(attempt, now),
      status: attempt.status,
    };
  }

  // ---- helpers ----

  /** 2026/12/01 09:00 in the configured time zone (for messages people read). */
  private localTime(d: Date): string {
    return localDateTime(d, this.config.timeZone);
  }

  private async ownAttempt(principal: Principal, id: string): Promise<ExamAttemptEntity> {
    const attempt = await this.attempts.findById(id);
    if (!attempt || attempt.staffId !== principal.staffId) throw ExamErrors.ATTEMPT_NOT_FOUND();
    return attempt;
  }

  private isOverdue(a: ExamAttemptEntity, now: Date): boolean {
    return a.deadlineAt.getTime() + this.config.exams.saveGraceSeconds * 1000 <= now.getTime();
  }

  /** Whether (and from when) the result may be shown, per the exam's review policy. */
  private reviewState(exam: ExamEntity, attempt: ExamAttemptEntity, now: Date) {
    const from = this.disclosure.resultVisibleFrom(exam, attempt, now);
    const visible = now >= from;
    return {
      visible,
      result: visible
        ? {
            visible: true,
            visibleFrom: null,
            score: attempt.gradingPending ? null : attempt.score,
            maxScore: attempt.maxScore,
            percentage:
              attempt.gradingPending || attempt.score === null
                ? null
                : percentage(attempt.score, attempt.maxScore),
            passed: attempt.passed,
            gradingPending: attempt.gradingPending,
          }
        : { visible: false, visibleFrom: iso(from) },
    };
  }

  private summary(exam: ExamEntity, attempts: ExamAttemptEntity[], now: Date): MyExamDto {
    const mine = standing(exam, attempts, now, (a) => this.reviewState(exam, a, now).visible);
    return {
      id: exam.id,
      title: exam.title,
      kind: exam.kind,
      opensAt: iso(exam.opensAt),
      closesAt: iso(exam.closesAt),
      durationMinutes: Math.round(exam.durationSeconds / 60),
      passMark: exam.passMark,
      status: mine.status,
      attemptsAllowed: exam.attemptsAllowed,
      attemptsLeft: mine.attemptsLeft,
      openAttemptId: mine.open?.id ?? null,
      bestScore: mine.counted?.score ?? null,
      attempts: [...attempts]
        .sort((a, b) => a.attemptNo - b.attemptNo)
        .map((a) => ({
          id: a.id,
          attemptNo: a.attemptNo,
          status: a.status,
          startedAt: iso(a.startedAt),
          finishedAt: a.finishedAt ? iso(a.finishedAt) : null,
          result: a.status === 'finished' ? this.reviewState(exam, a, now).result : null,
        })),
    };
  }
}

/** Whole seconds left on the countdown, rounded up so a fresh attempt shows its full duration. */
function remainingSeconds(attempt: { status: string; deadlineAt: Date }, now: Date): number {
  if (attempt.status !== 'in_progress') return 0;
  return Math.max(0, Math.ceil((attempt.deadlineAt.getTime() - now.getTime()) / 1000));
}
