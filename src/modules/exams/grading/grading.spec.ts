import { gradeResponse, keyInDisplayOrder, normalizeFillIn, percentage } from './grading';
import type { GradableQuestion } from './grading';

const identity = [0, 1, 2, 3];

describe('grading', () => {
  const single: GradableQuestion = {
    type: 'single_choice',
    answer: 'B',
    optionOrder: identity,
    points: 2,
  };
  const shuffled: GradableQuestion = { ...single, optionOrder: [2, 0, 3, 1] }; // shown A=C B=A C=D D=B
  const tf: GradableQuestion = { type: 'true_false', answer: 'A', optionOrder: [0, 1], points: 1 };
  const multi: GradableQuestion = {
    type: 'multiple_choice',
    answer: ['A', 'C', 'D'],
    optionOrder: identity,
    points: 3,
  };
  const fill: GradableQuestion = {
    type: 'fill_blank',
    answer: [['十五日', '15日'], ['书面']],
    optionOrder: [],
    points: 4,
  };

  it.each([
    ['single right', single, ['B'], 'all_or_nothing', 2, true],
    ['single wrong', single, ['A'], 'all_or_nothing', 0, false],
    ['single lower case', single, ['b'], 'all_or_nothing', 2, true],
    ['single two letters', single, ['B', 'C'], 'all_or_nothing', 0, false],
    ['single blank', single, [], 'all_or_nothing', 0, false],
    ['single unanswered', single, null, 'all_or_nothing', 0, false],
    ['single not an option', single, ['H'], 'all_or_nothing', 0, false],
    ['single shuffled: display D is original B', shuffled, ['D'], 'all_or_nothing', 2, true],
    ['single shuffled: display B is original A', shuffled, ['B'], 'all_or_nothing', 0, false],
    ['true/false right', tf, ['A'], 'all_or_nothing', 1, true],
    ['true/false wrong', tf, ['B'], 'all_or_nothing', 0, false],
    ['multiple all right', multi, ['D', 'A', 'C'], 'all_or_nothing', 3, true],
    ['multiple missing one, all or nothing', multi, ['A', 'C'], 'all_or_nothing', 0, false],
    ['multiple missing one, partial', multi, ['A', 'C'], 'partial', 2, false],
    ['multiple one of three, partial', multi, ['D'], 'partial', 1, false],
    ['multiple with a wrong one, partial', multi, ['A', 'B', 'C'], 'partial', 0, false],
    ['multiple all plus a wrong one, partial', multi, ['A', 'B', 'C', 'D'], 'partial', 0, false],
    ['multiple nothing, partial', multi, [], 'partial', 0, false],
    ['fill both right', fill, ['15日', '书面'], 'all_or_nothing', 4, true],
    ['fill full-width and spaces', fill, ['１５ 日', ' 书 面 '], 'all_or_nothing', 4, true],
    ['fill one of two', fill, ['十五日', '口头'], 'all_or_nothing', 2, false],
    ['fill missing second', fill, ['十五日'], 'all_or_nothing', 2, false],
    ['fill nothing', fill, null, 'all_or_nothing', 0, false],
  ] as const)('%s', (_name, q, response, scoring, score, correct) => {
    expect(gradeResponse(q, response as string[] | null, scoring)).toEqual({ score, correct });
  });

  it('leaves short answers to a person', () => {
    expect(
      gradeResponse(
        { type: 'short_answer', answer: '参考答案', optionOrder: [], points: 5 },
        ['我的答案'],
        'partial',
      ),
    ).toEqual({ score: null, correct: null });
  });

  it('rounds part marks to two decimals', () => {
    const q: GradableQuestion = { ...multi, points: 2 };
    expect(gradeResponse(q, ['A'], 'partial').score).toBe(0.67);
  });

  it('normalises fill-in answers: width, spaces, case', () => {
    expect(normalizeFillIn(' ＡＢＣ　十五 日 ')).toBe('abc十五日');
  });

  describe('fill-in equivalences', () => {
    const days: GradableQuestion = {
      type: 'fill_blank',
      answer: [
        ['七日', '7日'],
        ['十日', '10日'],
      ],
      optionOrder: [],
      points: 2,
    };
    const synonyms: GradableQuestion = {
      type: 'fill_blank',
      answer: [['诚信']],
      synonyms: [['诚实信用']],
      optionOrder: [],
      points: 1,
    };
    const pair: GradableQuestion = {
      type: 'fill_blank',
      answer: [['调解协议书'], ['和解协议书']],
      optionOrder: [],
      points: 2,
    };
    const free: GradableQuestion = { ...pair, orderFree: true };
    it.each([
      ['天 for 日 after a Chinese number', days, ['七天', '十天'], 2, true],
      ['天 for 日 after an Arabic number, full width', days, ['７天', '10 天'], 2, true],
      ['天 alone is no number of days', days, ['天', '十日'], 1, false],
      ['a listed synonym', synonyms, ['诚实信用'], 1, true],
      ['the key itself still', synonyms, ['诚信'], 1, true],
      ['a synonym of another question is not one', synonyms, ['诚实'], 0, false],
      ['in order, where order matters', pair, ['调解协议书', '和解协议书'], 2, true],
      ['swapped, where order matters', pair, ['和解协议书', '调解协议书'], 0, false],
      ['swapped, order-free', free, ['和解协议书', '调解协议书'], 2, true],
      ['one answer twice, order-free: one blank', free, ['调解协议书', '调解协议书'], 1, false],
      ['one right, order-free', free, ['口头', '调解协议书'], 1, false],
      ['nothing, order-free', free, null, 0, false],
    ] as const)('%s', (_name, q, response, score, correct) => {
      expect(gradeResponse(q, response as string[] | null, 'all_or_nothing')).toEqual({
        score,
        correct,
      });
    });

    it('normalises 天 after a number to 日, nowhere else', () => {
      expect(normalizeFillIn('十五天内')).toBe('十五日内');
      expect(normalizeFillIn('两天')).toBe('两日');
      expect(normalizeFillIn('天安门')).toBe('天安门');
    });
  });

  it('shows the key in the letters the examinee saw', () => {
    expect(keyInDisplayOrder(shuffled)).toBe('D');
    expect(keyInDisplayOrder({ ...multi, optionOrder: [3, 2, 1, 0] })).toEqual(['A', 'B', 'D']);
    expect(keyInDisplayOrder(fill)).toEqual([['十五日', '15日'], ['书面']]);
  });

  it('computes percentages with one decimal', () => {
    expect(percentage(59.95, 100)).toBe(60);
    expect(percentage(2, 3)).toBe(66.7);
    expect(percentage(0, 0)).toBe(0);
  });
});
