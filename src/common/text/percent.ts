/**
 * The one rule for a percentage written as text by the server (report, workbooks, exports,
 * notices): always one decimal, so a whole number keeps it ("31.0%", not "31%"); "—" when there
 * is no figure (nobody to count).
 */
export function percentText(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return '—';
  return `${(Math.round(percent * 10) / 10).toFixed(1)}%`;
}
