import { countedPercentage, standing } from './standing';
import type { StandingAttempt, StandingExam } from './standing';

const exam = (over: Partial<StandingExam> = {}): StandingExam => ({
  opensAt: new Date('2026-12-01T01:00:00Z'),
  closesAt: new Date('2026-12-01T09:00:00Z'),
  status: 'published',
  scorePolicy: 'highest',
  attemptsAllowed: 3,
  ...over,
});

let n = 0;
const attempt = (over: Partial<StandingAttempt> = {}): StandingAttempt => ({
  id: `a${++n}`,
  attemptNo: n,
  status: 'finished',
  score: 50,
  maxScore: 100,
  passed: false,
  gradingPending: false,
  finishedAt: new Date('2026-12-01T02:00:00Z'),
  ...over,
});

const before = new Date('2026-12-01T00:00:00Z');
const during = new Date('2026-12-01T05:00:00Z');
const after = new Date('2026-12-01T10:00:00Z');

describe('standing', () => {
  it.each([
    ['upcoming', [], before, 'published'],
    ['not_started', [], during, 'published'],
    ['absent', [], after, 'published'],
    ['absent', [], during, 'closed'],
  ] as const)('%s without attempts', (expected, attempts, now, status) => {
    expect(standing(exam({ status }), [...attempts], now).status).toBe(expected);
  });

  it('an open attempt wins over finished ones', () => {
    const s = standing(
      exam(),
      [attempt({ passed: true, score: 90 }), attempt({ status: 'in_progress', score: null })],
      during,
    );
    expect(s.status).toBe('in_progress');
    expect(s.open?.status).toBe('in_progress');
    expect(s.attemptsLeft).toBe(1);
  });

  it('highest: the best graded attempt counts, pending ones do not', () => {
    n = 0;
    const a1 = attempt({ score: 70, passed: true });
    const a2 = attempt({ score: 40, passed: false });
    const a3 = attempt({ score: 95, passed: null, gradingPending: true });
    const s = standing(exam(), [a3, a2, a1], after);
    expect(s.counted?.id).toBe(a1.id);
    expect(s.status).toBe('passed');
    expect(countedPercentage(s)).toBe(70);
  });

  it('latest: the last finished attempt counts, and only once graded', () => {
    n = 0;
    const a1 = attempt({ score: 90, passed: true });
    const a2 = attempt({ score: 30, passed: false });
    expect(standing(exam({ scorePolicy: 'latest' }), [a1, a2], after)).toMatchObject({
      status: 'failed',
      counted: a2,
    });
    const a3 = attempt({ score: null, passed: null, gradingPending: true });
    expect(standing(exam({ scorePolicy: 'latest' }), [a1, a2, a3], after)).toMatchObject({
      status: 'submitted',
      counted: null,
    });
  });

  it('a result the examinee may not see yet shows as submitted', () => {
    const s = standing(exam(), [attempt({ passed: true, score: 80 })], during, () => false);
    expect(s.status).toBe('submitted');
    expect(countedPercentage(s)).toBeNull();
  });
});
