import { CHINESE_NUMERAL_CHARS, chineseToInt } from './chinese-numerals';

/** 编 / 分编 / 章 / 节, outermost first. */
export const STRUCTURE_LEVELS = ['part', 'subpart', 'chapter', 'section'] as const;
export type StructureLevel = (typeof STRUCTURE_LEVELS)[number];

const UNIT_LEVEL: Record<string, StructureLevel> = {
  编: 'part',
  分编: 'subpart',
  章: 'chapter',
  节: 'section',
};

export interface ParsedNode {
  /** Unique within the law: the labels from the top, e.g. "第一编/第二章/第一节". */
  key: string;
  level: StructureLevel;
  /** null for the unnumbered 序言 and 附则 */
  number: number | null;
  /** 第一编, 第二章, 序言, 附则 */
  label: string;
  title: string;
  /** Paragraphs that belong to the node itself (the 宪法 preamble). */
  paragraphs: string[];
  line: number;
  children: ParsedNode[];
}

export interface ParsedArticle {
  number: number;
  /** 第一千零七十七条 */
  label: string;
  /** 款 and 项, one string each, in order. */
  paragraphs: string[];
  /** Key of the innermost structure node, or null for articles outside any heading. */
  nodeKey: string | null;
  line: number;
}

export interface LawEvent {
  date: string;
  event: string;
}

export interface ParsedLaw {
  title: string;
  events: LawEvent[];
  effectiveDate: string | null;
  nodes: ParsedNode[];
  articles: ParsedArticle[];
}

/** Why a text was refused, with the line that gave it away (1-based). */
export class LawParseError extends Error {
  constructor(
    readonly line: number,
    readonly text: string,
    readonly reason: string,
  ) {
    super(`第 ${line} 行：${reason}（${text.length > 40 ? `${text.slice(0, 40)}…` : text}）`);
    this.name = 'LawParseError';
  }
}

const N = `[${CHINESE_NUMERAL_CHARS}]+`;
const ARTICLE = new RegExp(`^第(${N})条(?:[ \\u3000\\t]+(.*))?$`);
const ARTICLE_SUFFIX = new RegExp(`^第(${N})条之(${N})`);
const NUMBERED_HEADING = new RegExp(`^第(${N})(分编|编|章|节)(?:[ \\u3000\\t]+(.*))?$`);
const DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;

interface Line {
  no: number;
  text: string;
  heading?: string;
}

/** Cleans a line: BOM, zero-width spaces, trailing and leading (full-width) blanks. */
function clean(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .replace(/\u200B|\u200C|\u200D|\u2060/g, '')
    .replace(/\s+$/u, '')
    .replace(/^[\s\u3000]+/u, '');
}

