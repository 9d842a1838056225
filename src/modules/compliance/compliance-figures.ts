/**
 * The three rates of product.md §3 from per-person rows, as pure functions: the live figures
 * and a closed plan's frozen ones go through the same code. Every figure is n / d with a
 * percentage (one decimal) against its target, and the rows say who is missing what.
 */

import { percentText } from '../../common/text/percent';

export type ExamState = 'none' | 'in_progress' | 'pending' | 'failed' | 'passed';

/** One required person (on the roster in the period, not exempted) and what they did. */
export interface ComplianceRow {
  staffId: string;
  staffNo: string;
  name: string;
  unitId: string;
  unitName: string;
  unitPath: string;
  /** Credited study hours in the period. */
  hours: number;
  /** Required laws with no credited study record in the period. */
  lawsMissing: { lawId: string; title: string }[];
  /** The day hours and laws were both reached; null while not met. */
  studyMetOn: string | null;
  /** The day of the first submitted attempt of the official exam or a make-up. */
  firstSatOn: string | null;
  /** The day of the first passing attempt. */
  passedOn: string | null;
  /** Best counted percentage across the official exam and its make-ups. */
  bestPercentage: number | null;
  examState: ExamState;
}

/** One session held in the period. */
export interface SessionRow {
  sessionId: string;
  type: string;
  unitPath: string;
  startsAt: string;
  invited: number;
  attended: number;
}

/**
 * What one required person studied in the period, frozen with a closed plan for its report: the
 * laws of their credited records and how many credited court hearings (people without any
 * credited record are left out).
 */
export interface StudiedRow {
  staffId: string;
  lawIds: string[];
  courtHearings: number;
}

/** Laws other than the required ones, with how many people studied each (in no order). */
export function otherLawsOf(
  studied: StudiedRow[],
  requiredLawIds: string[],
): { lawId: string; people: number }[] {
  const people = new Map<string, number>();
  for (const row of studied) {
    for (const id of new Set(row.lawIds)) {
      if (!requiredLawIds.includes(id)) people.set(id, (people.get(id) ?? 0) + 1);
    }
  }
  return [...people].map(([lawId, n]) => ({ lawId, people: n }));
}

/** Credited court hearings among the rows: how many, by how many people. */
export function courtHearingsOf(studied: StudiedRow[]): { records: number; people: number } {
  const attended = studied.filter((r) => r.courtHearings > 0);
  return {
    records: attended.reduce((n, r) => n + r.courtHearings, 0),
    people: attended.length,
  };
}

export interface PlanTerms {
  requiredHours: number;
  participationTarget: number;
  examTarget: number;
  passTarget: number;
  passMark: number;
  periodStart: string;
  periodEnd: string;
}

export interface Rate {
  numerator: number;
  denominator: number;
  percent: number | null;
  target: number | null;
  met: boolean | null;
}

