import { currentYear } from '../../format-time';

/** The years offered by the HR pages' year pickers: this year and the four before it. */
export function yearChoices(now = new Date()): number[] {
  const y = currentYear(now);
  return [y, y - 1, y - 2, y - 3, y - 4];
}

/** A status tag's tone for an export's status. */
export function exportTone(status: string): 'ok' | 'wait' | 'bad' | 'muted' {
  return status === 'done'
    ? 'ok'
    : status === 'queued' || status === 'running'
      ? 'wait'
      : status === 'failed'
        ? 'bad'
        : 'muted';
}

/** Bytes as "12.3 MB" / "456 KB". */
export function formatSize(bytes: number | null | undefined): string {
  if (bytes == null) return '—';
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