const compact = (s: string) => s.replace(/[\s\u3000]+/gu, '');
const iso = (y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;

/**
 * Parses a law in the form of ../shared/laws (Markdown: title, metadata block up to
 * `<!-- INFO END -->`, headings named 编/分编/章/节 at any `#` depth, articles starting `第…条`) or
 * the same structure as plain text (what Word documents become). The level of a heading comes
 * from its unit word, never from the number of `#`. Articles must run 1…N: a skip or a repeat is
 * refused with the first offending line.
 */
export function parseLawText(source: string): ParsedLaw {
  const lines: Line[] = source
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((raw, i) => ({ no: i + 1, text: clean(raw) }))
    .filter((l) => l.text !== '');
  if (!lines.length) throw new LawParseError(1, '', '文本为空');

  const markdown = lines[0].text.startsWith('#');
  for (const l of lines) {
    const m = markdown ? /^#{1,6}\s+(.*)$/.exec(l.text) : null;
    if (m) l.heading = m[1].trim();
  }
  const first = lines[0];
  const title = (first.heading ?? first.text).replace(/^《(.*)》$/, '$1').trim();
  if (!title) throw new LawParseError(first.no, first.text, '缺少法规标题');

  // Metadata: up to the marker in Markdown; in plain text, every line before the body (or before
  // a table of contents, 目录, which repeats the headings: the body starts where its first
  // heading comes round again).
  const marker = lines.findIndex((l) => l.text === '<!-- INFO END -->');
  const firstArticle = lines.findIndex((l) => ARTICLE.test(l.text));
  const toc = lines.findIndex(
    (l, idx) =>
      idx > 0 &&
      (firstArticle < 0 || idx < firstArticle) &&
      compact(headingOf(l, markdown) ?? l.text) === '目录',
  );
  let bodyStart =
    marker >= 0
      ? marker + 1
      : lines.findIndex(
          (l, idx) => idx > 0 && (isHeadingLine(l, markdown) || ARTICLE.test(l.text)),
        );
  if (toc >= 0) {
    const first = lines.findIndex((l, idx) => idx > toc && isHeadingLine(l, markdown));
    const again =
      first < 0
        ? -1
        : lines.findIndex(
            (l, idx) =>
              idx > first &&
              compact(headingOf(l, markdown) ?? '') ===
                compact(headingOf(lines[first], markdown) ?? ''),
          );
    if (again > 0) bodyStart = again;
  }
  const events: LawEvent[] = [];
  const metadataEnd = toc >= 0 ? toc : marker >= 0 ? marker : bodyStart;
  for (let i = 1; i < (metadataEnd < 0 ? lines.length : metadataEnd); i++) {
    const text = lines[i].text.replace(/^[（(]/, '').replace(/[）)]$/, '');
    const found = [...text.matchAll(DATE)];
    found.forEach((m, k) => {
      const end = k + 1 < found.length ? found[k + 1].index : text.length;
      const event = text
        .slice((m.index ?? 0) + m[0].length, end)
        .trim()
        .replace(/[，,;；]$/, '');
      events.push({ date: iso(m[1], m[2], m[3]), event });
    });
  }
  if (bodyStart < 0) throw new LawParseError(lines[lines.length - 1].no, '', '没有找到任何条文');

  const nodes: ParsedNode[] = [];
  const open: ParsedNode[] = []; // the path of nodes currently open, outermost first
  const articles: ParsedArticle[] = [];
  let current: ParsedArticle | null = null;
  let preambleTarget: ParsedNode | null = null;
  let outermost: StructureLevel | null = null;

  for (let i = bodyStart; i < lines.length; i++) {
    const line = lines[i];
    const headingText = headingOf(line, markdown);

    if (headingText !== null) {
      const node = toNode(headingText, line, outermost);
      if (!node) {
        if (markdown)
          throw new LawParseError(
            line.no,
            line.text,
            '无法识别的标题（应为编、分编、章、节、序言或附则）',
          );
      } else {
        const rank = STRUCTURE_LEVELS.indexOf(node.level);
        if (
          node.number !== null &&
          (outermost === null || rank < STRUCTURE_LEVELS.indexOf(outermost))
        ) {
          outermost = node.level;
        }
        while (open.length && STRUCTURE_LEVELS.indexOf(open[open.length - 1].level) >= rank)
          open.pop();
        node.key = [...open.map((n) => n.label), node.label].join('/');
        (open.length ? open[open.length - 1].children : nodes).push(node);
        open.push(node);
        current = null;
        preambleTarget = node.label === '序言' ? node : null;
        continue;
      }
    }

    if (ARTICLE_SUFFIX.test(line.text)) {
      throw new LawParseError(line.no, line.text, '暂不支持“第…条之…”形式的条文编号');
    }
    const article = ARTICLE.exec(line.text);
    if (article) {
      const number = chineseToInt(article[1]);
      const expected = articles.length + 1;
      if (number === null) throw new LawParseError(line.no, line.text, '条文编号无法识别');
      if (number !== expected) {
        const reason =
          number < expected
            ? `条文编号重复或倒序：此处应为第${expected}条，却是第${article[1]}条`
            : `条文编号不连续：此处应为第${expected}条，却是第${article[1]}条`;
        throw new LawParseError(line.no, line.text, reason);
      }
      current = {
        number,
        label: `第${article[1]}条`,
        paragraphs: article[2] ? [article[2].trim()] : [],
        nodeKey: open.length ? open[open.length - 1].key : null,
        line: line.no,
      };
      articles.push(current);
      preambleTarget = null;
      continue;
    }
    if (current) current.paragraphs.push(line.text);
    else if (preambleTarget) preambleTarget.paragraphs.push(line.text);
    else if (markdown) {
      throw new LawParseError(line.no, line.text, '条文之外的文字（应以“第…条”开头）');
    }
    // plain text: stray lines before the first article (e.g. a 目录 header) are ignored
  }
  if (!articles.length) throw new LawParseError(lines[lines.length - 1].no, '', '没有找到任何条文');
  const empty = articles.find((a) => !a.paragraphs.length);
  if (empty) throw new LawParseError(empty.line, empty.label, '条文没有内容');

  return { title, events, effectiveDate: effectiveDate(events, articles), nodes, articles };
}

function isHeadingLine(l: Line, markdown: boolean): boolean {
  return headingOf(l, markdown) !== null;
}

/** The heading text of a line, or null. In plain text only lines shaped like a heading count. */
function headingOf(l: Line, markdown: boolean): string | null {
  if (markdown) return l.heading ?? null;
  if (NUMBERED_HEADING.test(l.text) && !ARTICLE.test(l.text)) return l.text;
  const c = compact(l.text);
  return c === '序言' || c === '附则' ? c : null;
}

function toNode(text: string, line: Line, outermost: StructureLevel | null): ParsedNode | null {
  const m = NUMBERED_HEADING.exec(text);
  const base = { key: '', paragraphs: [], line: line.no, children: [] };
  if (m) {
    const number = chineseToInt(m[1]);
    if (number === null) return null;
    return {
      ...base,
      level: UNIT_LEVEL[m[2]],
      number,
      label: `第${m[1]}${m[2]}`,
      title: headingTitle(m[3] ?? ''),
    };
  }
  const c = compact(text);
  if (c === '序言' || c === '附则') {
    // Unnumbered parts sit at the outermost level the text uses (民法典: 编; others: 章).
    return { ...base, level: outermost ?? 'chapter', number: null, label: c, title: '' };
  }
  return null;
}

/**
 * A heading's title with the spacing of a layout taken out: the national law database spreads
 * short titles (总, two ideographic spaces, 则), which must read as 总则 like the same heading in Markdown or a plain
 * Word file. Spaces between Chinese characters go; elsewhere (beside Latin letters or digits) a
 * run of spaces becomes one.
 */
function headingTitle(raw: string): string {
  return raw
    .replace(/[\s\u3000]+/gu, ' ')
    .trim()
    .replace(/(?<=[^ -~]) (?=[^ -~])/gu, '');
}

function effectiveDate(events: LawEvent[], articles: ParsedArticle[]): string | null {
  const explicit = [...events].reverse().find((e) => e.event.includes('施行'));
  if (explicit) return explicit.date;
  const last = articles[articles.length - 1].paragraphs.join('');
  const m = /自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日起施行/.exec(last);
  if (m) return iso(m[1], m[2], m[3]);
  if (/自公布之日起施行/.test(last) && events.length) return events[events.length - 1].date;
  return null;
}

/** Every node of the tree, depth first. */
export function flattenNodes(nodes: ParsedNode[]): ParsedNode[] {
  return nodes.flatMap((n) => [n, ...flattenNodes(n.children)]);
}
