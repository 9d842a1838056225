import { articleStatistics, itemStatistics, pearson } from './item-statistics';
import type { GradedItem } from './item-statistics';

describe('item statistics', () => {
  it('pearson: perfect, inverse, and undefined when a side does not vary', () => {
    expect(pearson([0, 1, 2], [1, 3, 5])).toBeCloseTo(1, 10);
    expect(pearson([0, 1, 2], [5, 3, 1])).toBeCloseTo(-1, 10);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1], [1])).toBeNull();
  });

  it('an item the strong candidates get right and the weak ones wrong discriminates fully', () => {
    const attempts = [
      { attemptId: 'A1', score: 9, maxScore: 10 },
      { attemptId: 'A2', score: 5, maxScore: 10 },
      { attemptId: 'A3', score: 1, maxScore: 10 },
    ];
    const items: GradedItem[] = [
      { attemptId: 'A1', questionId: 'q1', points: 2, score: 2 },
      { attemptId: 'A2', questionId: 'q1', points: 2, score: 1 },
      { attemptId: 'A3', questionId: 'q1', points: 2, score: 0 },
    ];
    // rest of paper: 7/8, 4/8, 1/8 — linear in the item's 1, 0.5, 0
    expect(itemStatistics(attempts, items)).toEqual([
      { questionId: 'q1', responses: 3, facility: 0.5, discrimination: 1 },
    ]);
  });

  // four candidates, three one-point items; totals A 2, B 1, C 2, D 1
  const attempts = ['A', 'B', 'C', 'D'].map((id, i) => ({
    attemptId: id,
    score: [2, 1, 2, 1][i],
    maxScore: 3,
  }));
  const table: [string, number[]][] = [
    ['q1', [1, 1, 0, 0]],
    ['q2', [1, 0, 1, 0]],
    ['q3', [0, 0, 1, 1]],
  ];
  const items: GradedItem[] = table.flatMap(([q, scores]) =>
    scores.map((score, i) => ({ attemptId: 'ABCD'[i], questionId: q, points: 1, score })),
  );

  it('computes facility and a rest-of-paper discrimination index per item', () => {
    const stats = itemStatistics(attempts, items);
    expect(stats).toEqual([
      // rest of paper for q1: .5, 0, 1, .5 → r = −0.5 / √0.5
      { questionId: 'q1', responses: 4, facility: 0.5, discrimination: -0.707 },
      // rest of paper is .5 for everybody: no index
      { questionId: 'q2', responses: 4, facility: 0.5, discrimination: null },
      { questionId: 'q3', responses: 4, facility: 0.5, discrimination: -0.707 },
    ]);
  });

  it('ignores items of attempts that are not graded, and items worth nothing', () => {
    const stats = itemStatistics(attempts.slice(0, 2), [
      ...items,
      { attemptId: 'A', questionId: 'q9', points: 0, score: 0 },
    ]);
    expect(stats.map((s) => [s.questionId, s.responses])).toEqual([
      ['q1', 2],
      ['q2', 2],
      ['q3', 2],
    ]);
  });

  it('rolls up per law article: pooled facility, response-weighted discrimination', () => {
    const stats = itemStatistics(attempts, items);
    const articles = articleStatistics(stats, items, (q) =>
      q === 'q3'
        ? [
            { lawId: 'L1', articleNumber: 5 },
            { lawId: 'L2', articleNumber: 3 },
          ]
        : [{ lawId: 'L1', articleNumber: 5 }],
    );
    expect(articles).toEqual([
      {
        lawId: 'L1',
        articleNumber: 5,
        questions: 3,
        responses: 12,
        facility: 0.5,
        discrimination: -0.707,
      },
      {
        lawId: 'L2',
        articleNumber: 3,
        questions: 1,
        responses: 4,
        facility: 0.5,
        discrimination: -0.707,
      },
    ]);
  });

  it('weights the article facility by points, not by item', () => {
    const few = [{ attemptId: 'A', score: 3, maxScore: 5 }];
    const its: GradedItem[] = [
      { attemptId: 'A', questionId: 'big', points: 4, score: 3 },
      { attemptId: 'A', questionId: 'small', points: 1, score: 0 },
    ];
    const [art] = articleStatistics(itemStatistics(few, its), its, () => [
      { lawId: 'L', articleNumber: 1 },
    ]);
    expect(art).toMatchObject({ facility: 0.6, discrimination: null, questions: 2 });
  });
});
