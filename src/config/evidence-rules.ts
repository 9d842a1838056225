/**
 * The rule language of the HR evidence flags (提示): a list of rules, each raising a Chinese text
 * for a person when every one of its predicates holds. The predicates are a fixed set; their
 * meaning is implemented by the evidence module (src/modules/evidence/dossiers/flag-rules.ts). The list
 * is read from EVIDENCE_RULES_FILE (a JSON array) at start and checked here, so a bad file stops
 * the process with one line, like any other configuration error.
 */

/** What a predicate's argument is: none, a whole count ≥ 1 (default 1), or hours > 0 (required). */
type ArgumentKind = 'none' | 'count' | 'hours';

export const FLAG_PREDICATES = {
  /** Has an active exemption (免考免学) from the plan. */
  exempted: 'none',
  /** The plan period is over and the study requirement (hours and required laws) was not met. */
  study_not_met: 'none',
  /** The plan period is over and a required law has no credited study record. */
  laws_missing: 'none',
  /** The period is over and the credited hours in it are below n. */
  hours_below: 'hours',
  /** Every exam of the plan is over and the person never submitted one (official or make-up). */
  exam_absent: 'none',
  /** Every exam of the plan is over and the person passed none (absent included). */
  exam_not_passed: 'none',
  /** An official exam of the plan is over and its counted result is a fail (make-ups aside). */
  official_failed: 'none',
  /**
   * An official exam of the plan is over and the person, its candidate, never submitted an
   * attempt (make-ups aside; an exemption is the excused absence and is never flagged).
   */
  official_absent: 'none',
  /** official_failed or official_absent: an official exam is over and the person did not pass it. */
  official_not_passed: 'none',
  /** Passed, but only in a make-up exam. */
  makeup_passed: 'none',
  /** Absent (not excused) from at least n sessions the person was invited to in the period. */
  missed_sessions: 'count',
  /** The same, counting only sessions marked required. */
  missed_required_sessions: 'count',
  /** At least n make-up study tasks (补学) of missed sessions still open. */
  makeup_study_open: 'count',
} as const satisfies Record<string, ArgumentKind>;

export type FlagPredicateName = keyof typeof FLAG_PREDICATES;

export interface FlagCondition {
  predicate: FlagPredicateName;
  /** The argument (count or hours); null for predicates without one. */
  n: number | null;
}

export interface FlagRule {
  /** Stable code, e.g. OFFICIAL_FAILED (upper case, digits, _). */
  code: string;
  /** What HR reads, in Chinese, e.g. 当年不得评为先进. */
  text: string;
  /** All must hold. */
  when: FlagCondition[];
}

/** The built-in list, used when EVIDENCE_RULES_FILE is not set. */
export const DEFAULT_FLAG_RULES_SOURCE = [
  // failing the official exam and missing it without an exemption weigh the same
  {
    code: 'OFFICIAL_NOT_PASSED',
    when: 'official_not_passed',
    text: '年度学法考试（正式考试）未通过或缺考，当年不得评为先进',
  },
  {
    code: 'EXAM_NOT_PASSED',
    when: 'exam_not_passed',
    text: '年度学法考试（含补考）未通过，年度考核不得确定为优秀等次',
  },
  { code: 'EXAM_ABSENT', when: 'exam_absent', text: '未参加年度学法考试（含补考）' },
  { code: 'STUDY_NOT_MET', when: 'study_not_met', text: '未完成年度学法任务（学时或必学法律）' },
  {
    code: 'SESSIONS_MISSED',
    when: 'missed_required_sessions:3',
    text: '缺席集体学习3次及以上',
  },
  { code: 'MAKEUP_STUDY_OPEN', when: 'makeup_study_open', text: '缺席的集体学习尚未完成补学' },
] as const;

const CODE = /^[A-Z][A-Z0-9_]{0,39}$/;
const RULE_KEYS = ['code', 'when', 'text'];

/**
 * Checks a parsed JSON value as a rule list; throws an Error whose message (one line) names the
 * rule and what is wrong with it.
 */
export function parseFlagRules(value: unknown): FlagRule[] {
  if (!Array.isArray(value)) throw new Error('must be a JSON array of rules');
  const seen = new Set<string>();
  return value.map((raw: unknown, i): FlagRule => {
    const where = `rule ${i + 1}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new Error(`${where} must be an object with code, when and text`);
    }
    const r = raw as Record<string, unknown>;
    const extra = Object.keys(r).filter((k) => !RULE_KEYS.includes(k));
    if (extra.length) throw new Error(`${where} has unknown key ${JSON.stringify(extra[0])}`);
    if (typeof r.code !== 'string' || !CODE.test(r.code)) {
      throw new Error(`${where}: code must be 1-40 upper-case letters, digits or _`);
    }
    const named = `${where} (${r.code})`;
    if (seen.has(r.code)) throw new Error(`${named}: code is used twice`);
    seen.add(r.code);
    if (typeof r.text !== 'string' || !r.text.trim() || r.text.length > 200) {
      throw new Error(`${named}: text must be 1-200 characters`);
    }
    const when = typeof r.when === 'string' ? [r.when] : r.when;
    if (!Array.isArray(when) || !when.length || when.some((w) => typeof w !== 'string')) {
      throw new Error(`${named}: when must be a predicate or a non-empty array of predicates`);
    }
    return {
      code: r.code,
      text: r.text.trim(),
      when: (when as string[]).map((w) => parseCondition(w, named)),
    };
  });
}

function parseCondition(text: string, where: string): FlagCondition {
  const [name, arg, ...rest] = text.trim().split(':');
  if (!Object.hasOwn(FLAG_PREDICATES, name)) {
    throw new Error(
      `${where}: unknown predicate ${JSON.stringify(name)} (known: ${Object.keys(FLAG_PREDICATES).join(', ')})`,
    );
  }
  const predicate = name as FlagPredicateName;
  const kind: ArgumentKind = FLAG_PREDICATES[predicate];
  if (rest.length) throw new Error(`${where}: ${JSON.stringify(text)} has more than one argument`);
  if (kind === 'none') {
    if (arg !== undefined) throw new Error(`${where}: ${name} takes no argument`);
    return { predicate, n: null };
  }
  if (kind === 'count') {
    if (arg === undefined) return { predicate, n: 1 };
    if (!/^\d+$/.test(arg) || Number(arg) < 1 || Number(arg) > 1000) {
      throw new Error(`${where}: ${name} needs a whole number from 1 to 1000, as ${name}:3`);
    }
    return { predicate, n: Number(arg) };
  }
  if (arg === undefined || !/^\d+(\.\d{1,2})?$/.test(arg) || !(Number(arg) > 0)) {
    throw new Error(`${where}: ${name} needs hours above 0, as ${name}:40`);
  }
  return { predicate, n: Number(arg) };
}

/** The rule text of a condition, as written in a rule file (for display). */
export function conditionText(c: FlagCondition): string {
  return c.n === null ? c.predicate : `${c.predicate}:${c.n}`;
}

export const DEFAULT_FLAG_RULES: readonly FlagRule[] = parseFlagRules(DEFAULT_FLAG_RULES_SOURCE);
