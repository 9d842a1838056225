import type { FlagCondition, FlagRule } from '../../../config/evidence-rules';
import { conditionText } from '../../../config/evidence-rules';

/** What the flag predicates look at, for one person and year. */
export interface FlagFacts {
  /** A plan applies (otherwise nothing is required and no study or exam predicate holds). */
  hasPlan: boolean;
  /** On the roster at some time in the period (else nothing was required of them). */
  onRoster: boolean;
  /** An active exemption: never flagged by the study and exam predicates. */
  exempted: boolean;
  /** The plan's period (or the calendar year without a plan) is over. */
  periodEnded: boolean;
  /** Credited hours in the period. */
  hours: number;
  /** Met the study requirement; null without a plan. */
  studyMet: boolean | null;
  lawsMissing: number;
  /** The plan has exams and every one of them (official and make-ups) is over. */
  planExamsOver: boolean;
  sat: boolean;
  passed: boolean;
  /** An official exam of the plan is over and its counted result is a fail. */
  officialFailed: boolean;
  /** An official exam of the plan is over and the person, its candidate, submitted nothing. */
  officialAbsent: boolean;
  passedByMakeup: boolean;
  missedSessions: number;
  missedRequiredSessions: number;
  openMakeups: number;
}

/**
 * Whether one condition holds. The study and exam predicates speak only once the fact is final
 * (the period or every exam of the plan is over), and never about an exempted person or one
 * who was not on the roster in the period; the session predicates count what has happened so far.
 */
export function holds(c: FlagCondition, f: FlagFacts): boolean {
  const assessed = f.hasPlan && f.onRoster && !f.exempted;
  const n = c.n ?? 1;
  switch (c.predicate) {
    case 'exempted':
      return f.exempted;
    case 'study_not_met':
      return assessed && f.periodEnded && f.studyMet === false;
    case 'laws_missing':
      return assessed && f.periodEnded && f.lawsMissing > 0;
    case 'hours_below':
      return f.onRoster && !f.exempted && f.periodEnded && f.hours + 1e-9 < n;
    case 'exam_absent':
      return assessed && f.planExamsOver && !f.sat;
    case 'exam_not_passed':
      return assessed && f.planExamsOver && !f.passed;
    case 'official_failed':
      return assessed && f.officialFailed;
    case 'official_absent':
      return assessed && f.officialAbsent;
    case 'official_not_passed':
      return assessed && (f.officialFailed || f.officialAbsent);
    case 'makeup_passed':
      return assessed && f.passedByMakeup;
    case 'missed_sessions':
      return f.missedSessions >= n;
    case 'missed_required_sessions':
      return f.missedRequiredSessions >= n;
    case 'makeup_study_open':
      return f.openMakeups >= n;
  }
}

/** The flags one person raises: every rule whose conditions all hold, in the list's order. */
export function evaluateFlags(
  rules: readonly FlagRule[],
  facts: FlagFacts,
): { code: string; text: string; when: string }[] {
  return rules
    .filter((r) => r.when.every((c) => holds(c, facts)))
    .map((r) => ({ code: r.code, text: r.text, when: r.when.map(conditionText).join(' & ') }));
}
