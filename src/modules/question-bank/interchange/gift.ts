import type { GIFTQuestion, TextChoice, TextFormat } from 'gift-pegjs';
import { parse } from 'gift-pegjs';
import { BLANK, LETTERS } from '../question-content';
import { TRUE_FALSE_OPTIONS } from '../question-content';
import { blanksContent, markBlank, readBlank } from './blanks';
import type { ExportItem, QuestionDraft } from './draft';
import {
  FOREIGN_TYPE_NAMES,
  applyTags,
  categoryBasis,
  categoryPath,
  emptyDraft,
  graderInfo,
  htmlToText,
  metaTags,
  readGraderInfo,
} from './draft';

// ---- export ----

/** GIFT's special characters escaped, new lines as \n. */
const esc = (s: string) => s.replace(/[\\~=#{}:]/g, (ch) => `\\${ch}`).replace(/\r?\n/g, '\\n');
const tagText = (s: string) =>
  s.replace(/[[\]]/g, (ch) => (ch === '[' ? '［' : '］')).replace(/\n/g, ' ');

/** The explanation of a short answer goes after its grader information, under 解析：. */
const EXPLANATION_LABEL = '解析：';

/**
 * GIFT (Moodle's text format): a $CATEGORY per law, each question with `// [id:…] [tag:…]`
 * (Moodle 4.x keeps them) and `::code::`. A fill-in with more than one blank has no GIFT form:
 * it is left out and named in the file's first comment.
 */
export function writeGift(items: ExportItem[]): { text: string; skipped: string[] } {
  const out: string[] = [];
  const skipped: string[] = [];
  let category: string | null = null;
  for (const item of [...items].sort((a, b) => a.category.localeCompare(b.category, 'zh'))) {
    const body = giftBody(item);
    if (body === null) {
      skipped.push(item.code);
      continue;
    }
    if (item.category !== category) {
      category = item.category;
      out.push(`$CATEGORY: $course$/top/${category}`);
    }
    const tags = metaTags(item)
      .map((t) => `[tag:${tagText(t)}]`)
      .join(' ');
    out.push(`// [id:${item.code}] ${tags}\n::${esc(item.code)}::${body}`);
  }
  const head = skipped.length
    ? [`// 以下题目在 GIFT 中没有对应题型（多空填空题），未导出：${skipped.join('、')}`]
    : [];
  return { text: `${[...head, ...out].join('\n\n')}\n`, skipped };
}

function giftBody(item: ExportItem): string | null {
  const c = item.content;
  const feedback = `####${esc(c.explanation)}`;
  switch (c.type) {
    case 'single_choice':
      return `${esc(c.stem)}{\n${c.options
        .map((o, i) => `${c.answer === LETTERS[i] ? '=' : '~'}${esc(o)}`)
        .join('\n')}\n${feedback}\n}`;
    case 'multiple_choice': {
      const keys = c.answer as string[];
      const weight = Number((100 / keys.length).toFixed(5));
      return `${esc(c.stem)}{\n${c.options
        .map((o, i) => `~%${keys.includes(LETTERS[i]) ? weight : -100}%${esc(o)}`)
        .join('\n')}\n${feedback}\n}`;
    }
    case 'true_false':
      return `${esc(c.stem)}{${c.answer === 'A' ? 'TRUE' : 'FALSE'}${feedback}}`;
    case 'fill_blank': {
      const answers = c.answer as string[][];
      if (answers.length !== 1) return null;
      const gap = `{${markBlank(answers[0], c.synonyms[0])
        .map((a) => `=${esc(a.text)}#${esc(a.feedback)}`)
        .join(' ')}${feedback}}`;
      const [before, ...after] = c.stem.split(BLANK);
      return `${esc(before)}${gap}${esc(after.join(''))}`;
    }
    case 'short_answer':
      return `${esc(c.stem)}{####${esc(
        `${graderInfo(c.answer as string, c.keywords)}\n${EXPLANATION_LABEL}${c.explanation}`,
      )}}`;
  }
}

// ---- import ----

const plainText = (t: TextFormat | null | undefined) => {
  if (!t) return '';
  const s = t.text.replace(/\\\\/g, '\\');
  return (t.format === 'html' ? htmlToText(s) : s).trim();
};

interface Chunk {
  line: number;
  text: string;
}

/** Questions are separated by blank lines: each chunk is parsed alone, so errors carry its line. */
function chunks(text: string): Chunk[] {
  const out: Chunk[] = [];
  let current: string[] = [];
  let start = 1;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((l, i) => {
    if (l.trim() === '') {
      if (current.length) out.push({ line: start, text: current.join('\n') });
      current = [];
      start = i + 2;
    } else current.push(l);
  });
  if (current.length) out.push({ line: start, text: current.join('\n') });
  return out;
}

/**
 * Reads a GIFT file with gift-pegjs, one blank-line-separated chunk at a time (a syntax error is
 * reported at its line and the rest is still read). $CATEGORY lines name the law when no 依据
 * tag does, as in Moodle XML.
 */
export function readGift(text: string): QuestionDraft[] {
  const drafts: QuestionDraft[] = [];
  let category: string[] = [];
  for (const chunk of chunks(text)) {
    // only comments: nothing to read
    if (chunk.text.split('\n').every((l) => l.trim().startsWith('//'))) continue;
    let parsed: GIFTQuestion[];
    try {
      parsed = parse(`${chunk.text}\n`);
    } catch (e) {
      const loc = (e as { location?: { start: { line: number } } }).location;
      // an unfinished question fails at the end of the input: its last line
      const last = chunk.line + chunk.text.split('\n').length - 1;
      const line = Math.min(last, chunk.line + (loc ? loc.start.line - 1 : 0));
      const d = emptyDraft({ line });
      d.problems.push(`GIFT 格式错误：${giftError(e)}`);
      drafts.push(d);
      continue;
    }
    // a comment line before the question makes gift-pegjs report it one line later at most
    const firstLine =
      chunk.line + chunk.text.split('\n').findIndex((l) => !l.trim().startsWith('//'));
    for (const q of parsed) {
      if (q.type === 'Category') {
        category = categoryPath(q.title);
        continue;
      }
      if (q.type === 'Description') continue;
      const d = emptyDraft({ line: firstLine });
      drafts.push(d);
      d.item = q.title ?? undefined;
      d.code = q.id ?? undefined;
      d.stem = plainText(q.stem);
      d.explanation = plainText(q.globalFeedback);
      applyTags(d, q.tags ?? []);
      if (!d.basis && category.length) d.basis = categoryBasis(category);
      readGiftAnswers(d, q);
    }
  }
  return drafts;
}

function readGiftAnswers(d: QuestionDraft, q: GIFTQuestion): void {
  switch (q.type) {
    case 'MC': {
      const choices = q.choices;
      d.options = choices.map((c) => plainText(c.text));
      const exact = choices.flatMap((c, i) => (c.isCorrect ? [i] : []));
      const weighted = choices.flatMap((c, i) => ((c.weight ?? 0) > 0 ? [i] : []));
      if (choices.length > LETTERS.length) d.problems.push(`选项超过 ${LETTERS.length} 个`);
      if (exact.length === 1 && !weighted.length) {
        d.type = 'single_choice';
        d.answer = LETTERS[exact[0]];
      } else if (!exact.length && weighted.length >= 2) {
        d.type = 'multiple_choice';
        d.answer = weighted.map((i) => LETTERS[i]);
      } else if (!exact.length && weighted.length === 1) {
        d.type = 'single_choice';
        d.answer = LETTERS[weighted[0]];
      } else {
        d.type = exact.length > 1 ? 'multiple_choice' : 'single_choice';
        d.problems.push('选择题须有一个“=”正确选项，或两个以上带正分值（~%50%）的选项');
      }
      break;
    }
    case 'TF':
      d.type = 'true_false';
      d.options = TRUE_FALSE_OPTIONS;
      d.answer = q.isTrue ? 'A' : 'B';
      break;
    case 'Short': {
      d.type = 'fill_blank';
      const blank = readBlank(
        q.choices
          .filter((c: TextChoice) => c.isCorrect || c.weight === 100)
          .map((c) => ({ text: plainText(c.text), feedback: plainText(c.feedback) })),
      );
      if (!blank.answers.length) d.problems.push('填空题须有“=”标出的答案');
      const content = blanksContent([blank]);
      d.answer = content.answer;
      d.synonyms = content.synonyms;
      // gift-pegjs puts " _____ " where the answers were: back to our ____
      d.stem = q.hasEmbeddedAnswers ? d.stem.replace(/ ?_{5} ?/, '____') : `${d.stem}____`;
      break;
    }
    case 'Essay': {
      d.type = 'short_answer';
      const lines = d.explanation.split('\n');
      const at = lines.findLastIndex((l) => l.startsWith(EXPLANATION_LABEL));
      const info = readGraderInfo(at >= 0 ? lines.slice(0, at).join('\n') : d.explanation);
      if (at >= 0)
        d.explanation = [lines[at].slice(EXPLANATION_LABEL.length), ...lines.slice(at + 1)]
          .join('\n')
          .trim();
      d.answer = info.answer || null;
      d.keywords = info.keywords;
      if (!info.answer) d.problems.push('简答题须在“####”后给出参考答案');
      break;
    }
    case 'Matching':
    case 'Numerical':
    case 'Category':
    case 'Description':
      d.problems.push(`不支持的题型：${FOREIGN_TYPE_NAMES[q.type] ?? q.type}`);
  }
}

function giftError(e: unknown): string {
  const err = e as { expected?: { type: string; text?: string }[]; found?: string | null };
  if (err.found === null) return '题目未结束（缺少“}”）';
  const wanted = (err.expected ?? [])
    .filter((x) => x.type === 'literal' && x.text)
    .map((x) => `“${x.text}”`)
    .slice(0, 4);
  return `此处出现“${err.found ?? ''}”${wanted.length ? `，应为 ${wanted.join('、')}` : ''}`;
}
