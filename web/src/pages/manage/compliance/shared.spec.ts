import { describe, expect, it } from 'vitest';
import { rateText, subtreeOf, targetText } from './shared';
import type { UnitNode } from './shared';

const rate = (numerator: number, denominator: number, percent: number | null) => ({
  numerator,
  denominator,
  percent,
  target: 100,
  met: percent === null ? null : percent >= 100,
});

describe('compliance figures as text', () => {
  it('writes n / d with one decimal, a whole number keeping it', () => {
    expect(rateText(rate(31, 100, 31))).toBe('31 / 100（31.0%）');
    expect(rateText(rate(3, 7, 42.9))).toBe('3 / 7（42.9%）');
    expect(rateText(rate(0, 0, null))).toBe('0 / 0（—）');
  });

  it('says the target and whether it is met in words', () => {
    expect(targetText(rate(3, 7, 42.9))).toBe('目标 100.0%，未达标');
    expect(targetText(rate(7, 7, 100))).toBe('目标 100.0%，达标');
    expect(targetText({ ...rate(2, 3, 66.7), target: null, met: null })).toBe('无目标');
  });
});

describe('subtreeOf', () => {
  const node = (id: string, children: UnitNode[] = []): UnitNode => ({
    id,
    parentId: null,
    code: id,
    name: id,
    kind: 'department',
    depth: 0,
    sortOrder: 0,
    children,
  });
  const tree = [node('p', [node('a', [node('a1')]), node('b')])];

  it('lists a unit and those below it depth first, as the tree shows them', () => {
    expect(subtreeOf(tree, 'a').map((u) => [u.unit.id, u.level])).toEqual([
      ['a', 0],
      ['a1', 1],
    ]);
    expect(subtreeOf(tree, 'p').map((u) => u.unit.id)).toEqual(['p', 'a', 'a1', 'b']);
    expect(subtreeOf(tree, 'x')).toEqual([]);
  });
});
