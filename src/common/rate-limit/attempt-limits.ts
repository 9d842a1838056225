/**
 * How many attempts a key (a source and an account, a person and a session) may make, and how
 * long it waits once it has used them up.
 */
export interface AttemptPolicy {
  /** Attempts allowed per window. */
  limit: number;
  windowMs: number;
  /** The first wait; each further one doubles, up to `maxBlockMs`. */
  blockMs: number;
  maxBlockMs: number;
  /**
   * How long after a wait ends it is remembered: until then the key has one attempt at a time
   * and its next wait is twice as long. 0 = every wait starts afresh.
   */
  memoryMs: number;
}

export interface AttemptState {
  /** Attempts in the current window. */
  count: number;
  windowStart: number;
  /** Waits in a row (0 = none remembered). */
  level: number;
  blockedUntil: number;
}

export interface AttemptOutcome {
  state: AttemptState;
  /** 0 = go ahead; otherwise refuse, and the key waits this long. */
  blockedMs: number;
  /** This attempt started the wait. */
  newBlock: boolean;
}

/** One attempt at `now` (ms). The Redis script in attempt-limiter.ts is the same function. */
export function takeAttempt(
  previous: AttemptState | undefined,
  now: number,
  policy: AttemptPolicy,
): AttemptOutcome {
  const s = previous ?? { count: 0, windowStart: 0, level: 0, blockedUntil: 0 };
  if (s.blockedUntil > now) return { state: s, blockedMs: s.blockedUntil - now, newBlock: false };
  let { count, windowStart, level } = s;
  if (level > 0 && now - s.blockedUntil >= policy.memoryMs) level = 0;
  if (now - windowStart >= policy.windowMs) {
    windowStart = now;
    count = 0;
  }
  count += 1;
  if (count <= (level > 0 ? 1 : policy.limit)) {
    return {
      state: { count, windowStart, level, blockedUntil: s.blockedUntil },
      blockedMs: 0,
      newBlock: false,
    };
  }
  level += 1;
  const blockedMs = blockFor(level, policy);
  return {
    state: { count: 0, windowStart: now, level, blockedUntil: now + blockedMs },
    blockedMs,
    newBlock: true,
  };
}

/** The wait of the `level`-th block in a row. */
export function blockFor(level: number, policy: AttemptPolicy): number {
  return Math.min(policy.blockMs * 2 ** Math.min(level - 1, 30), policy.maxBlockMs);
}

/** Whether a state can be forgotten at `now` (nothing left that changes the next outcome). */
export function isIdle(s: AttemptState, now: number, policy: AttemptPolicy): boolean {
  return now - s.windowStart >= policy.windowMs && now - s.blockedUntil >= policy.memoryMs;
}
