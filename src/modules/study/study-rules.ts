/**
 * The ledger's crediting rules, kept pure so they can be read and tested in one place.
 */

/** Clients send a reading heartbeat every this many seconds while an article is on screen. */
export const HEARTBEAT_SECONDS = 30;

/**
 * Seconds one reading heartbeat earns: the time since the same person's previous heartbeat (on
 * any article), at most one interval. Sending heartbeats faster, or from several tabs, never
 * earns more than the time that really passed. A heartbeat with no recent predecessor earns one
 * interval: clients send the first one after an article has been on screen that long.
 */
export function heartbeatSeconds(
  previous: Date | null,
  now: Date,
  interval = HEARTBEAT_SECONDS,
): number {
  if (!previous) return interval;
  const gap = Math.floor((now.getTime() - previous.getTime()) / 1000);
  return Math.max(0, Math.min(interval, gap));
}

/**
 * Whole minutes of self-study a day of reading earns: nothing under one minute, never more than
 * the daily cap.
 */
export function readingMinutes(totalSeconds: number, capMinutes: number): number {
  return Math.min(Math.floor(Math.max(0, totalSeconds) / 60), capMinutes);
}

/** A practice question is worth this many minutes of study. */
export const PRACTICE_MINUTES_PER_QUESTION = 1;

/**
 * Minutes a finished practice quiz earns: one per answered question, but never more than the
 * whole minutes actually spent between starting the quiz and the last answer (clicking through
 * earns nothing). Zero means no study record.
 */
export function practiceMinutes(
  answered: number,
  startedAt: Date,
  lastAnsweredAt: Date | null,
): number {
  if (answered <= 0 || !lastAnsweredAt) return 0;
  const spent = Math.floor((lastAnsweredAt.getTime() - startedAt.getTime()) / 60_000);
  return Math.max(0, Math.min(answered * PRACTICE_MINUTES_PER_QUESTION, spent));
}

/** Hours for the ledger from whole minutes (two decimals, as the ledger stores them). */
export const minutesToHours = (minutes: number): number => Math.round((minutes / 60) * 100) / 100;

/** A question leaves the wrong-answer book after this many right answers in a row. */
export const RIGHT_IN_A_ROW_TO_LEAVE = 2;

export interface WrongBookState {
  inBook: boolean;
  rightStreak: number;
  wrongCount: number;
}

export type WrongBookChange = 'entered' | 'stayed' | 'left' | 'none';

/**
 * The wrong-answer book after one practice answer: a wrong answer puts the question in (again)
 * and resets the streak; a right answer to a question in the book counts towards leaving it; a
 * right answer to a question not in the book changes nothing.
 */
export function afterPracticeAnswer(
  state: WrongBookState | null,
  correct: boolean,
): { state: WrongBookState | null; change: WrongBookChange } {
  if (!correct) {
    return {
      state: { inBook: true, rightStreak: 0, wrongCount: (state?.wrongCount ?? 0) + 1 },
      change: state?.inBook ? 'stayed' : 'entered',
    };
  }
  if (!state?.inBook) return { state, change: 'none' };
  const rightStreak = state.rightStreak + 1;
  const leaves = rightStreak >= RIGHT_IN_A_ROW_TO_LEAVE;
  return {
    state: { inBook: !leaves, rightStreak, wrongCount: state.wrongCount },
    change: leaves ? 'left' : 'stayed',
  };
}
