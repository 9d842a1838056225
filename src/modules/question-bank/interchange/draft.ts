import type { QuestionType } from '../question-content';
import type { QuestionStatus } from '../entities/question.entity';
import type { LegalBasis } from '../legal-basis';
import { formatLegalBasis, parseLegalBasis } from '../legal-basis';
import type { QuestionContent } from '../question-content';
import { TRUE_FALSE_OPTIONS } from '../question-content';

/** The formats besides the bank JSON and the Excel template. */
export const INTERCHANGE_FORMATS = ['moodle', 'gift', 'aiken', 'docx'] as const;
export type InterchangeFormat = (typeof INTERCHANGE_FORMATS)[number];

/**
 * One question as read from a Moodle XML, GIFT, Aiken or Word file, before it is checked against
 * the rules and the laws. What could not be read is in `problems` (Chinese), the rest as found.
 */
export interface QuestionDraft {
  /** Line of the file (Word: paragraph) where the question starts. */
  line?: number;
  /** How the file numbers the question (Word: 一、单选题 第 3 题). */
  item?: string;
  code?: string;
  type: QuestionType | null;
  stem: string;
  options: string[];
  /** In the API's shape; null when it could not be read (then `problems` says why). */
  answer: unknown;
  synonyms?: string[][];
  orderFree?: boolean;
  keywords?: string[];
  explanation: string;
  difficulty?: number;
  tags: string[];
  /** The legal basis; null when the file gives none. */
  basis: LegalBasis[] | null;
  evidence?: string;
  status?: QuestionStatus;
  problems: string[];
}

export const emptyDraft = (where: Pick<QuestionDraft, 'line' | 'item'>): QuestionDraft => ({
  ...where,
  type: null,
  stem: '',
  options: [],
  answer: null,
  explanation: '',
  tags: [],
  basis: null,
  problems: [],
});

/** A question as the exports write it: its code, status, current content and legal basis. */
export interface ExportItem {
  code: string;
  status: QuestionStatus;
  content: QuestionContent;
  /** Law (short title) and articles, per cited law. */
  bases: LegalBasis[];
  /** Title of the first cited law: the Moodle / GIFT category. */
  category: string;
}

// ---- tags that carry what Moodle and GIFT have no field for ----

const STATUS_TAG: Record<QuestionStatus, string> = {
  draft: '草稿',
  active: '启用',
  retired: '停用',
};
const TAG = /^(依据|原文|难度|状态|判断选项)\s*[:：]\s*(.*)$/s;
export const ORDER_FREE_TAG = '各空不分顺序';

/**
 * Our fields as tags (Moodle `<tags>`, GIFT `[tag:…]`): 依据：《法》第…条 per law, 原文：…,
 * 难度：n, 状态：停用/草稿 (none when active), 判断选项：是|否 (only when not 正确/错误),
 * 各空不分顺序. Plain tags follow.
 */
export function metaTags(item: ExportItem): string[] {
  const c = item.content;
  return [
    ...item.bases.map((b) => `依据：${formatLegalBasis([b])}`),
    ...(c.evidence ? [`原文：${c.evidence}`] : []),
    `难度：${c.difficulty}`,
    ...(item.status !== 'active' ? [`状态：${STATUS_TAG[item.status]}`] : []),
    ...(c.type === 'true_false' && c.options.join('|') !== TRUE_FALSE_OPTIONS.join('|')
      ? [`判断选项：${c.options.join('|')}`]
      : []),
    ...(c.orderFree ? [ORDER_FREE_TAG] : []),
    ...c.tags,
  ];
}

