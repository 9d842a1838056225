import { describe, expect, it } from 'vitest';
import { parseArticles } from './articles';

describe('parseArticles', () => {
  it('reads ranges and single numbers in any of the usual separators', () => {
    expect(parseArticles('1-3、8, 5，2')).toEqual([1, 2, 3, 5, 8]);
    expect(parseArticles('  ')).toEqual([]);
    expect(parseArticles('10至12')).toEqual([10, 11, 12]);
  });

  it('refuses what is not an article number', () => {
    expect(parseArticles('第三条')).toBeNull();
    expect(parseArticles('5-2')).toBeNull();
    expect(parseArticles('0')).toBeNull();
  });
});
