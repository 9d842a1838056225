import type { Schema } from '../../../api/types';

export type LawCategory = Schema<'LawResponseDto'>['category'];
export type LawImportReport = Schema<'LawImportReportDto'>;

/** Article numbers as ranges: [1,2,3,5,7,8] → "第1–3条、第5条、第7–8条". */
export function articleRanges(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `第${sorted[i]}条` : `第${sorted[i]}–${sorted[j]}条`);
    i = j + 1;
  }
  return parts.join('、');
}

/** The headline of an import report. */
export function importHeadline(r: LawImportReport): string {
  if (r.status === 'created') return `新法规：${r.title}（${r.articleCount} 条）`;
  if (r.status === 'new_version') {
    return `新版本：${r.title} 第 ${r.versionNo} 版（${r.versionLabel}）`;
  }
  return `内容未变：${r.title}（仍为第 ${r.versionNo} 版）`;
}
