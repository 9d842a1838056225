import { describe, expect, it } from 'vitest';
import type { UnitNode } from './units';
import { findUnit, flattenUnits, unitKindLabel } from './units';

const node = (id: string, name: string, sortOrder: number, children: UnitNode[] = []): UnitNode =>
  ({ id, name, sortOrder, children, parentId: null, code: id, kind: 'other', depth: 0 }) as never;

describe('unit tree helpers', () => {
  const tree = [
    node('p', '省', 0, [node('b', '乙局', 2, [node('d', '科室', 0)]), node('a', '甲局', 1)]),
  ];

  it('flattens depth first, children by sort order, names indented by level', () => {
    expect(flattenUnits(tree).map((o) => [o.id, o.level, o.label])).toEqual([
      ['p', 0, '省'],
      ['a', 1, '\u3000甲局'],
      ['b', 1, '\u3000乙局'],
      ['d', 2, '\u3000\u3000科室'],
    ]);
  });

  it('finds a node at any depth and returns null for an unknown id', () => {
    expect(findUnit(tree, 'd')?.name).toBe('科室');
    expect(findUnit(tree, 'x')).toBeNull();
  });

  it('labels the kinds in Chinese and passes unknown kinds through', () => {
    expect(unitKindLabel('bureau')).toBe('局');
    expect(unitKindLabel('planet')).toBe('planet');
  });
});
