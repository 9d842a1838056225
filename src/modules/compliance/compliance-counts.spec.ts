import { countsOf, figures, figuresOf, trend, trendOf } from './compliance-figures';
import type { ComplianceRow, DayCounts, PlanTerms } from './compliance-figures';

const terms: PlanTerms = {
  requiredHours: 6,
  participationTarget: 100,
  examTarget: 100,
  passTarget: 95,
  passMark: 60,
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
};

const person = (
  studyMetOn: string | null,
  firstSatOn: string | null,
  passedOn: string | null,
): ComplianceRow => ({
  staffId: 'x',
  staffNo: 'X',
  name: '某人',
  unitId: 'u',
  unitName: '办信科',
  unitPath: '/u/',
  hours: 0,
  lawsMissing: [],
  studyMetOn,
  firstSatOn,
  passedOn,
  bestPercentage: null,
  examState: 'none',
});

// what the live dashboard gets from SQL (counts, and how many reached each on a day) must give
// the same figures and trend as the rows a closed plan keeps
describe('figures and trend from counts (the live dashboard)', () => {
  const rows = [
    person('2025-12-30', null, null), // met before the period: counts from the first month
    person('2026-01-31', '2026-03-01', '2026-03-01'),
    person('2026-02-01', '2026-03-01', '2026-07-15'),
    person(null, '2026-11-20', null),
    person('2026-11-20', '2026-11-21', '2026-11-21'), // sat and passed after asOf
    person(null, null, null),
  ];
  const days = (): DayCounts[] => {
    const by = new Map<string, DayCounts>();
    for (const r of rows) {
      for (const [d, k] of [
        [r.studyMetOn, 'studyMet'],
        [r.firstSatOn, 'sat'],
        [r.passedOn, 'passed'],
      ] as const) {
        if (!d) continue;
        const c = by.get(d) ?? { day: d, studyMet: 0, sat: 0, passed: 0 };
        c[k] += 1;
        by.set(d, c);
      }
    }
    return [...by.values()].reverse(); // order does not matter
  };

  it('gives the figures the rows give', () => {
    expect(countsOf(rows)).toEqual({ required: 6, studyMet: 4, sat: 4, passed: 3 });
    expect(figuresOf(countsOf(rows), terms)).toEqual(figures(rows, terms));
    expect(figuresOf({ required: 0, studyMet: 0, sat: 0, passed: 0 }, terms).pass).toEqual({
      numerator: 0,
      denominator: 0,
      percent: null,
      target: 95,
      met: null,
    });
  });

  it('gives the trend the rows give, month by month up to asOf', () => {
    const t = trendOf(days(), '2026-01-01', '2026-11-20');
    expect(t).toEqual(trend(rows, '2026-01-01', '2026-11-20'));
    expect(t).toHaveLength(11);
    expect(t[0]).toEqual({ month: '2026-01', studyMet: 2, sat: 0, passed: 0 });
    expect(t[2]).toEqual({ month: '2026-03', studyMet: 3, sat: 2, passed: 1 });
    expect(t[10]).toEqual({ month: '2026-11', studyMet: 4, sat: 3, passed: 2 });
    expect(trendOf([], '2026-01-01', '2026-02-10')).toEqual([
      { month: '2026-01', studyMet: 0, sat: 0, passed: 0 },
      { month: '2026-02', studyMet: 0, sat: 0, passed: 0 },
    ]);
  });
});
