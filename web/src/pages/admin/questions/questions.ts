import type { Schema } from '../../../api/types';
import { QUESTION_TYPE_LABELS } from '../../../labels';

export type QuestionType = Schema<'QuestionSummaryDto'>['type'];
export type QuestionStatus = Schema<'QuestionSummaryDto'>['status'];
export type Revision = Schema<'RevisionResponseDto'>;

export const QUESTION_TYPES = Object.keys(QUESTION_TYPE_LABELS) as QuestionType[];

/** The option letters A, B, C… for n options. */
export function letters(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String.fromCharCode(65 + i));
}

/** "1-3, 5、8" → [1, 2, 3, 5, 8]; null when a part is not a positive number or a range. */
export function parseArticles(text: string): number[] | null {
  const out = new Set<number>();
  const parts = text
    .split(/[,，、\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  for (const part of parts) {
    const m = /^(\d+)(?:[-–~至](\d+))?$/.exec(part);
    if (!m) return null;
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    if (from < 1 || to < from || to - from > 1000) return null;
    for (let n = from; n <= to; n++) out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

/** The editor's fields, all as text (what the inputs hold). */
export interface QuestionForm {
  type: QuestionType;
  code: string;
  stem: string;
  /** One option per line (choice types). */
  options: string;
  /** single_choice / true_false. */
  letter: string;
  /** multiple_choice. */
  letters: string[];
  /** fill_blank: one line per blank, accepted answers separated by ｜ or |. */
  blanks: string;
  /** short_answer: the reference answer. */
  reference: string;
  /** short_answer: keywords, separated by commas. */
  keywords: string;
  explanation: string;
  difficulty: number;
  tags: string;
  evidence: string;
  references: { lawId: string; articles: string }[];
  status: QuestionStatus;
  changeNote: string;
}

export function emptyForm(): QuestionForm {
  return {
    type: 'single_choice',
    code: '',
    stem: '',
    options: '',
    letter: 'A',
    letters: [],
    blanks: '',
    reference: '',
    keywords: '',
    explanation: '',
    difficulty: 3,
    tags: '',
    evidence: '',
    references: [{ lawId: '', articles: '' }],
    status: 'draft',
    changeNote: '',
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const list = (text: string) =>
  text
    .split(/[,，、]/)
    .map((t) => t.trim())
    .filter(Boolean);

/** The editor's fields from a stored revision. */
export function formFromRevision(r: Revision, status: QuestionStatus, code: string): QuestionForm {
  const f = emptyForm();
  f.type = r.type;
  f.code = code;
  f.status = status;
  f.stem = r.stem;
  f.options = r.type === 'true_false' ? '' : (r.options ?? []).join('\n');
  const answer = r.answer as unknown;
  if (r.type === 'single_choice' || r.type === 'true_false') f.letter = String(answer);
  if (r.type === 'multiple_choice') f.letters = Array.isArray(answer) ? answer.map(String) : [];
  if (r.type === 'fill_blank' && Array.isArray(answer)) {
    f.blanks = answer.map((b) => (Array.isArray(b) ? b.join('｜') : String(b))).join('\n');
  }
  if (r.type === 'short_answer') f.reference = typeof answer === 'string' ? answer : '';
  f.keywords = (r.keywords ?? []).join('，');
  f.explanation = r.explanation ?? '';
  f.difficulty = r.difficulty;
  f.tags = (r.tags ?? []).join('，');
  f.evidence = r.evidence ?? '';
  f.references = r.references.length
    ? r.references.map((x) => ({ lawId: x.lawId, articles: x.articles.join(',') }))
    : [{ lawId: '', articles: '' }];
  return f;
}

/** The request body for the editor's fields, or the problems to fix first (in Chinese). */
export function bodyFromForm(
  f: QuestionForm,
): { body: Schema<'CreateQuestionDto'>; problems: [] } | { body: null; problems: string[] } {
  const problems: string[] = [];
  if (!f.stem.trim()) problems.push('请填写题干');
  if (!f.explanation.trim()) problems.push('请填写解析');
  const options = lines(f.options);
  let answer: unknown;
  const choice = f.type === 'single_choice' || f.type === 'multiple_choice';
  if (choice && options.length < 2) problems.push('选择题至少需要两个选项（每行一个）');
  const valid = letters(options.length);
  if (f.type === 'single_choice') {
    if (!valid.includes(f.letter)) problems.push('请选择正确答案');
    answer = f.letter;
  } else if (f.type === 'multiple_choice') {
    const picked = f.letters.filter((l) => valid.includes(l)).sort();
    if (picked.length < 2) problems.push('多选题至少选择两个正确答案');
    answer = picked;
  } else if (f.type === 'true_false') {
    if (!['A', 'B'].includes(f.letter)) problems.push('请选择“正确”或“错误”');
    answer = f.letter;
  } else if (f.type === 'fill_blank') {
    const blanks = lines(f.blanks).map((l) =>
      l
        .split(/[｜|]/)
        .map((x) => x.trim())
        .filter(Boolean),
    );
    if (blanks.length === 0) problems.push('请填写每个空的答案（每行一个空）');
    answer = blanks;
  } else {
    if (!f.reference.trim()) problems.push('请填写参考答案');
    answer = f.reference.trim();
  }
  const references: { lawId: string; articles: number[] }[] = [];
  for (const [i, r] of f.references.entries()) {
    if (!r.lawId && !r.articles.trim()) continue;
    const articles = parseArticles(r.articles);
    if (!r.lawId) problems.push(`第 ${i + 1} 条依据：请选择法规`);
    else if (!articles) problems.push(`第 ${i + 1} 条依据：条号格式应如“2”或“3-5, 8”`);
    else references.push({ lawId: r.lawId, articles });
  }
  if (references.length === 0) problems.push('请至少填写一条法规依据');
  if (problems.length) return { body: null, problems };
  const body: Record<string, unknown> = {
    type: f.type,
    stem: f.stem.trim(),
    answer,
    explanation: f.explanation.trim(),
    difficulty: f.difficulty,
    tags: list(f.tags),
    references,
    status: f.status,
  };
  if (choice) body.options = options;
  if (f.type === 'short_answer') body.keywords = list(f.keywords);
  if (f.evidence.trim()) body.evidence = f.evidence.trim();
  if (f.code.trim()) body.code = f.code.trim();
  return { body: body as Schema<'CreateQuestionDto'>, problems: [] };
}

/** The key of a revision as people read it. */
export function answerText(r: Pick<Revision, 'type' | 'answer'>): string {
  const a = r.answer as unknown;
  if (r.type === 'true_false') return a === 'A' ? '正确' : '错误';
  if (r.type === 'fill_blank' && Array.isArray(a)) {
    return a
      .map((b, i) => `第${i + 1}空：${Array.isArray(b) ? b.join(' / ') : String(b)}`)
      .join('；');
  }
  if (Array.isArray(a)) return a.join('');
  return typeof a === 'string' ? a : '';
}

/** Two revisions field by field for the side-by-side view; `differs` marks a change. */
export function compareRevisions(
  left: Revision,
  right: Revision,
): { label: string; left: string; right: string; differs: boolean }[] {
  const refs = (r: Revision) =>
    r.references.map((x) => `${x.lawTitle} 第${x.articles.join('、')}条`).join('；');
  const fields: [string, (r: Revision) => string][] = [
    ['题型', (r) => QUESTION_TYPE_LABELS[r.type]],
    ['题干', (r) => r.stem],
    ['选项', (r) => (r.options ?? []).map((o, i) => `${letters(26)[i]}. ${o}`).join('\n')],
    ['答案', answerText],
    ['解析', (r) => r.explanation ?? ''],
    ['难度', (r) => String(r.difficulty)],
    ['标签', (r) => (r.tags ?? []).join('、')],
    ['依据原文', (r) => r.evidence ?? ''],
    ['法规依据', refs],
    ['修改说明', (r) => r.changeNote ?? ''],
  ];
  return fields.map(([label, get]) => {
    const l = get(left);
    const r = get(right);
    return { label, left: l, right: r, differs: l !== r };
  });
}
