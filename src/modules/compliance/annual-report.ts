/**
 * The annual report on 学法考法 in the bureau's own wording, from the data only: the headline
 * sentence with the real figures, the laws studied, the sessions held with their numbers and
 * dates, court-hearing attendance, the exams, and any shortfall. Pure: the service gathers the
 * facts, this writes them; the same blocks become Markdown and Word.
 */
import type { Figures, Rate, Shortfall } from './compliance-figures';

export interface ReportFacts {
  year: number;
  unitName: string;
  /** 全局 / 全市 …: how the bureau says "the whole unit". */
  wholeUnit: string;
  figures: Figures;
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
}

export interface ReportBlock {
  kind: 'title' | 'heading' | 'paragraph';
  text: string;
}

const pct = (r: Rate) =>
  r.percent === null ? '—' : `${Number.isInteger(r.percent) ? r.percent : r.percent.toFixed(1)}%`;

/** 3月5日 from 2026-03-05. */
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

const laws = (titles: string[]) => titles.map((t) => `《${t}》`).join('');

const allMet = (f: Figures) =>
  [f.participation, f.exam, f.pass].every((r) => r.met === true) && f.required > 0;

export function reportBlocks(f: ReportFacts): ReportBlock[] {
  const fig = f.figures;
  const out: ReportBlock[] = [
    { kind: 'title', text: `${f.unitName}${f.year}年度学法考法工作情况` },
  ];
  const rates = `参学率${pct(fig.participation)}，参考率${pct(fig.exam)}，通过率${pct(fig.pass)}`;
  out.push({
    kind: 'paragraph',
    text: allMet(fig)
      ? `${f.year}年，${f.unitName}组织${f.wholeUnit}${fig.required}名干部职工按时按要求完成学法考法工作，${rates}。`
      : `${f.year}年，${f.unitName}组织${f.wholeUnit}${fig.required}名干部职工开展学法考法工作，${rates}（参学${fig.studyMet}人、参考${fig.sat}人、通过${fig.passed}人），按参考人数计通过率${pct(fig.passOfSat)}。`,
  });

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
          .map((s) => `${s.ordinal ? `第${s.ordinal}次` : ''}${monthDay(s.date)}“${s.topic}”`)
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
      ? `组织学法考试${f.exams.official}场${f.exams.makeup ? `、补考${f.exams.makeup}场` : ''}，应考${fig.required}人，参考${fig.sat}人，通过${fig.passed}人（及格线${f.passMark}%）。`
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
    text: `（数据统计至${f.asOf}${f.frozen ? '，计划已关闭，数据已固定' : ''}。）`,
  });
  return out;
}

export function toMarkdown(blocks: ReportBlock[]): string {
  return `${blocks
    .map((b) =>
      b.kind === 'title' ? `# ${b.text}` : b.kind === 'heading' ? `## ${b.text}` : b.text,
    )
    .join('\n\n')}\n`;
}
