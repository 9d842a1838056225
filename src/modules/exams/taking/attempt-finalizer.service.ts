import { AsyncResource } from 'node:async_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { Clock, localDateTime } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import { NotificationsService } from '../../notifications';
import { AttemptRepository } from '../attempt.repository';
import type { AttemptGrades, AttemptPaperRow } from '../attempt.repository';
import type { ExamAttemptEntity, FinalisedBy } from '../entities/exam-attempt.entity';
import type { ExamEntity } from '../entities/exam.entity';
import { ExamRepository } from '../exam.repository';
import { gradeResponse, percentage } from '../grading/grading';
import { KeyCorrections } from '../results/key-corrections.service';
import { RevisionCache } from '../revision-cache.service';

const SWEEP_BATCH = 200;
/** Timer jobs finished together at most (see finishDue). */
const DUE_BATCH = 100;
/** Transactions of grouped timer jobs running at once per process. */
const DUE_IN_FLIGHT = 2;

/**
 * Finishing an attempt happens exactly once, whoever asks (the examinee, the timer job, the
 * sweeper, a read after the deadline): the state change is one conditional UPDATE, and only its
 * winner grades, in the same transaction.
 */
@Injectable()
export class AttemptFinalizer {
  private readonly logger = new Logger(AttemptFinalizer.name);
  private readonly due = new Batcher<string, boolean>(DUE_BATCH, DUE_IN_FLIGHT, (ids) =>
    this.finishBatch(ids, 'timer'),
  );

  constructor(
    private readonly attempts: AttemptRepository,
    private readonly exams: ExamRepository,
    private readonly revisions: RevisionCache,
    private readonly keys: KeyCorrections,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  /** True when this call finished the attempt. */
  async finish(attemptId: string, by: FinalisedBy): Promise<boolean> {
    return (await this.finishMany([attemptId], by)).has(attemptId);
  }

  /**
   * finish() for a timer that fired: timers that fire together (many attempts sharing a
   * deadline) are finished together, each group in one transaction, instead of one transaction
   * each. With nothing in flight a timer goes alone, so a lone deadline waits for nothing.
   */
  finishDue(attemptId: string): Promise<boolean> {
    return this.due.add(attemptId);
  }

  /**
   * Finishes every overdue open attempt; returns how many this call finished. Each batch is
   * picked and finished in one transaction (rows locked, others' locked rows skipped); a batch
   * that fails is retried one attempt at a time, and an attempt that still fails is logged and
   * left for the next sweep rather than holding up the rest.
   */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const grace = this.config.exams.saveGraceSeconds;
    let finished = 0;
    for (;;) {
      let due: string[] = [];
      let won = 0;
      try {
        won = await this.tx.run(async () => {
          due = await this.attempts.overdue(now, grace, SWEEP_BATCH);
          return (await this.finishMany(due, 'sweeper')).size;
        });
      } catch (err) {
        if (!due.length) throw err;
        this.logger.warn(`sweeping ${due.length} attempts together failed, one by one now`);
        for (const id of due) {
          try {
            if (await this.finish(id, 'sweeper')) won += 1;
          } catch (e) {
            this.logger.error(`the sweeper could not finish attempt ${id}: ${String(e)}`);
          }
        }
      }
      finished += won;
      if (due.length < SWEEP_BATCH || won === 0) break;
    }
    if (finished) this.logger.log(`sweeper finished ${finished} overdue attempt(s)`);
    return finished;
  }

  /** Auto-grades every question (short answers wait for a person) and totals the attempt. */
  async grade(attempt: ExamAttemptEntity, exam: ExamEntity): Promise<void> {
    await this.gradeAll([attempt], exam);
  }

  // ---- helpers ----

  /**
   * The state change for several attempts in one conditional UPDATE, and grading of the ones it
   * finished, in one transaction; returns the ids this call finished.
   */
  private async finishMany(attemptIds: string[], by: FinalisedBy): Promise<Set<string>> {
    if (!attemptIds.length) return new Set();
    return this.tx.run(async () => {
      const finished = await this.attempts.finish(
        attemptIds,
        by,
        this.clock.now(),
        this.config.exams.saveGraceSeconds,
      );
      const exams = await this.gradeAll(finished);
      if (by !== 'examinee') await this.tellSubmittedByServer(finished, exams);
      return new Set(finished.map((a) => a.id));
    });
  }

  /**
   * The examinee of an attempt the server finished at its deadline (timer, sweeper, late read)
   * learns so in the inbox, in the same transaction: one statement per exam, attempt number
   * and deadline, once per attempt.
   */
  private async tellSubmittedByServer(
    finished: ExamAttemptEntity[],
    exams: Map<string, ExamEntity>,
  ): Promise<void> {
    const groups = new Map<string, ExamAttemptEntity[]>();
    for (const a of finished) {
      const key = `${a.examId}/${a.attemptNo}/${new Date(a.deadlineAt).getTime()}`;
      const list = groups.get(key);
      if (list) list.push(a);
      else groups.set(key, [a]);
    }
    for (const list of groups.values()) {
      const { examId, attemptNo, deadlineAt } = list[0];
      const title = exams.get(examId)?.title ?? '考试';
      await this.notifications.notify({
        staffIds: list.map((a) => a.staffId),
        kind: 'exam_auto_submitted',
        title: `《${title}》已由系统自动交卷`,
        body:
          `《${title}》第${attemptNo}次答题的时间已于 ` +
          `${localDateTime(new Date(deadlineAt), this.config.timeZone)} 截止，你没有自行交卷，` +
          `系统已按截止时保存的答案自动交卷，交卷时间记为截止时间。`,
        data: { examId, attemptNo },
        dedupKey: `exam-auto-submitted-${examId}-${attemptNo}`,
      });
    }
  }

