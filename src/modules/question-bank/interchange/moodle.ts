import { DOMParser } from '@xmldom/xmldom';
type XmlElement = Element;
import { XMLBuilder, XMLValidator } from 'fast-xml-parser';
import { BLANK, LETTERS } from '../question-content';
import { TRUE_FALSE_OPTIONS } from '../question-content';
import type { MarkedAnswer } from './blanks';
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

/** A file that cannot be read as Moodle XML at all (the reason in Chinese). */
export class UnreadableFile extends Error {}

// ---- export ----

const text = (t: string) => ({ text: t });
const plain = (t: string) => ({ '@_format': 'plain_text', text: t });

/** Moodle's fractions for 1–8 correct answers of a multiple-answer question. */
const FRACTIONS = ['100', '50', '33.33333', '25', '20', '16.66667', '14.28571', '12.5'];

/**
 * Moodle XML (Moodle's "Moodle XML format", question bank import): a category per law
 * ($course$/top/<law title>), then its questions. Single and multiple choice → multichoice,
 * true/false → truefalse, a fill-in with one blank → shortanswer, with more → multianswer
 * (cloze), short answer → essay with graderinfo. The code is the name and the idnumber; legal
 * basis, evidence, difficulty and status travel as tags (see metaTags).
 */
export function writeMoodle(items: ExportItem[]): string {
  const questions: object[] = [];
  let category: string | null = null;
  for (const item of [...items].sort((a, b) => a.category.localeCompare(b.category, 'zh'))) {
    if (item.category !== category) {
      category = item.category;
      questions.push({
        '@_type': 'category',
        category: text(`$course$/top/${category.replace(/\//g, '//')}`),
        info: { '@_format': 'plain_text', text: '' },
      });
    }
    questions.push(moodleQuestion(item));
  }
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    suppressEmptyNode: false,
  });
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    quiz: { question: questions },
  });
}

function moodleQuestion(item: ExportItem): object {
  const c = item.content;
  const common = {
    name: text(item.code),
    questiontext: plain(c.stem),
    generalfeedback: plain(c.explanation),
    defaultgrade: 1,
    penalty: 0,
    hidden: item.status === 'retired' ? 1 : 0,
    idnumber: item.code,
  };
  const tags = { tags: { tag: metaTags(item).map(text) } };
  switch (c.type) {
    case 'single_choice':
    case 'multiple_choice': {
      const keys = c.type === 'single_choice' ? [c.answer as string] : (c.answer as string[]);
      const fraction = FRACTIONS[keys.length - 1] ?? '0';
      return {
        '@_type': 'multichoice',
        ...common,
        single: c.type === 'single_choice' ? 'true' : 'false',
        shuffleanswers: 'false',
        answernumbering: 'ABCD',
        answer: c.options.map((o, i) => ({
          '@_fraction': keys.includes(LETTERS[i])
            ? fraction
            : c.type === 'single_choice'
              ? '0'
              : '-100',
          '@_format': 'plain_text',
          text: o,
          feedback: plain(''),
        })),
        ...tags,
      };
    }
    case 'true_false':
      return {
        '@_type': 'truefalse',
        ...common,
        answer: [
          {
            '@_fraction': c.answer === 'A' ? '100' : '0',
            '@_format': 'moodle_auto_format',
            text: 'true',
            feedback: plain(''),
          },
          {
            '@_fraction': c.answer === 'B' ? '100' : '0',
            '@_format': 'moodle_auto_format',
            text: 'false',
            feedback: plain(''),
          },
        ],
        ...tags,
      };
    case 'fill_blank': {
      const blanks = (c.answer as string[][]).map((answers, i) =>
        markBlank(answers, c.synonyms[i]),
      );
      if (blanks.length === 1) {
        return {
          '@_type': 'shortanswer',
          ...common,
          usecase: 0,
          answer: blanks[0].map((a) => ({
            '@_fraction': '100',
            '@_format': 'plain_text',
            text: a.text,
            feedback: plain(a.feedback),
          })),
          ...tags,
        };
      }
      let n = 0;
      const cloze = c.stem.replace(BLANK, () => clozeBlank(blanks[n++] ?? []));
      return { '@_type': 'cloze', ...common, questiontext: plain(cloze), ...tags };
    }
    case 'short_answer':
      return {
        '@_type': 'essay',
        ...common,
        responseformat: 'plain',
        responserequired: 1,
        responsefieldlines: 10,
        attachments: 0,
        attachmentsrequired: 0,
        graderinfo: plain(graderInfo(c.answer as string, c.keywords)),
        responsetemplate: plain(''),
        ...tags,
      };
  }
}

