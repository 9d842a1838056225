import type { ExamAttemptEntity } from '../entities/exam-attempt.entity';
import type { ExamEntity } from '../entities/exam.entity';
import { percentage } from '../grading/grading';

export const STANDING_STATUSES = [
  'upcoming',
  'not_started',
  'in_progress',
  'submitted',
  'passed',
  'failed',
  'absent',
] as const;
export type StandingStatus = (typeof STANDING_STATUSES)[number];

/** 缺考 only once the window has closed: inside it, not having started is 未开始. */
export const STANDING_LABELS: Record<StandingStatus, string> = {
  upcoming: '未开考',
  not_started: '未开始',
  in_progress: '答题中',
  submitted: '已交卷（待评分）',
  passed: '通过',
  failed: '未通过',
  absent: '缺考',
};

export type StandingExam = Pick<
  ExamEntity,
  'opensAt' | 'closesAt' | 'status' | 'scorePolicy' | 'attemptsAllowed'
>;
export type StandingAttempt = Pick<
  ExamAttemptEntity,
  'id' | 'attemptNo' | 'status' | 'score' | 'maxScore' | 'passed' | 'gradingPending' | 'finishedAt'
>;

export interface Standing<A extends StandingAttempt = StandingAttempt> {
  status: StandingStatus;
  /** The attempt whose score counts (highest or latest graded one), if any. */
  counted: A | null;
  open: A | null;
  attemptsUsed: number;
  attemptsLeft: number;
}

/**
 * One person's standing in one exam. `counts` filters the finished attempts that may count
 * (the examinee's own view hides results the review policy does not show yet); an attempt
 * still waiting for a person to grade it never counts. Highest: the best graded attempt;
 * latest: the last finished attempt, once it is graded.
 *
 * in progress → an open attempt; passed / failed → the counted attempt; submitted → finished
 * but nothing gradable counts yet; upcoming / not started / absent → no finished attempt,
 * before, inside or after the window.
 */
export function standing<A extends StandingAttempt>(
  exam: StandingExam,
  attempts: A[],
  now: Date,
  counts: (a: A) => boolean = () => true,
): Standing<A> {
  const ordered = [...attempts].sort((a, b) => a.attemptNo - b.attemptNo);
  const open = ordered.find((a) => a.status === 'in_progress') ?? null;
  const finished = ordered.filter((a) => a.status === 'finished');
  const countable = (a: A) => !a.gradingPending && a.score !== null && counts(a);
  let counted: A | null = null;
  if (exam.scorePolicy === 'latest') {
    const last = finished[finished.length - 1];
    counted = last && countable(last) ? last : null;
  } else {
    for (const a of finished.filter(countable)) {
      if (!counted || (a.score ?? 0) > (counted.score ?? 0)) counted = a;
    }
  }
  let status: StandingStatus;
  if (open) status = 'in_progress';
  else if (counted) status = counted.passed ? 'passed' : 'failed';
  else if (finished.length) status = 'submitted';
  else if (now < exam.opensAt) status = 'upcoming';
  else if (now >= exam.closesAt || exam.status !== 'published') status = 'absent';
  else status = 'not_started';
  return {
    status,
    counted,
    open,
    attemptsUsed: ordered.length,
    attemptsLeft: Math.max(0, exam.attemptsAllowed - ordered.length),
  };
}

/** The counted attempt's percentage of its paper, one decimal; null when nothing counts. */
export function countedPercentage(s: Standing): number | null {
  return s.counted ? percentage(s.counted.score ?? 0, s.counted.maxScore) : null;
}
