import { randomInt } from 'node:crypto';
import type { QuestionType } from '../../question-bank';

export interface PaperSource {
  questionId: string;
  revisionId: string;
  type: QuestionType;
  optionCount: number;
}

export interface PaperLine extends PaperSource {
  points: number;
  /** optionOrder[i] = index of the revision's option shown at display position i */
  optionOrder: number[];
}

export interface PaperSpec {
  mode: 'fixed' | 'random';
  fixed: (PaperSource & { points: number })[];
  /** Disjoint pools, one per blueprint rule, in rule order. */
  rules: { count: number; pointsEach: number; pool: PaperSource[] }[];
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
}

/** An integer in [0, n): crypto-strong by default, injectable for tests. */
export type RandomInt = (n: number) => number;
const cryptoRandom: RandomInt = (n) => randomInt(n);

function shuffle<T>(items: T[], rand: RandomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** `count` distinct items, uniformly (partial Fisher–Yates). */
export function sample<T>(items: T[], count: number, rand: RandomInt = cryptoRandom): T[] {
  if (count > items.length) throw new RangeError(`cannot draw ${count} of ${items.length}`);
  const out = [...items];
  for (let i = 0; i < count; i++) {
    const j = i + rand(out.length - i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out.slice(0, count);
}

/**
 * One examinee's paper: the fixed questions, or a draw from each rule's pool; questions shuffled
 * when asked; choice options shuffled when asked (true/false keeps 正确/错误 in place).
 */
export function buildPaper(spec: PaperSpec, rand: RandomInt = cryptoRandom): PaperLine[] {
  const picked: (PaperSource & { points: number })[] =
    spec.mode === 'fixed'
      ? spec.fixed
      : spec.rules.flatMap((r) =>
          sample(r.pool, r.count, rand).map((q) => ({ ...q, points: r.pointsEach })),
        );
  const ordered = spec.shuffleQuestions ? shuffle(picked, rand) : picked;
  return ordered.map((q) => {
    const identity = Array.from({ length: q.optionCount }, (_, i) => i);
    const choice = q.type === 'single_choice' || q.type === 'multiple_choice';
    return {
      ...q,
      optionOrder: choice && spec.shuffleOptions ? shuffle(identity, rand) : identity,
    };
  });
}

/**
 * Splits the questions the rules match into disjoint pools, one per rule, so that drawing rule by
 * rule never repeats a question nor comes up short. A question matching several rules goes to the
 * one that still lacks the most (the most constrained questions first); once every rule has
 * enough, to the one whose pool is smallest for its count, keeping the draws as varied as the
 * bank allows. Returns the pools in rule order; a pool smaller than its count is a shortfall.
 */
export function allocatePools(
  rules: { count: number }[],
  eligible: PaperSource[][],
): PaperSource[][] {
  const matches = new Map<string, { q: PaperSource; rules: number[] }>();
  eligible.forEach((list, r) => {
    for (const q of list) {
      const entry = matches.get(q.questionId) ?? { q, rules: [] };
      entry.rules.push(r);
      matches.set(q.questionId, entry);
    }
  });
  const pools: PaperSource[][] = rules.map(() => []);
  const ordered = [...matches.values()].sort((a, b) => a.rules.length - b.rules.length);
  for (const { q, rules: candidates } of ordered) {
    const deficit = (r: number) => rules[r].count - pools[r].length;
    const needy = candidates.filter((r) => deficit(r) > 0);
    const pick = needy.length
      ? needy.reduce((best, r) => (deficit(r) > deficit(best) ? r : best))
      : candidates.reduce((best, r) =>
          pools[r].length / rules[r].count < pools[best].length / rules[best].count ? r : best,
        );
    pools[pick].push(q);
  }
  return pools;
}
