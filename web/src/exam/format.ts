const TZ = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const time = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TZ,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** 2026/12/07 16:30 in Beijing time. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '';
}

/** 16:30:05 in Beijing time (the 已保存 status). */
export function formatClock(iso: string | null | undefined): string {
  return iso ? time.format(new Date(iso)) : '';
}

/** One decimal, e.g. 85.0%. */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : `${value.toFixed(1)}%`;
}
