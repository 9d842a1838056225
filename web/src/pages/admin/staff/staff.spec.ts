import { describe, expect, it } from 'vitest';
import { importProblems, staffStatus } from './staff';

describe('roster page helpers', () => {
  it('reads the row / column / reason list of a refused import', () => {
    expect(
      importProblems([
        { row: 3, column: '姓名', message: '不能为空' },
        { row: 5, column: '工号', message: '重复' },
        'junk',
      ]),
    ).toEqual([
      { row: 3, column: '姓名', message: '不能为空' },
      { row: 5, column: '工号', message: '重复' },
    ]);
    expect(importProblems([{ file: 'bank.json', code: 'XF-1', message: '未知题型' }])).toEqual([
      { row: null, column: 'bank.json XF-1', message: '未知题型' },
    ]);
    expect(importProblems(undefined)).toEqual([]);
  });

  it('words the status: ended employment first, then a disabled account', () => {
    const today = '2026-12-07';
    expect(staffStatus({ active: true, employmentEnd: null }, today)).toBe('在职');
    expect(staffStatus({ active: false, employmentEnd: null }, today)).toBe('已停用');
    expect(staffStatus({ active: true, employmentEnd: '2026-01-01' }, today)).toBe('已离职');
    expect(staffStatus({ active: true, employmentEnd: '2027-01-01' }, today)).toBe(
      '在职（至 2027-01-01）',
    );
  });
});
