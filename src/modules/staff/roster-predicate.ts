/**
 * Who is on the roster: the one definition every module uses (exam candidates, session
 * invitees, compliance's required staff, the HR evidence). Employment dates are calendar days
 * (TIME_ZONE); both ends count. These are the staff module's public helpers: SQL fragments for
 * the other modules' repositories and the same rule in TypeScript for rows already read.
 *
 * `active` is the roster's switch as it is now, so only the form for a day (used for today:
 * an audience fixed now) looks at it; a period is history and goes by the employment dates.
 */

/** Employment dates of a staff row (YYYY-MM-DD). */
export interface EmploymentDates {
  employmentStart: string;
  employmentEnd: string | null;
}

/** `alias` (a `staff` row) is enabled and employed on the day `day` (a SQL expression or $n). */
export function onRosterOnSql(alias: string, day: string): string {
  return `(${alias}.active AND ${employedSql(alias, day, day)})`;
}

/** `alias` (a `staff` row) was employed at some time from `start` to `end` (SQL expressions). */
export function onRosterDuringSql(alias: string, start: string, end: string): string {
  return employedSql(alias, start, end);
}

/** onRosterDuringSql for a row already read. */
export function onRosterDuring(staff: EmploymentDates, start: string, end: string): boolean {
  return (
    staff.employmentStart <= end && (staff.employmentEnd === null || staff.employmentEnd >= start)
  );
}

function employedSql(alias: string, start: string, end: string): string {
  return `(${alias}.employment_start <= ${end}::date AND (${alias}.employment_end IS NULL OR ${alias}.employment_end >= ${start}::date))`;
}
