import {
  afterPracticeAnswer,
  heartbeatSeconds,
  minutesToHours,
  practiceMinutes,
  readingMinutes,
} from './study-rules';
import type { WrongBookState } from './study-rules';

const at = (seconds: number) => new Date(Date.UTC(2026, 2, 2, 1, 0, 0) + seconds * 1000);

describe('reading heartbeats', () => {
  it.each([
    ['no previous heartbeat: one interval', null, 0, 30],
    ['exactly one interval later', 0, 30, 30],
    ['a faster client earns only the real gap', 0, 5, 5],
    ['a slow network still earns at most one interval', 0, 45, 30],
    ['after a long pause, one interval', 0, 3600, 30],
    ['the same instant earns nothing', 10, 10, 0],
    ['a clock behind the previous beat earns nothing', 20, 10, 0],
    ['fractions of a second are dropped', 0, 12.9, 12],
  ])('%s', (_name, previous, now, expected) => {
    expect(heartbeatSeconds(previous === null ? null : at(previous), at(now))).toBe(expected);
  });

  it('never credits more than the time that passed however often the client beats', () => {
    let previous: Date | null = at(0);
    let total = 0;
    // 600 heartbeats one second apart: ten minutes of reading
    for (let s = 1; s <= 600; s++) {
      total += heartbeatSeconds(previous, at(s));
      previous = at(s);
    }
    expect(total).toBe(600);
  });

  it.each([
    [59, 120, 0],
    [60, 120, 1],
    [119, 120, 1],
    [90 * 60, 120, 90],
    [5 * 3600, 120, 120],
    [5 * 3600, 30, 30],
    [-5, 120, 0],
  ])('%i s read with a cap of %i min earn %i whole minutes', (seconds, cap, minutes) => {
    expect(readingMinutes(seconds, cap)).toBe(minutes);
  });
});

describe('practice quizzes', () => {
  it.each([
    ['one minute per answered question when time allows', 10, 0, 15 * 60, 10],
    ['no more than the whole minutes spent', 10, 0, 4 * 60 + 59, 4],
    ['clicking through earns nothing', 20, 0, 40, 0],
    ['nothing answered earns nothing', 0, 0, 3600, 0],
  ])('%s', (_name, answered, start, last, minutes) => {
    expect(practiceMinutes(answered, at(start), at(last))).toBe(minutes);
  });

  it('earns nothing without any answer time', () => {
    expect(practiceMinutes(3, at(0), null)).toBe(0);
  });

  it.each([
    [1, 0.02],
    [10, 0.17],
    [30, 0.5],
    [90, 1.5],
    [120, 2],
  ])('%i minutes are %d hours in the ledger', (minutes, hours) => {
    expect(minutesToHours(minutes)).toBe(hours);
  });
});

describe('the wrong-answer book', () => {
  const play = (answers: boolean[]) => {
    let state: WrongBookState | null = null;
    const changes: string[] = [];
    for (const correct of answers) {
      const next = afterPracticeAnswer(state, correct);
      state = next.state;
      changes.push(next.change);
    }
    return { state, changes };
  };

  it('a right answer to a question never missed changes nothing', () => {
    expect(play([true, true])).toEqual({ state: null, changes: ['none', 'none'] });
  });

  it('a wrong answer puts the question in the book', () => {
    expect(play([false])).toEqual({
      state: { inBook: true, rightStreak: 0, wrongCount: 1 },
      changes: ['entered'],
    });
  });

  it('takes the question out after two right answers in a row', () => {
    expect(play([false, true, true])).toEqual({
      state: { inBook: false, rightStreak: 2, wrongCount: 1 },
      changes: ['entered', 'stayed', 'left'],
    });
  });

  it('a wrong answer in between starts the streak again', () => {
    const { state, changes } = play([false, true, false, true]);
    expect(state).toEqual({ inBook: true, rightStreak: 1, wrongCount: 2 });
    expect(changes).toEqual(['entered', 'stayed', 'stayed', 'stayed']);
    expect(play([false, true, false, true, true]).state?.inBook).toBe(false);
  });

  it('once out, right answers change nothing and a wrong one puts it back', () => {
    const { state, changes } = play([false, true, true, true, false]);
    expect(changes).toEqual(['entered', 'stayed', 'left', 'none', 'entered']);
    expect(state).toEqual({ inBook: true, rightStreak: 0, wrongCount: 2 });
  });
});
