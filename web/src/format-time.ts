/** Times shown in the service's time zone (staff phones may be set wrong): web.md §4.4. */
const ZONE = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const stampParts = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const clock = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const timeOnly = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** "2026/12/07 14:00" */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '';
}

/** "2026-12-07 14:00" (the lists of study records, laws, audit entries…). */
export function formatStamp(iso: string | null | undefined): string {
  if (!iso) return '';
  const parts = Object.fromEntries(
    stampParts.formatToParts(new Date(iso)).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** "14:00" */
export function formatTime(iso: string | null | undefined): string {
  return iso ? timeOnly.format(new Date(iso)) : '';
}

/** "16:30:05" (the exam page's 已保存 status). */
export function formatClock(iso: string | null | undefined): string {
  return iso ? clock.format(new Date(iso)) : '';
}

/** "2026/12/07 14:00–16:00" (the end's date only when it differs). */
export function formatRange(start: string, end: string): string {
  const a = formatDateTime(start);
  const b = formatDateTime(end);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a}–${b.slice(11)}` : `${a}–${b}`;
}

/** Hours with at most one decimal: 2, 1.5. */
export function formatHours(hours: number | null | undefined): string {
  return hours == null ? '—' : String(Math.round(hours * 10) / 10);
}

/** A percentage with one decimal, e.g. 85.0% ('' when there is none): the unit of every rate. */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : `${value.toFixed(1)}%`;
}

/** A rate as "n / d（xx.x%）". */
export function formatRate(n: number, d: number): string {
  return `${formatHours(n)} / ${formatHours(d)}（${formatPercent(d > 0 ? (n / d) * 100 : 0)}）`;
}

/** The year in the service's time zone. */
export function currentYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: ZONE, year: 'numeric' }).format(now));
}
