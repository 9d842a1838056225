import { allocatePools, buildPaper, sample } from './paper-builder';
import type { PaperSource, PaperSpec } from './paper-builder';

const q = (
  id: string,
  type: PaperSource['type'] = 'single_choice',
  optionCount = 4,
): PaperSource => ({
  questionId: id,
  revisionId: `r-${id}`,
  type,
  optionCount,
});

/** A deterministic "random" source cycling through fixed values. */
const seq = (...values: number[]) => {
  let i = 0;
  return (n: number) => values[i++ % values.length] % n;
};

describe('paper building', () => {
  it('draws the requested number of distinct questions from each pool', () => {
    const spec: PaperSpec = {
      mode: 'random',
      fixed: [],
      rules: [
        { count: 2, pointsEach: 2, pool: ['a', 'b', 'c', 'd'].map((x) => q(x)) },
        { count: 1, pointsEach: 5, pool: [q('e', 'true_false', 2), q('f', 'true_false', 2)] },
      ],
      shuffleQuestions: false,
      shuffleOptions: false,
    };
    for (let i = 0; i < 50; i++) {
      const paper = buildPaper(spec);
      expect(paper).toHaveLength(3);
      expect(new Set(paper.map((p) => p.questionId)).size).toBe(3);
      expect(paper.map((p) => p.points)).toEqual([2, 2, 5]);
      expect(['a', 'b', 'c', 'd']).toEqual(
        expect.arrayContaining(paper.slice(0, 2).map((p) => p.questionId)),
      );
      expect(paper[0].optionOrder).toEqual([0, 1, 2, 3]);
    }
  });

  it('reaches every question of a pool over many draws (uniform enough)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) sample(['a', 'b', 'c', 'd', 'e'], 2).forEach((x) => seen.add(x));
    expect(seen.size).toBe(5);
    expect(() => sample(['a'], 2)).toThrow(RangeError);
  });

  it('keeps a fixed paper in order unless asked to shuffle, and shuffles options of choice questions only', () => {
    const fixed = [
      { ...q('a'), points: 1 },
      { ...q('b', 'true_false', 2), points: 1 },
      { ...q('c', 'fill_blank', 0), points: 2 },
    ];
    const plain = buildPaper({
      mode: 'fixed',
      fixed,
      rules: [],
      shuffleQuestions: false,
      shuffleOptions: false,
    });
    expect(plain.map((p) => p.questionId)).toEqual(['a', 'b', 'c']);
    const shuffled = buildPaper(
      { mode: 'fixed', fixed, rules: [], shuffleQuestions: true, shuffleOptions: true },
      seq(0, 0, 3, 1, 0),
    );
    expect(shuffled.map((p) => p.questionId).sort()).toEqual(['a', 'b', 'c']);
    const a = shuffled.find((p) => p.questionId === 'a');
    expect(a?.optionOrder.slice().sort()).toEqual([0, 1, 2, 3]);
    expect(shuffled.find((p) => p.questionId === 'b')?.optionOrder).toEqual([0, 1]);
    expect(shuffled.find((p) => p.questionId === 'c')?.optionOrder).toEqual([]);
  });
});

describe('allocatePools', () => {
  const qs = (...ids: string[]) => ids.map((id) => q(id));

  it('shares questions that match several rules so that every rule gets enough when possible', () => {
    const all = qs('1', '2', '3', '4', '5', '6');
    const pools = allocatePools([{ count: 4 }, { count: 2 }], [all, all]);
    expect(pools.map((p) => p.length)).toEqual([4, 2]);
    expect(new Set(pools.flat().map((p) => p.questionId)).size).toBe(6);
  });

  it('gives a narrow rule its only questions before a broad rule takes them', () => {
    const broad = qs('1', '2', '3', '4');
    const narrow = qs('1', '2');
    const pools = allocatePools([{ count: 2 }, { count: 2 }], [broad, narrow]);
    expect(pools[1].map((p) => p.questionId).sort()).toEqual(['1', '2']);
    expect(pools[0].map((p) => p.questionId).sort()).toEqual(['3', '4']);
  });

  it('reports a shortfall as a pool smaller than its count', () => {
    const all = qs('1', '2', '3', '4', '5', '6');
    const pools = allocatePools([{ count: 4 }, { count: 3 }], [all, all]);
    expect(pools.map((p) => p.length).sort()).toEqual([2, 4].sort());
    expect(pools[0].length + pools[1].length).toBe(6);
  });

  it('spreads surplus questions to keep draws varied', () => {
    const all = qs(...Array.from({ length: 20 }, (_, i) => String(i)));
    const pools = allocatePools([{ count: 2 }, { count: 2 }], [all, all]);
    expect(pools.map((p) => p.length)).toEqual([10, 10]);
  });
});
