/** Words for the audit page: chain break reasons and datetime-local → ISO 8601. */
import { AUDIT_BREAK_REASONS } from '../../../labels';

export function breakReason(reason: string | undefined): string {
  if (!reason) return '原因未知';
  return AUDIT_BREAK_REASONS[reason] ?? reason;
}

/** A `<input type="datetime-local">` value (local time) as ISO 8601, or undefined when empty. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