/** Reads the tags {@link metaTags} writes into the draft; the others stay plain tags. */
export function applyTags(draft: QuestionDraft, tags: string[]): void {
  for (const raw of tags) {
    const tag = raw.trim();
    if (!tag) continue;
    if (tag === ORDER_FREE_TAG) {
      draft.orderFree = true;
      continue;
    }
    const m = TAG.exec(tag);
    if (!m) {
      if (!draft.tags.includes(tag)) draft.tags.push(tag);
      continue;
    }
    const value = m[2].trim();
    switch (m[1]) {
      case '依据': {
        const basis = parseLegalBasis(value);
        if (!basis)
          draft.problems.push(
            `标签“${tag}”中的法律依据无法识别，应如 依据：《信访工作条例》第二十二条`,
          );
        else draft.basis = [...(draft.basis ?? []), ...basis];
        break;
      }
      case '原文':
        draft.evidence = value;
        break;
      case '难度': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 5) draft.problems.push('难度须为 1 到 5 的整数');
        else draft.difficulty = n;
        break;
      }
      case '状态': {
        const status = (Object.keys(STATUS_TAG) as QuestionStatus[]).find(
          (s) => STATUS_TAG[s] === value || s === value,
        );
        if (!status) draft.problems.push('状态须为启用、停用或草稿');
        else draft.status = status;
        break;
      }
      case '判断选项': {
        const options = value.split(/[|｜]/).map((o) => o.trim());
        if (options.length !== 2 || options.some((o) => !o))
          draft.problems.push('判断选项须为两个，用“|”分隔，如 是|否');
        else draft.options = options;
        break;
      }
    }
  }
}

// ---- text ----

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  hellip: '…',
  mdash: '—',
  ndash: '–',
};

/** Text of an HTML fragment (Moodle's `format="html"`): breaks and paragraphs as new lines. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code =
          name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code > 0 && code < 0x110000
          ? String.fromCodePoint(code)
          : '';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * A short answer's reference answer and 评分要点 in one text (Moodle's graderinfo):
 * 参考答案：… then 评分要点：a；b on a line of its own.
 */
export function graderInfo(answer: string, keywords: string[]): string {
  return `参考答案：${answer}${keywords.length ? `\n评分要点：${keywords.join('；')}` : ''}`;
}

/** Reads {@link graderInfo}; a text without the labels is the reference answer as a whole. */
export function readGraderInfo(text: string): { answer: string; keywords: string[] } {
  const lines = text.split('\n');
  const at = lines.findLastIndex((l) => /^\s*评分要点\s*[:：]/.test(l));
  const keywords =
    at >= 0
      ? lines[at]
          .replace(/^\s*评分要点\s*[:：]/, '')
          .split(/[；;]/)
          .map((k) => k.trim())
          .filter(Boolean)
      : [];
  const body = (at >= 0 ? lines.slice(0, at) : lines).join('\n').trim();
  return { answer: body.replace(/^参考答案\s*[:：]\s*/, '').trim(), keywords };
}

/** Chinese for a question type the formats name. */
export const FOREIGN_TYPE_NAMES: Record<string, string> = {
  matching: '匹配题',
  Matching: '匹配题',
  numerical: '数值题',
  Numerical: '数值题',
  calculated: '计算题',
  calculatedsimple: '计算题',
  calculatedmulti: '计算题',
  ddwtos: '拖放题',
  ddimageortext: '拖放题',
  ddmarker: '拖放题',
  gapselect: '选词填空题',
  randomsamatch: '随机匹配题',
};

// ---- categories ----

const ARTICLE_SEGMENT = /^第[^条]+条$/;

/** A Moodle / GIFT category path ($course$/top/a/b, // for a slash in a name) as segments. */
export function categoryPath(path: string): string[] {
  return path
    .replace(/^\$(course|system|module|cat\d*)\$\/?/, '')
    .split(/(?<!\/)\/(?!\/)/)
    .map((s) => s.replace(/\/\//g, '/').trim())
    .filter((s) => s && s !== 'top');
}

/**
 * A category path as legal basis: the last segment that is neither 第…条 nor 第…章/节/编 names
 * the law, 第…条 segments the articles (none: reported by the import).
 */
export function categoryBasis(path: string[]): QuestionDraft['basis'] {
  const law = [...path].reverse().find((s) => !ARTICLE_SEGMENT.test(s) && !/^第.+[章节编]/.test(s));
  if (!law) return null;
  const articles = path
    .filter((s) => ARTICLE_SEGMENT.test(s))
    .flatMap((s) => parseLegalBasis(`《${law}》${s}`)?.[0]?.articles ?? []);
  return [{ law, articles }];
}
