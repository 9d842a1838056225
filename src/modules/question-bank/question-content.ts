import { createHash } from 'node:crypto';

// The question bank's vocabulary: light on purpose (no schema, no parser), imported by every
// module that shows, grades or builds questions.

export const QUESTION_TYPES = [
  'single_choice',
  'multiple_choice',
  'true_false',
  'fill_blank',
  'short_answer',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** A blank in a fill-in stem: ____ (two or more underscores) or empty full-width brackets. */
export const BLANK = /_{2,}|（\s*）/g;
export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

export const TYPE_LABELS: Record<QuestionType, string> = {
  single_choice: '单选题',
  multiple_choice: '多选题',
  true_false: '判断题',
  fill_blank: '填空题',
  short_answer: '简答题',
};

/** The type a person means by a label in an imported file: the label, its short and long forms. */
export const TYPE_BY_LABEL: Readonly<Record<string, QuestionType>> = {
  ...(Object.fromEntries(QUESTION_TYPES.map((t) => [TYPE_LABELS[t], t])) as Record<
    string,
    QuestionType
  >),
  单选: 'single_choice',
  单项选择题: 'single_choice',
  多选: 'multiple_choice',
  多项选择题: 'multiple_choice',
  判断: 'true_false',
  填空: 'fill_blank',
  简答: 'short_answer',
};

export const TRUE_FALSE_OPTIONS = ['正确', '错误'];

/** The content of a question revision, as the API and imports hand it over. */
export interface QuestionContent {
  type: QuestionType;
  stem: string;
  options: string[];
  /** "B" | ["A","C"] | "A"/"B" for true/false | [["十五日","15日"]] | "reference answer" */
  answer: unknown;
  keywords: string[];
  /** fill_blank: more accepted answers per blank, [["诚实信用"]]; [] for none. */
  synonyms: string[][];
  /** fill_blank: the blanks may be answered in any order. */
  orderFree: boolean;
  explanation: string;
  difficulty: number;
  tags: string[];
  evidence: string | null;
}

export interface ContentProblem {
  field: string;
  message: string;
}

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** What is wrong with a question's content, in Simplified Chinese (empty when it is sound). */
export function contentProblems(c: QuestionContent): ContentProblem[] {
  const out: ContentProblem[] = [];
  const fail = (field: string, message: string) => out.push({ field, message });
  const letters = LETTERS.slice(0, c.options.length);
  switch (c.type) {
    case 'single_choice':
    case 'multiple_choice': {
      if (c.options.length < 2 || c.options.length > 8) fail('options', '选择题须有 2 到 8 个选项');
      if (c.options.some((o) => !o.trim())) fail('options', '选项不能为空');
      if (new Set(c.options.map((o) => o.trim())).size !== c.options.length) {
        fail('options', '选项不能重复');
      }
      const keys = c.type === 'single_choice' ? [c.answer] : c.answer;
      if (c.type === 'single_choice' && typeof c.answer !== 'string') {
        fail('answer', '单选题的答案是一个选项字母，如 "B"');
      } else if (
        c.type === 'multiple_choice' &&
        (!isStringArray(c.answer) || c.answer.length < 2)
      ) {
        fail('answer', '多选题的答案是至少两个选项字母，如 ["A","C"]');
      } else {
        const list = keys as string[];
        if (new Set(list).size !== list.length) fail('answer', '答案中有重复的选项');
        for (const k of list) if (!letters.includes(k)) fail('answer', `答案“${k}”不在选项中`);
      }
      break;
    }
    case 'true_false':
      if (c.options.length !== 2) fail('options', '判断题必须恰好有两个选项');
      if (c.answer !== 'A' && c.answer !== 'B')
        fail('answer', '判断题的答案是 "A"（第一个选项）或 "B"');
      break;
    case 'fill_blank': {
      if (c.options.length) fail('options', '填空题没有选项');
      const blanks = c.stem.match(BLANK)?.length ?? 0;
      const answer = c.answer;
      if (
        !Array.isArray(answer) ||
        !answer.length ||
        !answer.every((a) => isStringArray(a) && a.length > 0 && a.every((x) => x.trim() !== ''))
      ) {
        fail('answer', '填空题须为每个空给出至少一个可接受的答案，如 [["十五日","15日"]]');
      } else if (blanks === 0) {
        fail('stem', '填空题的题干中须用 ____ 标出空位');
      } else if (blanks !== answer.length) {
        fail('answer', `题干有 ${blanks} 个空，答案却有 ${answer.length} 组`);
      }
      break;
    }
    case 'short_answer':
      if (c.options.length) fail('options', '简答题没有选项');
      if (typeof c.answer !== 'string' || !c.answer.trim()) fail('answer', '简答题须给出参考答案');
      break;
  }
  if (c.keywords.length && c.type !== 'short_answer')
    fail('keywords', '只有简答题可以设置评分要点');
  const synonyms: unknown = c.synonyms;
  if (c.type !== 'fill_blank') {
    if (Array.isArray(synonyms) && synonyms.length) fail('synonyms', '只有填空题可以设置同义答案');
    if (c.orderFree) fail('orderFree', '只有填空题可以设置各空不分顺序');
  } else {
    const blanks = Array.isArray(c.answer) ? c.answer.length : 0;
    if (
      !Array.isArray(synonyms) ||
      !synonyms.every((a) => isStringArray(a) && a.every((x) => x.trim() !== ''))
    ) {
      fail('synonyms', '同义答案须按空位给出，如 [["诚实信用"]]，不能有空字符串');
    } else if (synonyms.length && synonyms.length !== blanks) {
      fail('synonyms', `题目有 ${blanks} 个空，同义答案却有 ${synonyms.length} 组`);
    }
    if (c.orderFree && blanks < 2) fail('orderFree', '只有两个及以上的空才能设置各空不分顺序');
  }
  return out;
}

export interface ReferenceKey {
  lawId: string;
  lawVersionId: string | null;
  articleNumber: number;
}

/** SHA-256 over everything that makes a revision, so an unchanged import writes nothing. */
export function revisionHash(c: QuestionContent, references: ReferenceKey[]): string {
  const refs = references
    .map((r) => `${r.lawId}:${r.lawVersionId ?? ''}:${r.articleNumber}`)
    .sort();
  return createHash('sha256')
    .update(
      JSON.stringify([
        c.type,
        c.stem,
        c.options,
        c.answer,
        c.keywords,
        c.explanation,
        c.difficulty,
        [...c.tags].sort(),
        c.evidence,
        refs,
        // only when set, so revisions written before these existed keep their hashes
        ...(c.synonyms.length || c.orderFree ? [c.synonyms, c.orderFree] : []),
      ]),
    )
    .digest('hex');
}

/** Bank files write true/false keys as booleans; the API as the letter of 正确/错误. */
export function answerFromBank(type: QuestionType, answer: unknown): unknown {
  if (type === 'true_false') return answer === true ? 'A' : 'B';
  return answer;
}

export function answerToBank(type: QuestionType, answer: unknown): unknown {
  if (type === 'true_false') return answer === 'A';
  return answer;
}
