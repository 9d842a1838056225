import { describe, expect, it } from 'vitest';
import {
  fromLocalInput,
  initialState,
  newRule,
  paperPoints,
  percentText,
  rateText,
  shortfallLines,
  stepProblems,
  toLocalInput,
  toPayload,
  toUpdate,
} from './exam-form';

describe('exam wizard state', () => {
  it('reads datetime-local values as Beijing time and back', () => {
    expect(fromLocalInput('2026-12-07T14:00')).toBe('2026-12-07T06:00:00.000Z');
    expect(toLocalInput('2026-12-07T06:00:00.000Z')).toBe('2026-12-07T14:00');
    expect(fromLocalInput('')).toBe('');
  });

  it('shuffles options of a new official exam by default', () => {
    const s = initialState(new Date('2026-12-07T05:20:00Z'));
    expect(s.kind).toBe('official');
    expect(s.shuffleOptions).toBe(true);
    expect(s.opensAt).toBe('2026-12-07T14:00');
  });

  it('sends rules for a blueprint paper with tags split, article range only with one law', () => {
    const s = initialState();
    Object.assign(s, { unitId: 'u', title: '年度考试', planId: '' });
    s.rules = [
      { ...newRule('true_false'), count: 5, pointsEach: 4, tags: '信访，受理 期限' },
      { ...newRule(), lawIds: ['a', 'b'], articleFrom: 3, articleTo: 9 },
      { ...newRule('fill_blank'), lawIds: ['a'], articleFrom: 3, articleTo: 9 },
    ];
    const body = toPayload(s);
    expect(body).not.toHaveProperty('planId');
    expect(body).not.toHaveProperty('questions');
    expect(body.rules).toEqual([
      {
        type: 'true_false',
        count: 5,
        pointsEach: 4,
        tags: ['信访', '受理', '期限'],
        difficultyMin: 1,
        difficultyMax: 5,
      },
      {
        type: 'single_choice',
        count: 10,
        pointsEach: 2,
        lawIds: ['a', 'b'],
        difficultyMin: 1,
        difficultyMax: 5,
      },
      {
        type: 'fill_blank',
        count: 10,
        pointsEach: 2,
        lawIds: ['a'],
        articleFrom: 3,
        articleTo: 9,
        difficultyMin: 1,
        difficultyMax: 5,
      },
    ]);
    expect(paperPoints(s)).toBe(60);
  });

  it('sends picked questions for a fixed paper, and an update without unit, plan or kind', () => {
    const s = initialState();
    s.paperMode = 'fixed';
    s.questions = [{ questionId: 'q1', code: 'A', stem: '', type: 'single_choice', points: 2.5 }];
    expect(toPayload(s).questions).toEqual([{ questionId: 'q1', points: 2.5 }]);
    const update = toUpdate(s);
    expect(update).not.toHaveProperty('unitId');
    expect(update).not.toHaveProperty('kind');
    expect(update.rules).toEqual([]);
  });

  it('lists what a step still lacks', () => {
    const s = initialState();
    expect(stepProblems(s, 0)).toEqual(['请选择考试所属单位', '请填写考试名称（至少 2 个字）']);
    s.closesAt = s.opensAt;
    expect(stepProblems(s, 0)).toContain('截止时间必须晚于开始时间');
    expect(stepProblems(s, 1)).toEqual(['请至少选择一个单位或一名人员作为考试对象']);
    s.rules = [{ ...newRule(), articleFrom: 2, difficultyMin: 4, difficultyMax: 2 }];
    expect(stepProblems(s, 2)).toEqual([
      '规则 1：难度下限不能高于上限',
      '规则 1：按条文范围抽题时须且只能选择一部法律法规',
    ]);
  });
});

describe('figures', () => {
  it('shows the shortfall per rule from the refusal details', () => {
    expect(
      shortfallLines([{ rule: 2, type: 'true_false', needed: 10, available: 3 }, { x: 1 }]),
    ).toEqual(['规则 2（判断题）：需要 10 道，题库中可用 3 道，还差 7 道']);
    expect(shortfallLines(undefined)).toEqual([]);
  });

  it('keeps one decimal in percentages', () => {
    expect(percentText(31)).toBe('31.0%');
    expect(percentText(null)).toBe('—');
    expect(rateText({ numerator: 9, denominator: 29, percent: 31 })).toBe('9 / 29（31.0%）');
  });
});
