import { QUESTION_TYPE_LABELS, labelOf } from '../labels';

export type QuestionType =
  'single_choice' | 'multiple_choice' | 'true_false' | 'fill_blank' | 'short_answer';

/** Whether a response counts as answered (a fill-in with any blank filled counts). */
export function isAnswered(response: readonly string[] | null | undefined): boolean {
  return !!response && response.some((r) => r.trim() !== '');
}

export interface CellState {
  position: number;
  answered: boolean;
  flagged: boolean;
  current: boolean;
  unsynced: boolean;
}

/** The state words shown inside a 答题卡 cell (text, not colour only). */
export function cellWords(c: CellState): string[] {
  const words = [c.answered ? '已答' : '未答'];
  if (c.flagged) words.push('已标记');
  if (c.current) words.push('当前');
  if (c.unsynced) words.push('未同步');
  return words;
}

/** The accessible name of a cell, e.g. "第3题，已作答，已标记". */
export function cellLabel(c: CellState): string {
  const parts = [`第${c.position}题`, c.answered ? '已作答' : '未作答'];
  if (c.flagged) parts.push('已标记');
  if (c.current) parts.push('当前题');
  if (c.unsynced) parts.push('未同步');
  return parts.join('，');
}

export interface CardGroup<Q> {
  type: string;
  label: string;
  points: number;
  questions: Q[];
}

const TYPE_ORDER: QuestionType[] = [
  'single_choice',
  'multiple_choice',
  'true_false',
  'fill_blank',
  'short_answer',
];

/** 答题卡 groups by type (单选/多选/判断/填空/简答), each with its total points, in paper order. */
export function groupByType<Q extends { type: string; points: number; position: number }>(
  questions: readonly Q[],
): CardGroup<Q>[] {
  const groups = new Map<string, CardGroup<Q>>();
  for (const q of [...questions].sort((a, b) => a.position - b.position)) {
    let g = groups.get(q.type);
    if (!g) {
      g = { type: q.type, label: labelOf(QUESTION_TYPE_LABELS, q.type), points: 0, questions: [] };
      groups.set(q.type, g);
    }
    g.points += q.points;
    g.questions.push(q);
  }
  const rank = (t: string) => {
    const i = TYPE_ORDER.indexOf(t as QuestionType);
    return i < 0 ? TYPE_ORDER.length : i;
  };
  return [...groups.values()].sort((a, b) => rank(a.type) - rank(b.type));
}

/** Splits a fill-in stem at its `____` marks; always `blanks + 1` text parts. */
export function splitBlanks(stem: string, blanks: number): string[] {
  const parts = stem.split(/_{3,}/);
  if (parts.length === blanks + 1) return parts;
  // marks and blank count disagree: the text as is, the inputs after it
  return [stem, ...Array.from({ length: blanks }, () => '')];
}