const clozeEscape = (s: string) => s.replace(/[\\}#~/"]/g, (ch) => `\\${ch}`);
const clozeBlank = (answers: MarkedAnswer[]) =>
  `{1:SHORTANSWER:${answers.map((a) => `=${clozeEscape(a.text)}#${clozeEscape(a.feedback)}`).join('~')}}`;

// ---- import ----

const CLOZE = /\{(\d*):([A-Z_]+):((?:\\.|[^\\}])*)\}/g;
const SHORT_CLOZE = ['SHORTANSWER', 'SA', 'MW', 'SHORTANSWER_C', 'SAC', 'MWC'];

function child(el: XmlElement, name: string): XmlElement | undefined {
  for (let n = el.firstChild; n; n = n.nextSibling)
    if (n.nodeType === 1 && (n as XmlElement).tagName === name) return n as XmlElement;
  return undefined;
}
function children(el: XmlElement | undefined, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  if (!el) return out;
  for (let n = el.firstChild; n; n = n.nextSibling)
    if (n.nodeType === 1 && (n as XmlElement).tagName === name) out.push(n as XmlElement);
  return out;
}
/** The <text> of a Moodle text element, HTML turned into text where the format says so. */
function textOf(el: XmlElement | undefined): string {
  if (!el) return '';
  const t = child(el, 'text');
  const raw = (t ?? el).textContent ?? '';
  const format = el.getAttribute('format') || 'html';
  return format === 'html' || format === 'moodle_auto_format' ? htmlToText(raw) : raw.trim();
}
const valueOf = (el: XmlElement, name: string) => (child(el, name)?.textContent ?? '').trim();

/**
 * Reads a Moodle XML question file (Moodle's own or another system's): every <question> becomes a
 * draft with the line it starts on; categories name the law when no 依据 tag does (a category
 * path segment that is a law's name, and 第…条 segments the articles). Description items are
 * skipped; types with no match here are reported.
 */