  /**
   * finishMany, per id; when the shared transaction fails (one attempt's data, a deadlock with
   * another finisher) each attempt is retried alone, so no attempt holds up the others. An id
   * given twice (a timer delivered twice at once) is true once only: one call finished it.
   */
  private async finishBatch(attemptIds: string[], by: FinalisedBy): Promise<boolean[]> {
    try {
      const done = await this.finishMany(attemptIds, by);
      return attemptIds.map((id) => done.delete(id));
    } catch (err) {
      if (attemptIds.length === 1) throw err;
      this.logger.warn(`finishing ${attemptIds.length} attempts together failed, one by one now`);
      const out: boolean[] = [];
      for (const id of attemptIds) out.push(await this.finish(id, by));
      return out;
    }
  }

  /**
   * grade() for several attempts: one read of each exam, of the papers and one write. Returns
   * the exams read.
   */
  private async gradeAll(
    attempts: ExamAttemptEntity[],
    known?: ExamEntity,
  ): Promise<Map<string, ExamEntity>> {
    const read = new Map<string, ExamEntity>();
    if (!attempts.length) return read;
    const exams = new Map<string, { exam: ExamEntity; corrected: Map<string, unknown> }>();
    for (const examId of new Set(attempts.map((a) => a.examId))) {
      const exam = known?.id === examId ? known : await this.exams.findById(examId);
      if (exam) {
        read.set(examId, exam);
        exams.set(examId, { exam, corrected: await this.keys.forExam(exam.id) });
      }
    }
    const gradable = attempts.filter((a) => exams.has(a.examId));
    if (!gradable.length) return read;
    const papers = new Map<string, AttemptPaperRow[]>();
    for (const p of await this.attempts.paper(gradable.map((a) => a.id))) {
      const rows = papers.get(p.attemptId);
      if (rows) rows.push(p);
      else papers.set(p.attemptId, [p]);
    }
    const revisions = await this.revisions.get(
      [...papers.values()].flatMap((rows) => rows.map((p) => p.revisionId)),
    );
    await this.attempts.writeGrades(
      gradable.map((a) => {
        const { exam, corrected } = exams.get(a.examId) as {
          exam: ExamEntity;
          corrected: Map<string, unknown>;
        };
        return this.gradeOne(a, exam, papers.get(a.id) ?? [], revisions, corrected);
      }),
    );
    return read;
  }

  private gradeOne(
    attempt: ExamAttemptEntity,
    exam: ExamEntity,
    paper: AttemptPaperRow[],
    revisions: Awaited<ReturnType<RevisionCache['get']>>,
    corrected: Map<string, unknown>,
  ): AttemptGrades {
    const grades = paper.map((p) => {
      const r = revisions.get(p.revisionId);
      if (p.type === 'short_answer' && p.score !== null)
        return { position: p.position, score: p.score };
      const answer = corrected.get(p.questionId) ?? r?.answer;
      const g = r
        ? gradeResponse(
            {
              type: p.type,
              answer,
              optionOrder: p.optionOrder,
              points: p.points,
              synonyms: r.synonyms,
              orderFree: r.orderFree,
            },
            p.response,
            exam.multipleChoiceScoring,
          )
        : { score: 0 };
      return { position: p.position, score: g.score };
    });
    const pending = grades.some((g) => g.score === null);
    const score = grades.reduce((n, g) => n + (g.score ?? 0), 0);
    const rounded = Math.round(score * 100) / 100;
    return {
      attemptId: attempt.id,
      grades,
      totals: {
        score: rounded,
        passed: pending ? null : percentage(rounded, attempt.maxScore) >= exam.passMark,
        gradingPending: pending,
      },
    };
  }
}

/**
 * Groups calls that arrive while earlier groups are in flight: at most `inFlight` groups of at
 * most `size` items run at once; an item arriving with a free slot goes out at the next turn
 * of the event loop with whatever arrived alongside it. Groups run in the async context the
 * batcher was created in, never in a caller's (its transaction, its request).
 */
class Batcher<K, R> {
  private pending: { key: K; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = 0;
  private scheduled = false;
  private readonly scope = new AsyncResource('AttemptFinalizerBatch');

  constructor(
    private readonly size: number,
    private readonly inFlight: number,
    private readonly run: (keys: K[]) => Promise<R[]>,
  ) {}

  add(key: K): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.inFlight || !this.pending.length) return;
    this.scheduled = true;
    setImmediate(() =>
      this.scope.runInAsyncScope(() => {
        this.scheduled = false;
        this.flush();
      }),
    );
  }

  private flush(): void {
    while (this.running < this.inFlight && this.pending.length) {
      const group = this.pending.splice(0, this.size);
      this.running += 1;
      this.run(group.map((g) => g.key))
        .then(
          (results) => group.forEach((g, i) => g.resolve(results[i])),
          (err: unknown) => group.forEach((g) => g.reject(err)),
        )
        .finally(() => {
          this.running -= 1;
          this.schedule();
        });
    }
  }
}
