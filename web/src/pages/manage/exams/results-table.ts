/** Sorting, filtering and paging the results table on the client (10,000 rows stay quick). */
export interface ResultRow {
  staffNo: string;
  name: string;
  unitName: string;
  status: string;
  attemptsUsed: number;
  percentage: number | null;
  score: number | null;
  focusLossCount: number;
  extraMinutes: number;
}

export type SortKey = 'order' | 'score' | 'focus' | 'name';

/**
 * `order` keeps the server's order (the org tree, then staff number); `score` highest first
 * (no score last), `focus` most focus losses first, `name` by Chinese collation.
 */
export function sortRows<T extends ResultRow>(rows: T[], key: SortKey): T[] {
  if (key === 'order') return rows;
  const out = [...rows];
  if (key === 'score') {
    out.sort((a, b) => (b.percentage ?? -1) - (a.percentage ?? -1));
  } else if (key === 'focus') {
    out.sort((a, b) => b.focusLossCount - a.focusLossCount);
  } else {
    const collator = new Intl.Collator('zh-CN');
    out.sort((a, b) => collator.compare(a.name, b.name));
  }
  return out;
}

export function filterRows<T extends ResultRow>(rows: T[], status: string, text: string): T[] {
  const q = text.trim();
  return rows.filter(
    (r) =>
      (!status || r.status === status) &&
      (!q || r.name.includes(q) || r.staffNo.includes(q) || r.unitName.includes(q)),
  );
}

export function pageOf<T>(rows: T[], page: number, size: number): T[] {
  return rows.slice((page - 1) * size, page * size);
}
