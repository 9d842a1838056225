/** Below this discrimination a question is flagged 区分度低 (a common rule of thumb: 0.2). */
export const LOW_DISCRIMINATION = 0.2;

export type StatKey = 'code' | 'facility' | 'discrimination';

interface Stat {
  code?: string;
  lawTitle?: string;
  articleNumber?: number;
  facility: number | null;
  discrimination: number | null;
}

/**
 * `code` keeps the server's order (question codes; law then article number); `facility` and
 * `discrimination` lowest first, unknown values last.
 */
export function sortStats<T extends Stat>(rows: T[], key: StatKey): T[] {
  if (key === 'code') return rows;
  return [...rows].sort(
    (a, b) => (a[key] ?? Number.POSITIVE_INFINITY) - (b[key] ?? Number.POSITIVE_INFINITY),
  );
}

/**
 * A key typed by the secretary in the bank's form: "B"; "A,C" → ["A","C"]; blanks
 * "十五日|15日；三十日" → [["十五日","15日"],["三十日"]].
 */
export function parseKey(type: string, text: string): unknown {
  const t = text.trim();
  if (type === 'multiple_choice') {
    return t
      .toUpperCase()
      .split(/[,，、\s]+/)
      .filter(Boolean);
  }
  if (type === 'fill_blank') {
    return t.split(/[;；]/).map((blank) =>
      blank
        .split('|')
        .map((x) => x.trim())
        .filter(Boolean),
    );
  }
  return t.toUpperCase();
}
