import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { QuestionType } from '../question-content';
import { BLANK, LETTERS } from '../question-content';
import { parseLegalBasis } from '../legal-basis';
import { TYPE_BY_LABEL, TYPE_LABELS } from '../question-content';
import type { QuestionDraft } from './draft';
import { emptyDraft } from './draft';

/** Word headings also say 是非题 and 问答题. */
const HEADING_TYPES: Record<string, QuestionType> = {
  ...TYPE_BY_LABEL,
  是非题: 'true_false',
  问答题: 'short_answer',
};

/** 一、单选题（每题 2 分） */
const HEADING =
  /^[一二三四五六七八九十]+\s*[、.．]\s*([^（(\s:：]+)\s*[:：]?\s*(?:[（(].*[）)])?\s*$/;
/** 1. / 1、 / 1． / （1） / (1) */
const NUMBERED = /^(?:(\d{1,4})\s*[.．、]|[（(](\d{1,4})[）)])\s*(.*)$/;
/** A. / A、 / A． / A) at the start of a line. */
const OPTION_START = /^[A-H]\s*[.．、)）]/;
/** Each option marker in a line with several (A.甲 B.乙 C.丙). */
const OPTION_MARK = /(?:^|\s)([A-H])\s*[.．、)）]\s*/g;
/** 答案：… / 【答案】… and the other labelled lines. */
const LABEL =
  /^(?:【\s*(答案|参考答案|解析|依据|法律依据|原文|依据原文|评分要点)\s*】|(答案|参考答案|解析|依据|法律依据|原文|依据原文|评分要点)\s*[:：])\s*(.*)$/;

type Field = 'stem' | 'answer' | 'explanation' | 'basis' | 'evidence' | 'keywords';
const FIELD_OF: Record<string, Field> = {
  答案: 'answer',
  参考答案: 'answer',
  解析: 'explanation',
  依据: 'basis',
  法律依据: 'basis',
  原文: 'evidence',
  依据原文: 'evidence',
  评分要点: 'keywords',
};

interface Item {
  draft: QuestionDraft;
  number: number;
  fields: Record<Field, string[]>;
  last: Field;
  sectionType: QuestionType | null;
}

/**
 * Reads a Word question file in the layout offices circulate (the text mammoth extracts, one
 * paragraph a line): 一、单选题 … headings giving the type, numbered stems (1. / 1、 / （1）),
 * options A.–H. on their own lines or several on one line, 答案：, optional 解析：, 依据：《…》第…条,
 * 原文：, 评分要点：. A numbered line starts the next question when it has the next number, except
 * within a short answer's 答案 (a reference answer may have its own 1. 2. 3.: the next labelled
 * line, such as 依据：, ends it). Text before the first heading or
 * numbered stem (instructions) is ignored.
 */
export function readWordQuestions(text: string): QuestionDraft[] {
  const items: Item[] = [];
  let sectionType: QuestionType | null = null;
  let sectionName = '';
  let current: Item | null = null;
  const paragraphs = text.split('\n\n');
  paragraphs.forEach((paragraph, p) => {
    for (const raw of paragraph.split('\n')) {
      const line = raw.replace(/\u00a0/g, ' ').trim();
      if (!line) continue;
      const heading = HEADING.exec(line);
      if (heading && HEADING_TYPES[heading[1]]) {
        sectionType = HEADING_TYPES[heading[1]];
        sectionName = heading[1];
        current = null;
        continue;
      }
      const numbered = NUMBERED.exec(line);
      const number = numbered ? Number(numbered[1] ?? numbered[2]) : NaN;
      // a short answer's reference answer may be a numbered list of its own
      const inAnswer = current?.last === 'answer' && current.sectionType === 'short_answer';
      if (numbered && (!current || (number === current.number + 1 && !inAnswer))) {
        const draft = emptyDraft({
          line: p + 1,
          item: `${sectionName ? `${sectionName}` : ''}第 ${number} 题`,
        });
        current = {
          draft,
          number,
          fields: {
            stem: [numbered[3]],
            answer: [],
            explanation: [],
            basis: [],
            evidence: [],
            keywords: [],
          },
          last: 'stem',
          sectionType,
        };
        items.push(current);
        continue;
      }
      if (!current) continue; // instructions before the first question
      const label = LABEL.exec(line);
      if (label) {
        const field = FIELD_OF[label[1] ?? label[2]];
        current.last = field;
        if (current.fields[field].length && field !== 'basis')
          current.draft.problems.push(`“${label[1] ?? label[2]}”出现了两次`);
        current.fields[field].push(label[3]);
        continue;
      }
      if (OPTION_START.test(line) && (current.last === 'stem' || current.draft.options.length)) {
        if (!addOptions(current.draft, line))
          current.draft.problems.push(`选项“${line}”的字母不连续`);
        current.last = 'stem';
        continue;
      }
      current.fields[current.last].push(line);
    }
  });
  return items.map(finish);
}

