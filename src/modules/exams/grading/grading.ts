import type { QuestionType } from '../../question-bank';
import { LETTERS } from '../../question-bank';

export type MultipleChoiceScoring = 'all_or_nothing' | 'partial';

/** What grading needs of a question as the examinee saw it. */
export interface GradableQuestion {
  type: QuestionType;
  /** The revision's key: "B" | ["A","C"] | [["十五日","15日"]] | reference answer */
  answer: unknown;
  /**
   * optionOrder[i] = index in the revision's options of the option shown at position i (the
   * examinee answers with display letters). Empty for types without options.
   */
  optionOrder: number[];
  points: number;
  /** Fill-in: more accepted answers per blank (诚实信用 for 诚信), as the revision lists them. */
  synonyms?: string[][];
  /** Fill-in: the blanks may be answered in any order (each answer still fills one blank). */
  orderFree?: boolean;
}

export interface GradeResult {
  /** null: needs a person (short answer) */
  score: number | null;
  correct: boolean | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A number in Arabic or Chinese numerals, as day limits are written (15, 十五, 两). */
const DAYS = /([0-9〇零一二两三四五六七八九十百千]+)天/g;

/**
 * Full/half width, spaces and case do not matter in fill-in answers: ＡＢＣ 十五 日 = abc十五日;
 * nor 天 for 日 after a number (十五天 = 十五日, the same length of time).
 */
export function normalizeFillIn(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .toLowerCase()
    .replace(DAYS, '$1日');
}

/** How many blanks the answers fill: in order, or (order-free) each answer in one blank. */
function filledBlanks(accepted: string[][], given: string[], orderFree: boolean): number {
  const normal = accepted.map((list) => new Set(list.map(normalizeFillIn)));
  const answers = given.map((g) => (typeof g === 'string' ? normalizeFillIn(g) : ''));
  const fits = (blank: number, answer: number) =>
    answers[answer] !== undefined && answers[answer] !== '' && normal[blank].has(answers[answer]);
  if (!orderFree) return normal.filter((_, i) => fits(i, i)).length;
  // the most blanks filled with each answer used once: a maximum bipartite matching
  const blankOf = new Array<number>(answers.length).fill(-1);
  const assign = (blank: number, seen: Set<number>): boolean => {
    for (let a = 0; a < answers.length; a++) {
      if (seen.has(a) || !fits(blank, a)) continue;
      seen.add(a);
      if (blankOf[a] === -1 || assign(blankOf[a], seen)) {
        blankOf[a] = blank;
        return true;
      }
    }
    return false;
  };
  return normal.filter((_, b) => assign(b, new Set())).length;
}

/** Display letters → the revision's letters, dropping anything that is not an option. */
function toOriginal(response: string[], optionOrder: number[]): Set<string> {
  const out = new Set<string>();
  for (const r of response) {
    const shown = LETTERS.indexOf(r.trim().toUpperCase());
    if (shown >= 0 && shown < optionOrder.length) out.add(LETTERS[optionOrder[shown]]);
  }
  return out;
}

/**
 * Grades one response. Single choice and true/false: exact. Multiple choice: all or nothing, or
 * (partial) missing choices earn their share and any wrong choice earns zero. Fill-in: each blank
 * earns its share when it matches an accepted answer or a listed synonym after normalisation,
 * in its own place or, for an order-free question, in any one place. Short answer: a person.
 */
export function gradeResponse(
  q: GradableQuestion,
  response: string[] | null,
  scoring: MultipleChoiceScoring,
): GradeResult {
  if (q.type === 'short_answer') return { score: null, correct: null };
  const given = response ?? [];
  switch (q.type) {
    case 'single_choice':
    case 'true_false': {
      const chosen = toOriginal(given, q.optionOrder);
      const ok = given.length === 1 && chosen.size === 1 && chosen.has(q.answer as string);
      return { score: ok ? q.points : 0, correct: ok };
    }
    case 'multiple_choice': {
      const key = new Set(q.answer as string[]);
      const chosen = toOriginal(given, q.optionOrder);
      const right = [...chosen].filter((c) => key.has(c)).length;
      const wrong = chosen.size - right;
      if (wrong === 0 && right === key.size) return { score: q.points, correct: true };
      if (scoring === 'partial' && wrong === 0 && right > 0) {
        return { score: round2((q.points * right) / key.size), correct: false };
      }
      return { score: 0, correct: false };
    }
    case 'fill_blank': {
      const blanks = (q.answer as string[][]).map((accepted, i) => [
        ...accepted,
        ...(q.synonyms?.[i] ?? []),
      ]);
      const hits = filledBlanks(blanks, given, q.orderFree === true);
      return { score: round2((q.points * hits) / blanks.length), correct: hits === blanks.length };
    }
  }
}

/** The correct answer in display letters, for the review screen. */
export function keyInDisplayOrder(
  q: Pick<GradableQuestion, 'type' | 'answer' | 'optionOrder'>,
): unknown {
  const display = (letter: string) => LETTERS[q.optionOrder.indexOf(LETTERS.indexOf(letter))];
  switch (q.type) {
    case 'single_choice':
    case 'true_false':
      return display(q.answer as string);
    case 'multiple_choice':
      return (q.answer as string[]).map(display).sort();
    case 'fill_blank':
    case 'short_answer':
      return q.answer;
  }
}

/** Percentage of the paper's points, one decimal. */
export function percentage(score: number, max: number): number {
  return max > 0 ? Math.round((score / max) * 1000) / 10 : 0;
}
