/** Labels and small rules of the administrator's roster page. */

export const GRANTABLE_ROLES = ['secretary', 'hr', 'admin'] as const;

/**
 * One problem of a refused import (`details` of STAFF.IMPORT_INVALID and QUESTION.IMPORT_INVALID):
 * the row, and the column, or for bank files the file and question code.
 */
export interface ImportProblem {
  row: number | null;
  column: string;
  message: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The problem list of an import refusal, or [] when `details` has none. */
export function importProblems(details: unknown): ImportProblem[] {
  if (!Array.isArray(details)) return [];
  return details
    .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
    .map((d) => ({
      row: typeof d.row === 'number' ? d.row : null,
      column: text(d.column) || [text(d.file), text(d.code)].filter(Boolean).join(' '),
      message: text(d.message),
    }));
}

/** The status words of a roster row (never colour alone). */
export function staffStatus(
  s: { active: boolean; employmentEnd: string | null },
  today: string,
): string {
  if (s.employmentEnd && s.employmentEnd < today) return '已离职';
  if (!s.active) return '已停用';
  if (s.employmentEnd) return `在职（至 ${s.employmentEnd}）`;
  return '在职';
}
