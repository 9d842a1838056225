import { byUnit, figures, missing, sessionStats, studyMetOn, trend } from './compliance-figures';
import type { ComplianceRow, PlanTerms } from './compliance-figures';

const terms: PlanTerms = {
  requiredHours: 10,
  participationTarget: 100,
  examTarget: 100,
  passTarget: 95,
  passMark: 60,
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
};

const row = (over: Partial<ComplianceRow>): ComplianceRow => ({
  staffId: 'x',
  staffNo: 'X',
  name: '某人',
  unitId: 'u1',
  unitName: '来访接待科',
  unitPath: '/b/u1/',
  hours: 0,
  lawsMissing: [],
  studyMetOn: null,
  firstSatOn: null,
  passedOn: null,
  bestPercentage: null,
  examState: 'none',
  ...over,
});

// seven people, worked out by hand:
// met study: A, B, C, D (4/7 = 57.1 %); sat: A, B, C, E, F (5/7 = 71.4 %);
// passed: A, B, E (3/7 = 42.9 %; of those who sat 3/5 = 60.0 %)
const rows: ComplianceRow[] = [
  row({
    staffId: 'A',
    hours: 12,
    studyMetOn: '2026-03-10',
    firstSatOn: '2026-11-02',
    passedOn: '2026-11-02',
    bestPercentage: 90,
    examState: 'passed',
  }),
  row({
    staffId: 'B',
    hours: 10,
    studyMetOn: '2026-05-31',
    firstSatOn: '2026-11-02',
    passedOn: '2026-12-05',
    bestPercentage: 70,
    examState: 'passed',
  }),
  row({
    staffId: 'C',
    hours: 11,
    studyMetOn: '2026-11-30',
    firstSatOn: '2026-11-03',
    bestPercentage: 40,
    examState: 'failed',
  }),
  row({ staffId: 'D', unitId: 'u2', unitPath: '/b/u2/', hours: 10, studyMetOn: '2026-02-01' }),
  row({
    staffId: 'E',
    unitId: 'u2',
    unitPath: '/b/u2/',
    hours: 4,
    lawsMissing: [{ lawId: 'L2', title: '宪法' }],
    firstSatOn: '2026-11-04',
    passedOn: '2026-11-04',
    bestPercentage: 60,
    examState: 'passed',
  }),
  row({
    staffId: 'F',
    unitId: 'u2',
    unitPath: '/b/u2/',
    hours: 9.5,
    firstSatOn: '2026-11-04',
    examState: 'pending',
  }),
  row({ staffId: 'G', unitId: 'u2', unitPath: '/b/u2/', examState: 'in_progress' }),
];

