import { describe, expect, it } from 'vitest';
import type { LawImportReport } from './laws';
import { articleRanges, importHeadline } from './laws';

describe('law import report helpers', () => {
  it('groups article numbers into ranges, sorted and without repeats', () => {
    expect(articleRanges([8, 1, 2, 3, 5, 7, 3])).toBe('第1–3条、第5条、第7–8条');
    expect(articleRanges([])).toBe('');
  });

  it('words the three outcomes of an import', () => {
    const base = {
      title: '示范办法',
      versionNo: 2,
      versionLabel: '2026年修订',
      articleCount: 3,
    } as LawImportReport;
    expect(importHeadline({ ...base, status: 'created' })).toBe('新法规：示范办法（3 条）');
    expect(importHeadline({ ...base, status: 'new_version' })).toBe(
      '新版本：示范办法 第 2 版（2026年修订）',
    );
    expect(importHeadline({ ...base, status: 'unchanged' })).toBe(
      '内容未变：示范办法（仍为第 2 版）',
    );
  });
});
