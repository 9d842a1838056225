/**
 * The annual report on 学法考法 in the bureau's own wording, from the data only: the headline
 * sentence with the real figures (and who was exempted, so the denominator is explained), a
 * table of the three rates, the laws studied, the sessions held with their numbers and dates,
 * court-hearing attendance, the exams, any shortfall and the date. Pure: the service gathers
 * the facts, this writes them; the same blocks become Markdown and Word.
 */
import { percentText } from '../../common/text/percent';
import type { Figures, Rate, Shortfall } from './compliance-figures';

export interface ReportFacts {
  year: number;
  unitName: string;
  /** 全局 / 全市 …: how the bureau says "the whole unit". */
  wholeUnit: string;
  figures: Figures;
  /** Active exemptions of people in the unit (each on the roster in the period). */
  exempted: { reason: string }[];
  /** Every law's full and short title: a law is named by its full title throughout. */
  lawNames: { title: string; shortTitle: string }[];
  requiredHours: number;
  passMark: number;
  requiredLaws: string[];
  /** Other laws people studied (credited records), most people first. */
  otherLaws: string[];
  /** Sessions held, in order: their number in the year and type, type label, local date, topic. */
  sessions: { ordinal: number | null; typeLabel: string; date: string; topic: string }[];
  courtHearingRecords: { records: number; people: number };
  exams: { official: number; makeup: number };
  shortfall: Shortfall;
  asOf: string;
  frozen: boolean;
  /** The day the report is written (local, YYYY-MM-DD). */
  writtenOn: string;
}

export type ReportBlock =
  | { kind: 'title' | 'heading' | 'paragraph' | 'date'; text: string }
  | { kind: 'table'; text: string; header: string[]; rows: string[][] };

const pct = (r: Rate) => percentText(r.percent);

/** 3月5日 from 2026-03-05. */
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** 2026年3月5日 from 2026-03-05. */
export const chineseDate = (date: string) => `${Number(date.slice(0, 4))}年${monthDay(date)}`;

/** Text with every 《short title》 of a known law written as 《full title》. */
function oneName(text: string, names: ReportFacts['lawNames']): string {
  let out = text;
  for (const { title, shortTitle } of names) {
    if (shortTitle && shortTitle !== title)
      out = out.split(`《${shortTitle}》`).join(`《${title}》`);
  }
  return out;
}

/** 长期病休1人，借调2人: the reasons of the exemptions, most frequent first. */
function reasonsOf(exempted: ReportFacts['exempted']): string {
  const n = new Map<string, number>();
  for (const e of exempted) n.set(e.reason, (n.get(e.reason) ?? 0) + 1);
  return [...n]
    .sort((a, b) => b[1] - a[1])
    .map(([reason, k]) => `${reason}${k}人`)
    .join('，');
}

const RATE_ROWS = [
  ['参学率', 'participation'],
  ['参考率', 'exam'],
  ['通过率', 'pass'],
] as const;

/** The three rates as a table: n / d, percent, target, met. */
function ratesTable(fig: Figures): ReportBlock {
  return {
    kind: 'table',
    text: '学法考法主要指标',
    header: ['指标', '完成人数/应完成人数', '比率', '目标', '是否达标'],
    rows: RATE_ROWS.map(([label, key]) => {
      const r = fig[key];
      return [
        label,
        `${r.numerator}/${r.denominator}`,
        pct(r),
        percentText(r.target),
        r.met === null ? '—' : r.met ? '达标' : '未达标',
      ];
    }),
  };
}

const laws = (titles: string[]) => titles.map((t) => `《${t}》`).join('');

const allMet = (f: Figures) =>
  [f.participation, f.exam, f.pass].every((r) => r.met === true) && f.required > 0;

