import { LETTERS } from '../question-content';
import { parseLegalBasis } from '../legal-basis';
import type { ExportItem, QuestionDraft } from './draft';
import { emptyDraft } from './draft';

const OPTION = /^([A-Ha-h])\s*[.．)）、]\s*(.*)$/;
const ANSWER = /^ANSWER\s*[:：]\s*(.*)$/i;
/** Our additions after ANSWER: (Moodle's Aiken import does not know them). */
const EXTRA = /^(解析|依据|原文)\s*[:：]\s*(.*)$/;

/**
 * Aiken (Moodle's one-line format): single choice only, `A.` / `A)` options, `ANSWER: B`.
 * Aiken has no explanation or legal basis: lines `解析：…`, `依据：《…》第…条`, `原文：…`
 * right after ANSWER are read as ours.
 */
export function readAiken(text: string): QuestionDraft[] {
  const drafts: QuestionDraft[] = [];
  let d: QuestionDraft | null = null;
  let answered = false;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const extra = answered ? EXTRA.exec(line) : null;
    if (d && extra) {
      const value = extra[2].trim();
      if (extra[1] === '解析') d.explanation = value;
      else if (extra[1] === '原文') d.evidence = value;
      else {
        d.basis = parseLegalBasis(value);
        if (!d.basis) d.problems.push('依据无法识别，应如 依据：《信访工作条例》第二十二条');
      }
      return;
    }
    if (!d || answered) {
      d = emptyDraft({ line: i + 1 });
      d.type = 'single_choice';
      d.stem = line;
      drafts.push(d);
      answered = false;
      return;
    }
    const option = OPTION.exec(line);
    const answer = ANSWER.exec(line);
    if (answer) {
      answered = true;
      const key = answer[1].trim().toUpperCase();
      if (!d.options.length) d.problems.push('ANSWER 之前没有选项');
      if (!/^[A-H]$/.test(key))
        d.problems.push(`第 ${i + 1} 行：ANSWER 须为一个选项字母，如 ANSWER: B`);
      else d.answer = key;
    } else if (option) {
      const letter = option[1].toUpperCase();
      if (letter !== LETTERS[d.options.length])
        d.problems.push(`第 ${i + 1} 行：选项应为 ${LETTERS[d.options.length]}，而不是 ${letter}`);
      d.options.push(option[2].trim());
    } else if (!d.options.length) {
      d.stem = `${d.stem}\n${line}`;
    } else {
      d.problems.push(`第 ${i + 1} 行：既不是选项（A. …）也不是 ANSWER: 行`);
    }
  });
  const last = drafts.at(-1);
  if (last && !answered) last.problems.push('缺少 ANSWER: 行');
  return drafts;
}

/** Single-choice questions as Aiken (stems on one line); the others have no Aiken form. */
export function writeAiken(items: ExportItem[]): { text: string; skipped: string[] } {
  const out: string[] = [];
  const skipped: string[] = [];
  for (const item of items) {
    const c = item.content;
    if (c.type !== 'single_choice') {
      skipped.push(item.code);
      continue;
    }
    const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');
    out.push(
      [
        oneLine(c.stem),
        ...c.options.map((o, i) => `${LETTERS[i]}. ${oneLine(o)}`),
        `ANSWER: ${c.answer as string}`,
      ].join('\n'),
    );
  }
  return { text: `${out.join('\n\n')}\n`, skipped };
}
