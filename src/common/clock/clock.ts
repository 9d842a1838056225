/**
 * The one source of "now" for deadlines, lockouts, token expiry and audit timestamps.
 * Tests replace it with a controllable clock.
 */
export abstract class Clock {
  abstract now(): Date;

  nowMs(): number {
    return this.now().getTime();
  }

  /** Today's calendar date (YYYY-MM-DD) in the given IANA time zone. */
  today(timeZone: string): string {
    return dateInZone(this.now(), timeZone);
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One Intl formatter per use and time zone: building one costs far more than using it. */
function formatter(
  use: string,
  locale: string,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${use}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

const lastDate = new Map<string, { minute: number; date: string }>();

/**
 * The calendar date (YYYY-MM-DD) of an instant in a time zone. Every authenticated request
 * asks (is the person employed today?), so the answer is kept for the rest of the minute:
 * every UTC offset in use today is a whole number of minutes, so a date never changes mid-minute.
 */
export function dateInZone(instant: Date, timeZone: string): string {
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastDate.get(timeZone);
  if (last?.minute === minute) return last.date;
  const date = formatter('date', 'en-CA', timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
  lastDate.set(timeZone, { minute, date });
  return date;
}

/** "2026/12/01 09:00" in a time zone: for messages and exports people read. */
export function localDateTime(instant: Date, timeZone: string): string {
  return formatter('readable', 'zh-CN', timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(instant);
}

/** "2026-11-20 10:00" in a time zone (empty for none): for spreadsheet cells that sort. */
export function sortableDateTime(value: string | Date | null, timeZone: string): string {
  if (!value) return '';
  const f = formatter('sortable', 'en-CA', timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts = Object.fromEntries(
    f.formatToParts(new Date(value)).map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