export function reportBlocks(f: ReportFacts): ReportBlock[] {
  const fig = f.figures;
  const out: ReportBlock[] = [
    { kind: 'title', text: `${f.unitName}${f.year}年度学法考法工作情况` },
  ];
  const rates = `参学率${pct(fig.participation)}，参考率${pct(fig.exam)}，通过率${pct(fig.pass)}`;
  // with exemptions the roster and the denominator differ: say both, and why
  const who = f.exempted.length
    ? `${f.year}年，${f.unitName}在册干部职工${fig.required + f.exempted.length}人，其中${f.exempted.length}人经批准免学免考（${reasonsOf(f.exempted)}），不计入统计，各项比率均以其余${fig.required}名应参学参考人员为基数计算。${f.unitName}组织这${fig.required}名干部职工`
    : `${f.year}年，${f.unitName}组织${f.wholeUnit}${fig.required}名干部职工`;
  out.push({
    kind: 'paragraph',
    text: allMet(fig)
      ? `${who}按时按要求完成学法考法工作，${rates}。`
      : `${who}开展学法考法工作，${rates}（参学${fig.studyMet}人、参考${fig.sat}人、通过${fig.passed}人），按参考人数计通过率${pct(fig.passOfSat)}。`,
  });
  out.push(ratesTable(fig));

  out.push({ kind: 'heading', text: '一、学习内容' });
  const studied = [
    f.requiredLaws.length
      ? `全年重点学习了${laws(f.requiredLaws)}等必学法律法规，每人须完成学法${f.requiredHours}学时`
      : `每人须完成学法${f.requiredHours}学时`,
    f.otherLaws.length ? `，干部职工还学习了${laws(f.otherLaws)}` : '',
  ].join('');
  out.push({ kind: 'paragraph', text: `${studied}。` });

  out.push({ kind: 'heading', text: '二、集中学习' });
  if (!f.sessions.length) {
    out.push({ kind: 'paragraph', text: '全年未开展集中学习活动。' });
  } else {
    const byType = new Map<string, ReportFacts['sessions']>();
    for (const s of f.sessions) {
      const list = byType.get(s.typeLabel) ?? [];
      list.push(s);
      byType.set(s.typeLabel, list);
    }
    const parts = [...byType].map(
      ([type, list]) =>
        `${type}${list.length}次（${list
          .map(
            (s) =>
              `${s.ordinal ? `第${s.ordinal}次` : ''}${monthDay(s.date)}“${oneName(s.topic, f.lawNames)}”`,
          )
          .join('，')}）`,
    );
    out.push({
      kind: 'paragraph',
      text: `全年共开展集中学习活动${f.sessions.length}次，其中${parts.join('；')}。`,
    });
  }
  const hearings = f.sessions.filter((s) => s.typeLabel === '旁听庭审').length;
  const own = f.courtHearingRecords;
  out.push({
    kind: 'paragraph',
    text:
      hearings || own.records
        ? `旁听庭审：${hearings ? `组织集体旁听庭审${hearings}次` : '未组织集体旁听庭审'}${own.records ? `，干部职工个人旁听庭审${own.records}人次（${own.people}人）` : ''}。`
        : '旁听庭审：全年未组织旁听庭审，也无个人旁听庭审记录。',
  });

  out.push({ kind: 'heading', text: '三、学法考试' });
  out.push({
    kind: 'paragraph',
    text: f.exams.official
      ? `组织学法考试${f.exams.official}场${f.exams.makeup ? `、补考${f.exams.makeup}场` : ''}，应考${fig.required}人，参考${fig.sat}人，通过${fig.passed}人（及格线${percentText(f.passMark)}）。`
      : '全年尚未组织学法考试。',
  });

  const shortfalls: string[] = [];
  const short = f.shortfall;
  const notStudied = fig.required - fig.studyMet;
  const notSat = fig.required - fig.sat;
  const notPassed = fig.required - fig.passed;
  if (notStudied > 0) {
    shortfalls.push(
      `参学率${pct(fig.participation)}（${fig.studyMet}/${fig.required}），有${notStudied}人未完成学习要求（学时不足${short.hoursShort}人，必学法规未学完${short.lawsShort}人）`,
    );
  }
  if (notSat > 0) {
    shortfalls.push(
      `参考率${pct(fig.exam)}（${fig.sat}/${fig.required}），有${notSat}人未参加考试`,
    );
  }
  if (notPassed > 0) {
    shortfalls.push(
      `通过率${pct(fig.pass)}（${fig.passed}/${fig.required}），有${notPassed}人未通过${short.failed ? `（其中${short.failed}人成绩低于及格线）` : ''}`,
    );
  }
  if (shortfalls.length) {
    out.push({ kind: 'heading', text: '四、存在的不足' });
    out.push({ kind: 'paragraph', text: `${shortfalls.join('；')}。` });
  }
  out.push({
    kind: 'paragraph',
    text: `（数据统计至${chineseDate(f.asOf)}${f.frozen ? '，计划已关闭，数据已固定' : ''}。）`,
  });
  out.push({ kind: 'date', text: chineseDate(f.writtenOn) });
  return out;
}

/** Display width: CJK and full-width characters take two columns (as Prettier counts them). */
const displayWidth = (text: string) => [...text].reduce((n, ch) => n + (WIDE.test(ch) ? 2 : 1), 0);
const WIDE = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** A Markdown table with its columns padded to one width, as Prettier writes tables. */
function mdTable(header: string[], rows: string[][]): string {
  const widths = header.map((_, i) =>
    Math.max(3, ...[header, ...rows].map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat(widths[i] - displayWidth(c))).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function blockMarkdown(b: ReportBlock): string {
  switch (b.kind) {
    case 'title':
      return `# ${b.text}`;
    case 'heading':
      return `## ${b.text}`;
    case 'table':
      return mdTable(b.header, b.rows);
    case 'date':
    case 'paragraph':
      return b.text;
  }
}

export function toMarkdown(blocks: ReportBlock[]): string {
  return `${blocks.map(blockMarkdown).join('\n\n')}\n`;
}
