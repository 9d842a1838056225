/** May sign in: enabled and not past the employment end date (`today` as YYYY-MM-DD). */
export function isEmployed(
  s: { active: boolean; employmentEnd: string | null },
  today: string,
): boolean {
  return s.active && (!s.employmentEnd || s.employmentEnd >= today);
}
