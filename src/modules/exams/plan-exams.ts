/**
 * Which exams count for a study plan: the one definition the compliance figures and the HR
 * evidence share. A SQL fragment for the other modules' repositories (the exams module's
 * public helper, like staff's roster predicate).
 */

/**
 * `alias` (an `exam` row) counts for the plan `planId` (a SQL expression or $n): a published
 * official exam of the plan, or a published make-up of one.
 */
export function countsForPlanSql(alias: string, planId: string): string {
  return `(${alias}.status <> 'draft'
    AND ((${alias}.plan_id = ${planId} AND ${alias}.kind = 'official')
      OR (${alias}.kind = 'makeup' AND ${alias}.parent_exam_id IN
            (SELECT id FROM exam WHERE plan_id = ${planId} AND kind = 'official'))))`;
}
