import { describe, expect, it } from 'vitest';
import { filterRows, pageOf, sortRows } from './results-table';
import type { ResultRow } from './results-table';
import { monitorFigures } from './monitor';

const row = (over: Partial<ResultRow>): ResultRow => ({
  staffNo: '1',
  name: '张三',
  unitName: '办信科',
  status: 'passed',
  attemptsUsed: 1,
  percentage: 80,
  score: 80,
  focusLossCount: 0,
  extraMinutes: 0,
  ...over,
});

describe('results table', () => {
  const rows = [
    row({ staffNo: '1', name: '王五', percentage: null, status: 'absent' }),
    row({ staffNo: '2', name: '李四', percentage: 90, focusLossCount: 3 }),
    row({ staffNo: '3', name: '张三', percentage: 45, status: 'failed', unitName: '来访接待科' }),
  ];

  it('keeps the server order, or sorts by score (none last), focus losses or name', () => {
    expect(sortRows(rows, 'order')).toBe(rows);
    expect(sortRows(rows, 'score').map((r) => r.staffNo)).toEqual(['2', '3', '1']);
    expect(sortRows(rows, 'focus')[0].staffNo).toBe('2');
    expect(sortRows(rows, 'name').map((r) => r.name)).toEqual(['李四', '王五', '张三']);
  });

  it('filters by status and by name, number or unit, and pages', () => {
    expect(filterRows(rows, 'failed', '').map((r) => r.staffNo)).toEqual(['3']);
    expect(filterRows(rows, '', '接待').map((r) => r.staffNo)).toEqual(['3']);
    expect(pageOf(rows, 2, 2).map((r) => r.staffNo)).toEqual(['3']);
  });
});

describe('live monitor figures', () => {
  it('counts who answers, handed in, has not started, and focus losses', () => {
    const f = monitorFigures([
      {
        staffId: 'a',
        name: '甲',
        staffNo: '1',
        unitName: '',
        status: 'in_progress',
        focusLossCount: 2,
      },
      {
        staffId: 'b',
        name: '乙',
        staffNo: '2',
        unitName: '',
        status: 'submitted',
        focusLossCount: 0,
      },
      { staffId: 'c', name: '丙', staffNo: '3', unitName: '', status: 'passed', focusLossCount: 1 },
      {
        staffId: 'd',
        name: '丁',
        staffNo: '4',
        unitName: '',
        status: 'not_started',
        focusLossCount: 0,
      },
    ]);
    expect(f.answering.map((r) => r.name)).toEqual(['甲']);
    expect([f.submitted, f.notStarted, f.focusLosses, f.withFocusLosses]).toEqual([2, 1, 3, 2]);
  });
});
