/**
 * The week / month calendar of the sessions list, in Beijing time (web.md §4.4): which days a
 * view shows, the `from`/`to` instants to ask `GET /sessions` for, and the sessions of each day.
 * China keeps no daylight saving, so a day is exactly [dd 00:00+08:00, +24 h).
 */
const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;

export type CalendarView = 'week' | 'month';

export interface CalendarDay {
  /** "2026-12-07" (Beijing) */
  date: string;
  /** 1–31 */
  day: number;
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  /** false for the days of the neighbouring months a month grid shows to fill its weeks */
  inPeriod: boolean;
  isToday: boolean;
}

export interface CalendarGrid<T> {
  view: CalendarView;
  /** "2026年12月" or "2026年12月7日–13日" */
  title: string;
  from: string;
  to: string;
  /** rows of seven days, Monday first */
  weeks: (CalendarDay & { items: T[] })[][];
}

export const WEEKDAY_LABELS = ['一', '二', '三', '四', '五', '六', '日'];

/** The Beijing date of an instant: "2026-12-07". */
export function beijingDate(at: Date | string | number): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Midnight (Beijing) of a date "2026-12-07", as epoch milliseconds. */
function midnight(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`);
}

/** Monday of the week holding `date`. */
function mondayOf(date: string): string {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return beijingDate(midnight(date) - weekday * DAY_MS);
}

/** The same view one period earlier (-1) or later (+1), as a date inside it. */
export function shiftAnchor(anchor: string, view: CalendarView, step: number): string {
  if (view === 'week') return beijingDate(midnight(anchor) + step * 7 * DAY_MS);
  const [y, m] = anchor.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + step, 1));
  return first.toISOString().slice(0, 10);
}

/** The days a view shows around `anchor` (a Beijing date), with `items` placed on their day. */
export function calendarGrid<T extends { startsAt: string }>(
  view: CalendarView,
  anchor: string,
  items: T[],
  now: Date = new Date(),
): CalendarGrid<T> {
  const today = beijingDate(now);
  const [y, m] = anchor.split('-').map(Number);
  const monthStart = `${y}-${String(m).padStart(2, '0')}-01`;
  const monthEnd = beijingDate(midnight(shiftAnchor(monthStart, 'month', 1)) - DAY_MS);
  const periodStart = view === 'week' ? mondayOf(anchor) : monthStart;
  const periodEnd = view === 'week' ? beijingDate(midnight(periodStart) + 6 * DAY_MS) : monthEnd;
  const gridStart = mondayOf(periodStart);
  const gridEnd = beijingDate(midnight(mondayOf(periodEnd)) + 6 * DAY_MS);

  const byDay = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const key = beijingDate(item.startsAt);
    byDay.set(key, [...(byDay.get(key) ?? []), item]);
  }

  const weeks: (CalendarDay & { items: T[] })[][] = [];
  for (let t = midnight(gridStart), i = 0; t <= midnight(gridEnd); t += DAY_MS, i += 1) {
    const date = beijingDate(t);
    const weekday = i % 7;
    if (weekday === 0) weeks.push([]);
    weeks[weeks.length - 1].push({
      date,
      day: Number(date.slice(8)),
      weekday,
      inPeriod: date >= periodStart && date <= periodEnd,
      isToday: date === today,
      items: byDay.get(date) ?? [],
    });
  }
  const [, pm, pd] = periodStart.split('-').map(Number);
  const [, em, ed] = periodEnd.split('-').map(Number);
  const title =
    view === 'month'
      ? `${y}年${m}月`
      : `${periodStart.slice(0, 4)}年${pm}月${pd}日–${em === pm ? '' : `${em}月`}${ed}日`;
  return {
    view,
    title,
    from: new Date(midnight(periodStart)).toISOString(),
    to: new Date(midnight(periodEnd) + DAY_MS).toISOString(),
    weeks,
  };
}