export function readMoodle(xml: string): QuestionDraft[] {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new UnreadableFile('文件不能包含 DTD（<!DOCTYPE>）');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new UnreadableFile(`第 ${valid.err.line} 行 XML 格式错误（${valid.err.msg}）`);
  }
  let doc: Document;
  try {
    doc = new DOMParser({
      locator: {},
      errorHandler: {
        warning: () => undefined,
        error: (msg: string) => {
          throw new UnreadableFile(`XML 格式错误（${msg}）`);
        },
      },
    }).parseFromString(xml, 'text/xml');
  } catch (e) {
    throw e instanceof UnreadableFile ? e : new UnreadableFile('XML 格式错误');
  }
  const quiz = doc.documentElement;
  if (!quiz || quiz.tagName !== 'quiz')
    throw new UnreadableFile('根元素不是 <quiz>，不是 Moodle XML 题库文件');
  const drafts: QuestionDraft[] = [];
  let category: string[] = [];
  for (const q of children(quiz, 'question')) {
    const type = q.getAttribute('type') ?? '';
    const line = (q as unknown as { lineNumber?: number }).lineNumber;
    if (type === 'category') {
      category = categoryPath(valueOf(child(q, 'category') ?? q, 'text'));
      continue;
    }
    if (type === 'description') continue;
    const d = emptyDraft({ line });
    drafts.push(d);
    d.item = valueOf(child(q, 'name') ?? q, 'text') || undefined;
    d.code = valueOf(q, 'idnumber') || undefined;
    d.stem = textOf(child(q, 'questiontext'));
    d.explanation = textOf(child(q, 'generalfeedback'));
    if (valueOf(q, 'hidden') === '1') d.status = 'retired';
    applyTags(
      d,
      children(child(q, 'tags'), 'tag').map((t) => valueOf(t, 'text')),
    );
    if (!d.basis && category.length) d.basis = categoryBasis(category);
    const answers = children(q, 'answer').map((a) => ({
      fraction: Number(a.getAttribute('fraction') ?? '0'),
      text: textOf(a),
      feedback: textOf(child(a, 'feedback')),
    }));
    switch (type) {
      case 'multichoice': {
        d.options = answers.map((a) => a.text);
        const correct = answers.flatMap((a, i) => (a.fraction > 0 ? [LETTERS[i] ?? '?'] : []));
        const single = valueOf(q, 'single') !== 'false';
        if (answers.length > LETTERS.length) d.problems.push(`选项超过 ${LETTERS.length} 个`);
        if (!correct.length) d.problems.push('没有得分为正的选项（正确答案）');
        else if (single || correct.length === 1) {
          d.type = 'single_choice';
          if (correct.length > 1 || answers[LETTERS.indexOf(correct[0])]?.fraction !== 100)
            d.problems.push('单选题须恰好有一个得分为 100% 的选项');
          d.answer = correct[0];
        } else {
          d.type = 'multiple_choice';
          d.answer = correct;
        }
        break;
      }
      case 'truefalse': {
        d.type = 'true_false';
        if (!d.options.length) d.options = TRUE_FALSE_OPTIONS;
        const right = answers.find((a) => a.fraction === 100)?.text.toLowerCase();
        d.answer = right === 'true' ? 'A' : right === 'false' ? 'B' : null;
        if (d.answer === null) d.problems.push('判断题须有一个得分为 100% 的 true 或 false');
        break;
      }
      case 'shortanswer': {
        d.type = 'fill_blank';
        const blank = readBlank(answers.filter((a) => a.fraction === 100));
        if (!blank.answers.length) d.problems.push('填空题须有得分为 100% 的答案');
        const content = blanksContent([blank]);
        d.answer = content.answer;
        d.synonyms = content.synonyms;
        // Moodle's own short-answer stems often carry no blank mark: one is added at the end
        if (!d.stem.match(BLANK)) d.stem = `${d.stem}____`;
        break;
      }
      case 'cloze':
      case 'multianswer':
        readCloze(d);
        break;
      case 'essay': {
        d.type = 'short_answer';
        const info = readGraderInfo(textOf(child(q, 'graderinfo')));
        d.answer = info.answer || null;
        d.keywords = info.keywords;
        if (!info.answer) d.problems.push('简答题须在评分信息（graderinfo）中给出参考答案');
        break;
      }
      default:
        d.problems.push(`不支持的题型：${FOREIGN_TYPE_NAMES[type] ?? type}（${type}）`);
    }
  }
  return drafts;
}

/** A cloze stem: each short-answer gap becomes ____; other gap kinds are reported. */
function readCloze(d: QuestionDraft): void {
  d.type = 'fill_blank';
  const blanks: { answers: string[]; synonyms: string[] }[] = [];
  d.stem = d.stem.replace(CLOZE, (_whole, _w: string, kind: string, body: string) => {
    if (!SHORT_CLOZE.includes(kind)) {
      d.problems.push(`完形填空中的 ${kind} 空无法转换，只支持填空（SHORTANSWER）`);
      return '____';
    }
    const parts = body.split(/(?<!\\)~/).map((part) => {
      const m = /^(=|%(-?\d+(?:\.\d+)?)%)?((?:\\.|[^\\#])*)(?:#(.*))?$/s.exec(part);
      const unescape = (s = '') => s.replace(/\\(.)/g, '$1');
      const fraction = m?.[1] === '=' ? 100 : Number(m?.[2] ?? 0);
      return { fraction, text: unescape(m?.[3]), feedback: unescape(m?.[4]) };
    });
    blanks.push(readBlank(parts.filter((p) => p.fraction === 100)));
    return '____';
  });
  if (!blanks.length) d.problems.push('完形填空题中没有找到填空');
  if (blanks.some((b) => !b.answers.length)) d.problems.push('每个空须有得分为 100% 的答案');
  const content = blanksContent(blanks);
  d.answer = content.answer;
  d.synonyms = content.synonyms;
}