/** Adds the options of one line (A.甲 or A.甲 B.乙 …); false when the letters skip. */
function addOptions(d: QuestionDraft, line: string): boolean {
  const marks = [...line.matchAll(OPTION_MARK)];
  // only markers in A, B, C order count (a "B." inside an option's text is text)
  const used: { letter: string; start: number; end: number }[] = [];
  for (const m of marks) {
    const expected = LETTERS[d.options.length + used.length];
    if (m[1] === expected) used.push({ letter: m[1], start: m.index, end: m.index + m[0].length });
  }
  if (!used.length) return false;
  used.forEach((u, i) =>
    d.options.push(line.slice(u.end, used[i + 1]?.start ?? line.length).trim()),
  );
  return true;
}

const ANSWER_HINT: Record<QuestionType, string> = {
  single_choice: '单选题答案填一个选项字母，如 答案：B',
  multiple_choice: '多选题答案填两个以上选项字母，如 答案：ACD',
  true_false: '判断题答案填 正确/错误、对/错 或 √/×',
  fill_blank: '填空题答案按空位顺序用“；”分隔，同一空的几种写法用“|”分隔',
  short_answer: '简答题须给出参考答案',
};

function finish(item: Item): QuestionDraft {
  const { draft: d, fields } = item;
  d.stem = fields.stem.join('\n').trim();
  const answerText = fields.answer.join('\n').trim();
  d.type = item.sectionType ?? guessType(d, answerText);
  d.explanation = fields.explanation.join('\n').trim();
  d.evidence = fields.evidence.join('').trim() || undefined;
  d.keywords = fields.keywords
    .join('；')
    .split(/[；;]/)
    .map((k) => k.trim())
    .filter(Boolean);
  if (fields.basis.length) {
    d.basis = parseLegalBasis(fields.basis.join('；'));
    if (!d.basis) d.problems.push('依据无法识别，应如 依据：《信访工作条例》第二十二条');
  }
  if (!answerText) {
    d.problems.push('缺少“答案：”');
    return d;
  }
  if ((d.type === 'single_choice' || d.type === 'multiple_choice') && !d.options.length)
    d.problems.push('选择题缺少选项（A. …）');
  d.answer = wordAnswer(d.type, answerText);
  if (d.answer === null) d.problems.push(`答案“${answerText}”无法识别：${ANSWER_HINT[d.type]}`);
  return d;
}

function guessType(d: QuestionDraft, answer: string): QuestionType {
  const letters = answer.toUpperCase().replace(/[\s,，、;；]/g, '');
  if (d.options.length) return /^[A-H]{2,}$/.test(letters) ? 'multiple_choice' : 'single_choice';
  if (/^(正确|错误|对|错|√|×|✓|✗)$/.test(answer)) return 'true_false';
  if (d.stem.match(BLANK)) return 'fill_blank';
  return 'short_answer';
}

function wordAnswer(type: QuestionType, text: string): unknown {
  const t = text.trim();
  switch (type) {
    case 'single_choice': {
      const letter = t.toUpperCase();
      return /^[A-H]$/.test(letter) ? letter : null;
    }
    case 'multiple_choice': {
      const letters = t.toUpperCase().replace(/[\s,，、;；]/g, '');
      return /^[A-H]{2,8}$/.test(letters) ? [...letters] : null;
    }
    case 'true_false':
      if (/^(正确|对|√|✓|是|T|TRUE)$/i.test(t)) return 'A';
      if (/^(错误|错|×|✗|否|F|FALSE)$/i.test(t)) return 'B';
      return null;
    case 'fill_blank': {
      const blanks = t.split(/[；;]/).map((b) =>
        b
          .split(/[|｜]/)
          .map((x) => x.trim())
          .filter(Boolean),
      );
      return blanks.every((b) => b.length) ? blanks : null;
    }
    case 'short_answer':
      return t;
  }
}

