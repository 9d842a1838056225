import { describe, expect, it } from 'vitest';
import { fileNameFrom } from './download';

describe('fileNameFrom', () => {
  it.each([
    [
      `attachment; filename="export.xlsx"; filename*=UTF-8''%E8%80%83%E8%AF%95%E6%88%90%E7%BB%A9.xlsx`,
      '考试成绩.xlsx',
    ],
    [`attachment; filename*=UTF-8''%E5%90%8D%E5%86%8C.xlsx`, '名册.xlsx'],
    ['attachment; filename="report.docx"', 'report.docx'],
    ['attachment; filename=plain.txt', 'plain.txt'],
  ])('reads %s', (header, name) => {
    expect(fileNameFrom(header)).toBe(name);
  });

  it('falls back to the plain name when the UTF-8 name is malformed, and to null without a header', () => {
    expect(fileNameFrom(`attachment; filename="a.xlsx"; filename*=UTF-8''%E8%ZZ`)).toBe('a.xlsx');
    expect(fileNameFrom(null)).toBeNull();
  });
});