export interface Figures {
  required: number;
  studyMet: number;
  sat: number;
  passed: number;
  participation: Rate;
  exam: Rate;
  pass: Rate;
  /** 通过率（按参考人数）: passed ÷ those who sat, labelled as such. */
  passOfSat: Rate;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function rate(numerator: number, denominator: number, target: number | null): Rate {
  const percent = denominator ? round1((numerator / denominator) * 100) : null;
  return {
    numerator,
    denominator,
    percent,
    target,
    met: target === null || percent === null ? null : percent >= target,
  };
}

export const sat = (r: ComplianceRow) => r.firstSatOn !== null;
export const passed = (r: ComplianceRow) => r.passedOn !== null;
export const studyMet = (r: ComplianceRow) => r.studyMetOn !== null;

/** How many are required and how many met each requirement: what the rates are made of. */
export interface Counts {
  required: number;
  studyMet: number;
  sat: number;
  passed: number;
}

export function countsOf(rows: ComplianceRow[]): Counts {
  return {
    required: rows.length,
    studyMet: rows.filter(studyMet).length,
    sat: rows.filter(sat).length,
    passed: rows.filter(passed).length,
  };
}

/** The figures from counts (the live dashboard counts in SQL, a frozen plan from its rows). */
export function figuresOf(c: Counts, terms: PlanTerms): Figures {
  return {
    required: c.required,
    studyMet: c.studyMet,
    sat: c.sat,
    passed: c.passed,
    participation: rate(c.studyMet, c.required, terms.participationTarget),
    exam: rate(c.sat, c.required, terms.examTarget),
    pass: rate(c.passed, c.required, terms.passTarget),
    passOfSat: rate(c.passed, c.sat, null),
  };
}

export function figures(rows: ComplianceRow[], terms: PlanTerms): Figures {
  return figuresOf(countsOf(rows), terms);
}

/** Figures per child unit (each with its subtree). */
export function byUnit(
  rows: ComplianceRow[],
  children: { id: string; name: string; path: string }[],
  terms: PlanTerms,
): ({ unitId: string; unitName: string } & Figures)[] {
  return children.map((c) => ({
    unitId: c.id,
    unitName: c.name,
    ...figures(
      rows.filter((r) => r.unitPath.startsWith(c.path)),
      terms,
    ),
  }));
}

/** How many reached each requirement on a day (a day with none may be left out). */
export interface DayCounts {
  day: string;
  studyMet: number;
  sat: number;
  passed: number;
}

/** Month by month, how many had met each requirement by the end of the month (or asOf). */
export function trend(
  rows: ComplianceRow[],
  periodStart: string,
  asOf: string,
): { month: string; studyMet: number; sat: number; passed: number }[] {
  const days = new Map<string, DayCounts>();
  const add = (d: string | null, key: 'studyMet' | 'sat' | 'passed') => {
    if (d === null) return;
    const c = days.get(d) ?? { day: d, studyMet: 0, sat: 0, passed: 0 };
    c[key] += 1;
    days.set(d, c);
  };
  for (const r of rows) {
    add(r.studyMetOn, 'studyMet');
    add(r.firstSatOn, 'sat');
    add(r.passedOn, 'passed');
  }
  return trendOf([...days.values()], periodStart, asOf);
}

/** The monthly cumulative trend from counts per day (days after asOf do not count). */
export function trendOf(
  days: DayCounts[],
  periodStart: string,
  asOf: string,
): { month: string; studyMet: number; sat: number; passed: number }[] {
  const sorted = [...days].sort((a, b) => a.day.localeCompare(b.day));
  const out: { month: string; studyMet: number; sat: number; passed: number }[] = [];
  const sum = { studyMet: 0, sat: 0, passed: 0 };
  let next = 0;
  let [y, mo] = periodStart.slice(0, 7).split('-').map(Number);
  const last = asOf.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(mo).padStart(2, '0')}`;
    if (month > last) break;
    const end = month === last ? asOf : lastDayOf(y, mo);
    for (; next < sorted.length && sorted[next].day <= end; next++) {
      sum.studyMet += sorted[next].studyMet;
      sum.sat += sorted[next].sat;
      sum.passed += sorted[next].passed;
    }
    out.push({ month, ...sum });
    mo += 1;
    if (mo > 12) {
      mo = 1;
      y += 1;
    }
  }
  return out;
}

function lastDayOf(y: number, mo: number): string {
  const d = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Sessions held by type: how many, invitations and attendance (present or late). */
export function sessionStats(
  sessions: SessionRow[],
): { type: string; held: number; invited: number; attended: number; attendance: Rate }[] {
  const byType = new Map<string, { held: number; invited: number; attended: number }>();
  for (const s of sessions) {
    const t = byType.get(s.type) ?? { held: 0, invited: 0, attended: 0 };
    t.held += 1;
    t.invited += s.invited;
    t.attended += s.attended;
    byType.set(s.type, t);
  }
  return [...byType].map(([type, t]) => ({
    type,
    ...t,
    attendance: rate(t.attended, t.invited, null),
  }));
}

export type RateName = 'participation' | 'exam' | 'pass';

export interface Missing {
  staffId: string;
  staffNo: string;
  name: string;
  unitName: string;
  /** What exactly is missing, in Chinese. */
  missing: string[];
  hoursShort?: number;
  lawsMissing?: { lawId: string; title: string }[];
  examState?: ExamState;
  bestPercentage?: number | null;
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/**
 * What the shortfall is made of, as the annual report says it: of those who have not met the
 * study requirement, how many are short of hours and how many have a required law unstudied; of
 * those who have not passed, how many have a counted score below the pass mark.
 */
export interface Shortfall {
  hoursShort: number;
  lawsShort: number;
  failed: number;
}

export function shortfallOf(rows: ComplianceRow[], terms: PlanTerms): Shortfall {
  const notStudied = missing(rows, 'participation', terms);
  return {
    hoursShort: notStudied.filter((m) => (m.hoursShort ?? 0) > 0).length,
    lawsShort: notStudied.filter((m) => (m.lawsMissing?.length ?? 0) > 0).length,
    failed: rows.filter((r) => !passed(r) && r.examState === 'failed').length,
  };
}

/** Who is missing a rate, and exactly what. */
export function missing(rows: ComplianceRow[], which: RateName, terms: PlanTerms): Missing[] {
  const base = (r: ComplianceRow) => ({
    staffId: r.staffId,
    staffNo: r.staffNo,
    name: r.name,
    unitName: r.unitName,
  });
  if (which === 'participation') {
    return rows
      .filter((r) => !studyMet(r))
      .map((r) => {
        const short = Math.max(0, Math.round((terms.requiredHours - r.hours) * 100) / 100);
        return {
          ...base(r),
          hoursShort: short,
          lawsMissing: r.lawsMissing,
          missing: [
            ...(short > 0
              ? [
                  `学时差 ${fmt(short)} 小时（已完成 ${fmt(r.hours)} / ${fmt(terms.requiredHours)}）`,
                ]
              : []),
            ...r.lawsMissing.map((l) => `未学习《${l.title}》`),
          ],
        };
      });
  }
  if (which === 'exam') {
    return rows
      .filter((r) => !sat(r))
      .map((r) => ({
        ...base(r),
        examState: r.examState,
        missing: [r.examState === 'in_progress' ? '正在答题，尚未交卷' : '未参加正式考试或补考'],
      }));
  }
  return rows
    .filter((r) => !passed(r))
    .map((r) => ({
      ...base(r),
      examState: r.examState,
      bestPercentage: r.bestPercentage,
      missing: [
        r.examState === 'pending'
          ? '答卷待评分'
          : r.examState === 'failed'
            ? `最好成绩 ${percentText(r.bestPercentage ?? 0)}，低于及格线 ${percentText(terms.passMark)}`
            : r.examState === 'in_progress'
              ? '正在答题，尚未交卷'
              : '未参加正式考试或补考',
      ],
    }));
}

/**
 * The day a person met the study requirement: the first day their cumulative credited hours
 * reached the requirement and every required law had a record, or null. `days` are their
 * credited hours per day in the period; `lawFirstDays` the first day of each required law.
 */
export function studyMetOn(
  days: { day: string; hours: number }[],
  requiredHours: number,
  requiredLawIds: string[],
  lawFirstDays: Map<string, string>,
  periodStart: string,
): string | null {
  let hoursDay: string | null = requiredHours <= 0 ? '0000-00-00' : null;
  let total = 0;
  for (const d of [...days].sort((a, b) => a.day.localeCompare(b.day))) {
    total += d.hours;
    if (hoursDay === null && total + 1e-9 >= requiredHours) hoursDay = d.day;
  }
  if (hoursDay === null) return null;
  let lawsDay = '0000-00-00';
  for (const id of requiredLawIds) {
    const first = lawFirstDays.get(id);
    if (!first) return null;
    if (first > lawsDay) lawsDay = first;
  }
  const met = hoursDay > lawsDay ? hoursDay : lawsDay;
  // nothing was required: met from the start of the period
  return met === '0000-00-00' ? periodStart : met;
}