describe('compliance figures', () => {
  it('rates as n / d with one decimal against their targets, and the pass rate over those who sat', () => {
    const f = figures(rows, terms);
    expect(f).toMatchObject({ required: 7, studyMet: 4, sat: 5, passed: 3 });
    expect(f.participation).toEqual({
      numerator: 4,
      denominator: 7,
      percent: 57.1,
      target: 100,
      met: false,
    });
    expect(f.exam).toEqual({
      numerator: 5,
      denominator: 7,
      percent: 71.4,
      target: 100,
      met: false,
    });
    expect(f.pass).toEqual({ numerator: 3, denominator: 7, percent: 42.9, target: 95, met: false });
    expect(f.passOfSat).toEqual({
      numerator: 3,
      denominator: 5,
      percent: 60,
      target: null,
      met: null,
    });
  });

  it('reaches a target exactly at 100 % and has no percentage without anyone required', () => {
    const all = figures([rows[0], rows[1]], terms);
    expect(all.participation).toMatchObject({ percent: 100, met: true });
    expect(figures([], terms).participation).toEqual({
      numerator: 0,
      denominator: 0,
      percent: null,
      target: 100,
      met: null,
    });
  });

  it('breaks down per child unit with its subtree', () => {
    const units = byUnit(
      rows,
      [
        { id: 'u1', name: '来访接待科', path: '/b/u1/' },
        { id: 'u2', name: '办信科', path: '/b/u2/' },
      ],
      terms,
    );
    expect(units.map((u) => [u.unitName, u.studyMet, u.sat, u.passed, u.required])).toEqual([
      ['来访接待科', 3, 3, 2, 3],
      ['办信科', 1, 2, 1, 4],
    ]);
  });

  it('counts cumulatively month by month up to the day of evaluation', () => {
    const t = trend(rows, '2026-01-01', '2026-12-01');
    expect(t.map((m) => m.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(t[0]).toEqual({ month: '2026-01', studyMet: 0, sat: 0, passed: 0 });
    expect(t[1]).toMatchObject({ studyMet: 1 });
    expect(t[4]).toMatchObject({ studyMet: 3 });
    expect(t[10]).toEqual({ month: '2026-11', studyMet: 4, sat: 5, passed: 2 });
    // the last month counts up to 1 December only: B passed on the 5th
    expect(t[11]).toEqual({ month: '2026-12', studyMet: 4, sat: 5, passed: 2 });
  });

  it('says who misses what: hours short and laws, no attempt, pending, best score below the mark', () => {
    const study = missing(rows, 'participation', terms);
    expect(study.map((m) => [m.staffId, m.hoursShort, m.missing])).toEqual([
      ['E', 6, ['学时差 6 小时（已完成 4 / 10）', '未学习《宪法》']],
      ['F', 0.5, ['学时差 0.5 小时（已完成 9.5 / 10）']],
      ['G', 10, ['学时差 10 小时（已完成 0 / 10）']],
    ]);
    expect(missing(rows, 'exam', terms).map((m) => [m.staffId, m.missing[0]])).toEqual([
      ['D', '未参加正式考试或补考'],
      ['G', '正在答题，尚未交卷'],
    ]);
    expect(missing(rows, 'pass', terms).map((m) => [m.staffId, m.missing[0]])).toEqual([
      ['C', '最好成绩 40.0%，低于及格线 60.0%'],
      ['D', '未参加正式考试或补考'],
      ['F', '答卷待评分'],
      ['G', '正在答题，尚未交卷'],
    ]);
  });

  it('sums sessions by type with the attendance rate', () => {
    expect(
      sessionStats([
        {
          sessionId: '1',
          type: 'theory_group',
          unitPath: '/b/',
          startsAt: '',
          invited: 10,
          attended: 9,
        },
        {
          sessionId: '2',
          type: 'theory_group',
          unitPath: '/b/',
          startsAt: '',
          invited: 10,
          attended: 10,
        },
        {
          sessionId: '3',
          type: 'party_lecture',
          unitPath: '/b/',
          startsAt: '',
          invited: 3,
          attended: 2,
        },
      ]),
    ).toEqual([
      {
        type: 'theory_group',
        held: 2,
        invited: 20,
        attended: 19,
        attendance: { numerator: 19, denominator: 20, percent: 95, target: null, met: null },
      },
      {
        type: 'party_lecture',
        held: 1,
        invited: 3,
        attended: 2,
        attendance: { numerator: 2, denominator: 3, percent: 66.7, target: null, met: null },
      },
    ]);
  });

  it('dates the study requirement at the later of enough hours and the last required law', () => {
    const days = [
      { day: '2026-03-01', hours: 4 },
      { day: '2026-02-01', hours: 4 },
      { day: '2026-06-15', hours: 3 },
    ];
    const laws = new Map([
      ['L1', '2026-02-01'],
      ['L2', '2026-07-01'],
    ]);
    expect(studyMetOn(days, 10, ['L1'], laws, '2026-01-01')).toBe('2026-06-15');
    expect(studyMetOn(days, 10, ['L1', 'L2'], laws, '2026-01-01')).toBe('2026-07-01');
    expect(studyMetOn(days, 12, ['L1'], laws, '2026-01-01')).toBeNull();
    expect(studyMetOn(days, 8, ['L3'], laws, '2026-01-01')).toBeNull();
    expect(studyMetOn([], 0, [], laws, '2026-01-01')).toBe('2026-01-01');
  });
});
