import { describe, expect, it } from 'vitest';
import { parseKey, sortStats } from './statistics';

describe('item statistics and key corrections', () => {
  it('sorts by facility or discrimination, lowest first, unknown last', () => {
    const rows = [
      { code: 'A', facility: 0.9, discrimination: null },
      { code: 'B', facility: 0.3, discrimination: 0.1 },
      { code: 'C', facility: null, discrimination: 0.5 },
    ];
    expect(sortStats(rows, 'code')).toBe(rows);
    expect(sortStats(rows, 'facility').map((r) => r.code)).toEqual(['B', 'A', 'C']);
    expect(sortStats(rows, 'discrimination').map((r) => r.code)).toEqual(['B', 'C', 'A']);
  });

  it('reads a typed key in the bank’s form', () => {
    expect(parseKey('single_choice', ' b ')).toBe('B');
    expect(parseKey('multiple_choice', 'a, c')).toEqual(['A', 'C']);
    expect(parseKey('fill_blank', '十五日|15日；三十日')).toEqual([['十五日', '15日'], ['三十日']]);
  });
});
