/**
 * Item statistics of an exam, as Moodle's quiz statistics report defines them:
 * - facility: the mean fraction of the item's points earned (0 = nobody, 1 = everybody);
 * - discrimination index: the Pearson correlation between the item's fraction and the fraction
 *   of the rest of the paper (the attempt without this item), over the attempts that had the
 *   item. It works for random papers, where not every attempt has every item; it is null with
 *   fewer than two attempts or when either side does not vary.
 * Rolled up per law article: facility over every response to an item citing the article,
 * discrimination as the response-weighted mean of its items' indices.
 */

export interface GradedAttempt {
  attemptId: string;
  score: number;
  maxScore: number;
}

export interface GradedItem {
  attemptId: string;
  questionId: string;
  points: number;
  score: number;
}

export interface ItemStatistic {
  questionId: string;
  responses: number;
  facility: number | null;
  discrimination: number | null;
}

export interface ArticleKey {
  lawId: string;
  articleNumber: number;
}

export interface ArticleStatistic extends ArticleKey {
  questions: number;
  responses: number;
  facility: number | null;
  discrimination: number | null;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export function pearson(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

export function itemStatistics(attempts: GradedAttempt[], items: GradedItem[]): ItemStatistic[] {
  const byAttempt = new Map(attempts.map((a) => [a.attemptId, a]));
  const byQuestion = new Map<string, { x: number[]; y: number[] }>();
  for (const it of items) {
    const a = byAttempt.get(it.attemptId);
    if (!a || it.points <= 0) continue;
    const restMax = a.maxScore - it.points;
    let entry = byQuestion.get(it.questionId);
    if (!entry) byQuestion.set(it.questionId, (entry = { x: [], y: [] }));
    entry.x.push(it.score / it.points);
    entry.y.push(restMax > 0 ? (a.score - it.score) / restMax : 0);
  }
  return [...byQuestion].map(([questionId, { x, y }]) => {
    const r = pearson(x, y);
    return {
      questionId,
      responses: x.length,
      facility: x.length ? round3(x.reduce((s, v) => s + v, 0) / x.length) : null,
      discrimination: r === null ? null : round3(r),
    };
  });
}

/** Per article, from the item statistics, the items' articles and their points. */
export function articleStatistics(
  stats: ItemStatistic[],
  items: GradedItem[],
  articlesOf: (questionId: string) => ArticleKey[],
): ArticleStatistic[] {
  const earned = new Map<string, { score: number; points: number }>();
  for (const it of items) {
    const e = earned.get(it.questionId) ?? { score: 0, points: 0 };
    e.score += it.score;
    e.points += it.points;
    earned.set(it.questionId, e);
  }
  const out = new Map<
    string,
    ArticleKey & {
      questions: number;
      responses: number;
      score: number;
      points: number;
      dSum: number;
      dWeight: number;
    }
  >();
  for (const s of stats) {
    for (const art of articlesOf(s.questionId)) {
      const key = `${art.lawId}:${art.articleNumber}`;
      let row = out.get(key);
      if (!row) {
        row = { ...art, questions: 0, responses: 0, score: 0, points: 0, dSum: 0, dWeight: 0 };
        out.set(key, row);
      }
      const e = earned.get(s.questionId) ?? { score: 0, points: 0 };
      row.questions += 1;
      row.responses += s.responses;
      row.score += e.score;
      row.points += e.points;
      if (s.discrimination !== null) {
        row.dSum += s.discrimination * s.responses;
        row.dWeight += s.responses;
      }
    }
  }
  return [...out.values()].map((r) => ({
    lawId: r.lawId,
    articleNumber: r.articleNumber,
    questions: r.questions,
    responses: r.responses,
    facility: r.points > 0 ? round3(r.score / r.points) : null,
    discrimination: r.dWeight > 0 ? round3(r.dSum / r.dWeight) : null,
  }));
}
