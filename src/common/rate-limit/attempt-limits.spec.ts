import type { AttemptPolicy, AttemptState } from './attempt-limits';
import { blockFor, isIdle, takeAttempt } from './attempt-limits';

const MIN = 60_000;
const login: AttemptPolicy = {
  limit: 5,
  windowMs: 15 * MIN,
  blockMs: MIN,
  maxBlockMs: 15 * MIN,
  memoryMs: 60 * MIN,
};

/** Attempts at the given minutes; the wait (in minutes) each one answers. */
function run(policy: AttemptPolicy, minutes: number[]): number[] {
  let state: AttemptState | undefined;
  return minutes.map((m) => {
    const outcome = takeAttempt(state, m * MIN, policy);
    state = outcome.state;
    return outcome.blockedMs / MIN;
  });
}

describe('takeAttempt', () => {
  it.each([
    ['five go through, the sixth waits a minute', [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1]],
    [
      'attempts during the wait are refused without extending it',
      [0, 0, 0, 0, 0, 0, 0.5],
      [0, 0, 0, 0, 0, 1, 0.5],
    ],
    [
      'after a wait one try, then twice as long',
      [0, 0, 0, 0, 0, 0, 1, 1],
      [0, 0, 0, 0, 0, 1, 0, 2],
    ],
    [
      'a new window brings the full allowance back',
      [0, 0, 0, 0, 0, 15, 15, 15, 15, 15],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ],
  ])('%s', (_name, at, waits) => {
    expect(run(login, at)).toEqual(waits);
  });

  it('doubles up to the longest wait and forgets the waits after an hour of quiet', () => {
    const at = [0, 0, 0, 0, 0, 0];
    let t = 0;
    for (const wait of [1, 2, 4, 8, 15, 15]) {
      t += wait;
      at.push(t, t);
    }
    const waits = run(login, at);
    expect(waits.slice(5)).toEqual([1, 0, 2, 0, 4, 0, 8, 0, 15, 0, 15, 0, 15]);
    expect(run(login, [0, 0, 0, 0, 0, 0, 62, 62, 62, 62, 62, 62])).toEqual([
      0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1,
    ]);
  });

  it('with no memory every wait starts afresh (the check-in policy)', () => {
    const checkin = { limit: 2, windowMs: MIN, blockMs: MIN, maxBlockMs: MIN, memoryMs: 0 };
    expect(run(checkin, [0, 0, 0, 1, 1, 1])).toEqual([0, 0, 1, 0, 0, 1]);
  });

  it('computes the waits and when a key may be forgotten', () => {
    expect([1, 2, 3, 4, 5, 40].map((l) => blockFor(l, login) / MIN)).toEqual([1, 2, 4, 8, 15, 15]);
    const state = { count: 1, windowStart: 0, level: 1, blockedUntil: MIN };
    expect(isIdle(state, 15 * MIN, login)).toBe(false);
    expect(isIdle(state, 61 * MIN, login)).toBe(true);
  });
});
