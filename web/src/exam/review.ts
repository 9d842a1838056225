/** What the result page may show, read only from the server's answer (web.md §6.7). */
export interface ResultInput {
  status: 'in_progress' | 'finished';
  result?: {
    visible: boolean;
    visibleFrom: string | null;
    score?: number | null;
    maxScore?: number;
    percentage?: number | null;
    passed?: boolean | null;
    gradingPending?: boolean;
  };
  questions: { correctAnswer?: unknown; explanation?: string; score?: unknown }[];
}

export type ReviewState =
  | { kind: 'in_progress' }
  | { kind: 'hidden'; visibleFrom: string | null }
  | {
      kind: 'visible';
      score: number | null;
      maxScore: number | null;
      percentage: number | null;
      passed: boolean | null;
      gradingPending: boolean;
      /** The server sent keys and explanations (`with_answers` once the policy allows). */
      withAnswers: boolean;
    };

export function reviewState(view: ResultInput): ReviewState {
  if (view.status !== 'finished') return { kind: 'in_progress' };
  const r = view.result;
  if (!r || !r.visible) return { kind: 'hidden', visibleFrom: r?.visibleFrom ?? null };
  return {
    kind: 'visible',
    score: r.score ?? null,
    maxScore: r.maxScore ?? null,
    percentage: r.percentage ?? null,
    passed: r.passed ?? null,
    gradingPending: r.gradingPending === true,
    withAnswers: view.questions.some((q) => q.correctAnswer !== undefined),
  };
}

/** A key as the server sent it, for display: ["A","C"] → "A、C", true/false letters as is. */
export function formatAnswer(value: unknown): string {
  if (value === null || value === undefined) return '（未作答）';
  if (Array.isArray(value)) {
    const parts = value.map((v) => (Array.isArray(v) ? v.join(' / ') : String(v)));
    return parts.length && parts.some((p) => p.trim() !== '') ? parts.join('、') : '（未作答）';
  }
  if (typeof value === 'boolean') return value ? '正确' : '错误';
  return typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : JSON.stringify(value);
}
