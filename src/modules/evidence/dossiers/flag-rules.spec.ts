import { parseFlagRules } from '../../../config/evidence-rules';
import type { FlagFacts } from './flag-rules';
import { evaluateFlags, holds } from './flag-rules';

/** Someone on the roster of a plan whose period and exams are over, with nothing wrong. */
const fine: FlagFacts = {
  hasPlan: true,
  onRoster: true,
  exempted: false,
  periodEnded: true,
  hours: 40,
  studyMet: true,
  lawsMissing: 0,
  planExamsOver: true,
  sat: true,
  passed: true,
  officialFailed: false,
  officialAbsent: false,
  passedByMakeup: false,
  missedSessions: 0,
  missedRequiredSessions: 0,
  openMakeups: 0,
};

const cond = (text: string) => parseFlagRules([{ code: 'X', when: text, text: 't' }])[0].when[0];

describe('evidence flag predicates', () => {
  it.each<[string, Partial<FlagFacts>, boolean]>([
    ['exempted', {}, false],
    ['exempted', { exempted: true }, true],
    ['study_not_met', { studyMet: false }, true],
    ['study_not_met', { studyMet: false, periodEnded: false }, false], // not final yet
    ['study_not_met', { studyMet: false, exempted: true }, false],
    ['study_not_met', { studyMet: false, onRoster: false }, false],
    ['study_not_met', { studyMet: null, hasPlan: false }, false],
    ['laws_missing', { lawsMissing: 1 }, true],
    ['laws_missing', { lawsMissing: 1, periodEnded: false }, false],
    ['hours_below:40', {}, false], // 40 is not below 40
    ['hours_below:40', { hours: 39.99 }, true],
    ['hours_below:40', { hours: 10, periodEnded: false }, false],
    ['hours_below:40', { hours: 10, exempted: true }, false],
    ['exam_absent', { sat: false, passed: false }, true],
    ['exam_absent', { sat: false, passed: false, planExamsOver: false }, false],
    ['exam_absent', { sat: false, passed: false, exempted: true }, false],
    ['exam_not_passed', { passed: false }, true],
    ['exam_not_passed', { passed: false, planExamsOver: false }, false],
    ['official_failed', { officialFailed: true }, true],
    ['official_failed', { officialFailed: true, exempted: true }, false],
    ['official_failed', { officialFailed: true, hasPlan: false }, false],
    ['official_absent', { officialAbsent: true }, true],
    ['official_absent', { officialFailed: true }, false],
    ['official_absent', { officialAbsent: true, exempted: true }, false], // excused
    ['official_absent', { officialAbsent: true, onRoster: false }, false],
    ['official_not_passed', { officialFailed: true }, true],
    ['official_not_passed', { officialAbsent: true }, true],
    ['official_not_passed', {}, false],
    ['official_not_passed', { officialAbsent: true, exempted: true }, false],
    ['makeup_passed', { passedByMakeup: true }, true],
    ['missed_sessions', { missedSessions: 1 }, true],
    ['missed_sessions:3', { missedSessions: 2 }, false],
    ['missed_sessions:3', { missedSessions: 3 }, true],
    ['missed_required_sessions:2', { missedSessions: 5, missedRequiredSessions: 1 }, false],
    ['missed_required_sessions:2', { missedRequiredSessions: 2 }, true],
    ['makeup_study_open', { openMakeups: 1 }, true],
    ['makeup_study_open:2', { openMakeups: 1 }, false],
  ])('%s with %j → %s', (text, facts, expected) => {
    expect(holds(cond(text), { ...fine, ...facts })).toBe(expected);
  });

  it('raises a rule only when all its conditions hold, in the list’s order', () => {
    const rules = parseFlagRules([
      { code: 'FAILED', when: 'official_failed', text: '当年不得评为先进' },
      { code: 'BOTH', when: ['missed_sessions:2', 'makeup_study_open'], text: '缺席未补学' },
      { code: 'MAKEUP', when: 'makeup_passed', text: '补考通过' },
    ]);
    expect(evaluateFlags(rules, fine)).toEqual([]);
    expect(
      evaluateFlags(rules, {
        ...fine,
        officialFailed: true,
        passedByMakeup: true,
        missedSessions: 2,
      }),
    ).toEqual([
      { code: 'FAILED', text: '当年不得评为先进', when: 'official_failed' },
      { code: 'MAKEUP', text: '补考通过', when: 'makeup_passed' },
    ]);
    expect(
      evaluateFlags(rules, { ...fine, missedSessions: 2, openMakeups: 1 }).map((f) => f.when),
    ).toEqual(['missed_sessions:2 & makeup_study_open:1']);
  });
});
