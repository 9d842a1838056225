const DAY_MS = 86_400_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  weekday: 'short',
});

/**
 * This week in Beijing time (web.md §4.4): Monday 00:00 up to the next Monday 00:00, as ISO
 * instants for `GET /sessions?from&to`. China keeps no daylight saving, so +08:00 is exact.
 */
export function beijingWeek(now: Date = new Date()): { from: string; to: string } {
  const parts = Object.fromEntries(PARTS.formatToParts(now).map((p) => [p.type, p.value]));
  const back = WEEKDAYS.indexOf(parts.weekday);
  const today = Date.parse(`${parts.year}-${parts.month}-${parts.day}T00:00:00+08:00`);
  const from = today - back * DAY_MS;
  return { from: new Date(from).toISOString(), to: new Date(from + 7 * DAY_MS).toISOString() };
}
