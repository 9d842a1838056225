import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject } from 'ajv';
import schema from '../../../../question-bank/schema.json';
import type { ParsedLaw } from '../../curriculum';
import type { QuestionType } from '../question-content';
import { BLANK, LETTERS } from '../question-content';
import { NEAR_DUPLICATE, normalizeStem, stemSimilarity } from '../stem-similarity';

export interface BankReference {
  law?: string;
  articles: number[];
}

export interface BankQuestion {
  code: string;
  type: QuestionType;
  stem: string;
  options?: string[];
  answer: unknown;
  keywords?: string[];
  /** fill_blank: more accepted answers per blank (one list per blank). */
  synonyms?: string[][];
  /** fill_blank: the blanks may be answered in any order. */
  orderFree?: boolean;
  explanation: string;
  difficulty: number;
  tags?: string[];
  references: BankReference[];
  evidence: string;
  /** draft, active or retired; none: a new question is active, an existing one keeps its own. */
  status?: 'draft' | 'active' | 'retired';
}

export interface BankFile {
  law: { title: string; shortTitle?: string; articleCount: number; version?: string };
  questions: BankQuestion[];
}

export interface BankIssue {
  file: string;
  code?: string;
  message: string;
}

export interface BankCheck {
  errors: BankIssue[];
  /** Nearly identical stems: reported, not refused. */
  warnings: BankIssue[];
  /** questions per law title and type */
  counts: Record<string, Record<QuestionType, number>>;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateSchema = ajv.compile<BankFile>(schema);

const schemaMessage = (e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`;

/**
 * Checks bank files: the JSON Schema, then what a schema cannot say (keys inside the options,
 * blanks matching answers, unique codes, no duplicate stems, articles inside each law). With the
 * law texts, also that each `evidence` phrase occurs in a cited article and that the article
 * count matches the text.
 */
export function checkBankFiles(
  files: { name: string; content: unknown }[],
  laws: Map<string, ParsedLaw> = new Map(),
): BankCheck {
  const errors: BankIssue[] = [];
  const warnings: BankIssue[] = [];
  const counts: BankCheck['counts'] = {};
  const valid: { name: string; file: BankFile }[] = [];
  for (const { name, content } of files) {
    if (!validateSchema(content)) {
      for (const e of validateSchema.errors ?? []) {
        const q = /^\/questions\/(\d+)/.exec(e.instancePath);
        const code = q ? (content as BankFile).questions?.[Number(q[1])]?.code : undefined;
        errors.push({ file: name, code, message: `schema: ${schemaMessage(e)}` });
      }
      continue;
    }
    valid.push({ name, file: content });
  }

  const articleCounts = new Map<string, number>();
  for (const { name, file } of valid) {
    articleCounts.set(file.law.title, file.law.articleCount);
    const text = laws.get(file.law.title);
    if (text && text.articles.length !== file.law.articleCount) {
      errors.push({
        file: name,
        message: `law.articleCount is ${file.law.articleCount} but the text of ${file.law.title} has ${text.articles.length} articles`,
      });
    }
  }
  for (const [title, law] of laws)
    if (!articleCounts.has(title)) articleCounts.set(title, law.articles.length);

  const codes = new Map<string, string>();
  const stems: { norm: string; stem: string; code: string; file: string }[] = [];
  for (const { name, file } of valid) {
    const tally = (counts[file.law.title] ??= {
      single_choice: 0,
      multiple_choice: 0,
      true_false: 0,
      fill_blank: 0,
      short_answer: 0,
    });
    for (const q of file.questions) {
      const fail = (message: string) => errors.push({ file: name, code: q.code, message });
      tally[q.type] += 1;
      if (codes.has(q.code)) fail(`code ${q.code} is also used in ${codes.get(q.code)}`);
      codes.set(q.code, name);
      for (const message of questionProblems(q)) fail(message);

      const norm = normalizeStem(q.stem);
      const same = stems.find((s) => s.norm === norm);
      if (same) fail(`stem duplicates ${same.code}`);
      else {
        const near = stems.find((s) => stemSimilarity(s.stem, q.stem) >= NEAR_DUPLICATE);
        if (near)
          warnings.push({
            file: name,
            code: q.code,
            message: `stem nearly identical to ${near.code}`,
          });
      }
      stems.push({ norm, stem: q.stem, code: q.code, file: name });

      let evidenceFound = false;
      let evidenceChecked = false;
      for (const ref of q.references) {
        const title = ref.law ?? file.law.title;
        const max = articleCounts.get(title);
        if (max === undefined) {
          fail(`reference to unknown law ${title}`);
          continue;
        }
        for (const n of ref.articles) {
          if (n > max) fail(`article ${n} is outside ${title} (1–${max})`);
        }
        const law = laws.get(title);
        if (law) {
          evidenceChecked = true;
          evidenceFound ||= ref.articles.some((n) =>
            law.articles[n - 1]?.paragraphs.some((p) => p.includes(q.evidence)),
          );
        }
      }
      if (evidenceChecked && !evidenceFound) {
        fail(`evidence "${q.evidence}" does not occur in the cited article(s)`);
      }
    }
  }
  return { errors, warnings, counts };
}

/** Rules on one question beyond the schema (shared with the API and Excel import). */
export function questionProblems(
  q: Pick<BankQuestion, 'type' | 'stem' | 'options' | 'answer' | 'synonyms' | 'orderFree'>,
): string[] {
  const problems: string[] = [];
  const options = q.options ?? [];
  const letters = LETTERS.slice(0, options.length);
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    const keys = Array.isArray(q.answer) ? (q.answer as string[]) : [q.answer as string];
    for (const k of keys)
      if (!letters.includes(k))
        problems.push(`answer ${k} is not among the options ${letters.join('')}`);
    const norm = options.map((o) => normalizeStem(o));
    if (new Set(norm).size !== norm.length) problems.push('two options are the same');
  }
  if (q.type === 'fill_blank') {
    const blanks = q.stem.match(BLANK)?.length ?? 0;
    const answers = Array.isArray(q.answer) ? q.answer.length : 0;
    if (blanks === 0) problems.push('a fill-in stem needs at least one blank (____)');
    else if (blanks !== answers)
      problems.push(`the stem has ${blanks} blank(s) but ${answers} answer list(s)`);
    if (q.synonyms && q.synonyms.length !== answers)
      problems.push(`${answers} answer list(s) but ${q.synonyms.length} synonym list(s)`);
    if (q.orderFree && answers < 2) problems.push('orderFree needs two or more blanks');
  }
  return problems;
}

/** A numeral as laws number their articles: 第二十二条 or 第22条. */
const NUMERAL = '[一二三四五六七八九十百千零〇两\\d]+';
/** An article (or paragraph, item, chapter) reference standing alone, e.g. 条例第二十二条第一款. */
const ARTICLE_ONLY = new RegExp(`^[^第]{0,12}第${NUMERAL}[编章节条](?:第${NUMERAL}[款项])*$`);
/** Stem asks which article (chapter, paragraph) says something. */
const ASKS_WHICH_ARTICLE = new RegExp(
  [
    '第\\s*几\\s*[编章节条款项]',
    '哪\\s*一?\\s*个?\\s*(?:条文|条款|条(?![件例路线])|款|章|节|编)',
    '规定在(?:本法|本条例|条例|该法|法律|宪法)?的?(?:第|哪)',
    `第\\s*(?:_{2,}|（\\s*）)\\s*[编章节条款项]`,
  ].join('|'),
);

const stripped = (s: string) => s.replace(/[\s。.，,；;：:、《》〈〉“”"'（）()]/g, '');

/**
 * Whether a question only asks for an article number (第几条, which article says X, options that
 * are bare article numbers). Such questions test memory of numbering, not of the law; the bank
 * keeps them only as retired.
 */
export function asksForArticleNumber(
  q: Pick<BankQuestion, 'type' | 'stem' | 'options' | 'answer'>,
): boolean {
  if (ASKS_WHICH_ARTICLE.test(q.stem)) return true;
  const options = q.options ?? [];
  if (
    (q.type === 'single_choice' || q.type === 'multiple_choice') &&
    options.length > 0 &&
    options.every((o) => ARTICLE_ONLY.test(stripped(o)))
  )
    return true;
  if (q.type === 'fill_blank' && Array.isArray(q.answer)) {
    const answers = (q.answer as unknown[]).flat().map((a) => stripped(String(a)));
    if (answers.some((a) => ARTICLE_ONLY.test(a))) return true;
  }
  if (q.type === 'short_answer' && typeof q.answer === 'string')
    return ARTICLE_ONLY.test(stripped(q.answer));
  return false;
}