// ---- the template ----

const EXAMPLE_LAW = '《信访工作条例》';

/** The template's example questions, one per type (the law cited is an example to replace). */
export const WORD_TEMPLATE_EXAMPLES: { heading: string; lines: string[] }[] = [
  {
    heading: `一、${TYPE_LABELS.single_choice}`,
    lines: [
      '1. 按照规定，信访事项应当自收到之日起多少日内决定是否受理？',
      'A. 7日',
      'B. 15日',
      'C. 30日',
      'D. 60日',
      '答案：B',
      '解析：应当自收到之日起15日内决定是否受理。',
      `依据：${EXAMPLE_LAW}第二十二条`,
    ],
  },
  {
    heading: `二、${TYPE_LABELS.multiple_choice}`,
    lines: [
      '1. 对不予受理的信访事项，下列做法正确的有哪些？',
      'A. 书面告知信访人  B. 说明理由  C. 不予理睬  D. 拖延答复',
      '答案：AB',
      '解析：不予受理的，应当书面告知信访人并说明理由。',
      `依据：${EXAMPLE_LAW}第二十二条`,
    ],
  },
  {
    heading: `三、${TYPE_LABELS.true_false}`,
    lines: [
      '1. 不予受理的信访事项无须告知信访人。',
      '答案：错误',
      `依据：${EXAMPLE_LAW}第二十二条`,
    ],
  },
  {
    heading: `四、${TYPE_LABELS.fill_blank}`,
    lines: [
      '1. 信访事项应当自收到之日起____日内决定是否受理。',
      '答案：15|十五',
      `依据：${EXAMPLE_LAW}第二十二条`,
    ],
  },
  {
    heading: `五、${TYPE_LABELS.short_answer}`,
    lines: [
      '1. 简述对不予受理的信访事项应当如何处理。',
      '答案：应当书面告知信访人，并说明理由。',
      '评分要点：书面告知；说明理由',
      '解析：不予受理的，应当书面告知信访人并说明理由。',
      `依据：${EXAMPLE_LAW}第二十二条`,
    ],
  },
];

const INSTRUCTIONS = [
  '填写说明（本段不会被导入）：',
  '· 用“一、单选题”“二、多选题”“三、判断题”“四、填空题”“五、简答题”作为大题标题，标题决定其下各题的题型。',
  '· 每道题以题号开头：1. 或 1、 或 （1），题号在同一大题内连续编排。',
  '· 选项以 A. 至 F. 开头，可每个选项单独一段，也可几个选项写在同一段。',
  '· 答案：单选填一个字母（如 B），多选填几个字母（如 ACD），判断填 正确/错误、对/错 或 √/×；',
  '  填空题在题干中用 ____ 标出空位，答案按空位顺序用“；”分隔，同一空的几种写法用“|”分隔；简答题写参考答案，可另起“评分要点：”用“；”分隔。',
  '· 解析：可选，不写时以法律依据作解析。依据：必填，如 《信访工作条例》第二十二条、第二十三条。原文：可选，从所引条文中原样摘录的一句话。',
  '· 只要有一道题有错，整个文件都不会导入，系统会列出每道错题的大题、题号和原因。',
  '· 请把下面的示例题换成自己的题目，示例中引用的法律法规也要换成系统中已有的法律法规：',
];

/** The Word template: instructions, the laws that can be cited, one example per type. */
export async function wordTemplate(laws: string[]): Promise<Buffer> {
  const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const doc = new Document({
    creator: 'xuefa',
    title: '题库导入模板（Word）',
    sections: [
      {
        children: [
          new Paragraph({ text: '题库导入模板', heading: HeadingLevel.TITLE }),
          ...INSTRUCTIONS.map(p),
          p(
            `· 系统中已有的法律法规：${laws.length ? laws.map((l) => `《${l}》`).join('、') : '（尚无）'}`,
          ),
          ...WORD_TEMPLATE_EXAMPLES.flatMap((s) => [
            new Paragraph({ text: s.heading, heading: HeadingLevel.HEADING_1 }),
            ...s.lines.map(p),
          ]),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
