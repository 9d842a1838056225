import { describe, expect, it } from 'vitest';
import { beijingDate, calendarGrid, shiftAnchor } from './calendar';

const at = (iso: string) => ({ id: iso, startsAt: iso });

describe('session calendar grid (Beijing time)', () => {
  it('shows a month as whole Monday-first weeks, marking the days of the neighbouring months', () => {
    // December 2026 begins on a Tuesday and ends on a Thursday
    const grid = calendarGrid('month', '2026-12-15', [], new Date('2026-12-07T02:00:00Z'));
    expect(grid.title).toBe('2026年12月');
    expect(grid.weeks).toHaveLength(5);
    expect(grid.weeks.every((w) => w.length === 7)).toBe(true);
    expect(grid.weeks[0][0]).toMatchObject({ date: '2026-11-30', inPeriod: false, weekday: 0 });
    expect(grid.weeks[0][1]).toMatchObject({ date: '2026-12-01', inPeriod: true, day: 1 });
    expect(grid.weeks[4][6]).toMatchObject({ date: '2027-01-03', inPeriod: false, weekday: 6 });
    expect(
      grid.weeks
        .flat()
        .filter((d) => d.isToday)
        .map((d) => d.date),
    ).toEqual(['2026-12-07']);
    // asks the server for the month itself, midnight to midnight in Beijing
    expect(grid.from).toBe('2026-11-30T16:00:00.000Z');
    expect(grid.to).toBe('2026-12-31T16:00:00.000Z');
  });

  it('places a session on its Beijing day, not its UTC day, sorted by start', () => {
    const items = [
      at('2026-12-09T06:00:00Z'), // 14:00 on the 9th
      at('2026-12-09T17:30:00Z'), // 01:30 on the 10th in Beijing, still the 9th in UTC
      at('2026-12-09T01:00:00Z'), // 09:00 on the 9th
    ];
    const grid = calendarGrid('week', '2026-12-10', items);
    const days = grid.weeks.flat();
    expect(days.map((d) => d.date)).toEqual([
      '2026-12-07',
      '2026-12-08',
      '2026-12-09',
      '2026-12-10',
      '2026-12-11',
      '2026-12-12',
      '2026-12-13',
    ]);
    expect(days[2].items.map((i) => i.startsAt)).toEqual([
      '2026-12-09T01:00:00Z',
      '2026-12-09T06:00:00Z',
    ]);
    expect(days[3].items.map((i) => i.startsAt)).toEqual(['2026-12-09T17:30:00Z']);
    expect(grid.title).toBe('2026年12月7日–13日');
    expect(grid.from).toBe('2026-12-06T16:00:00.000Z');
    expect(grid.to).toBe('2026-12-13T16:00:00.000Z');
  });

  it('names a week across two months and a February of a leap year', () => {
    expect(calendarGrid('week', '2026-12-31', []).title).toBe('2026年12月28日–1月3日');
    const feb = calendarGrid('month', '2028-02-10', []);
    expect(feb.weeks.flat().filter((d) => d.inPeriod)).toHaveLength(29);
  });

  it('moves a week by seven days and a month to the first of the next or previous month', () => {
    expect(shiftAnchor('2026-12-31', 'week', 1)).toBe('2027-01-07');
    expect(shiftAnchor('2026-01-31', 'month', 1)).toBe('2026-02-01');
    expect(shiftAnchor('2026-01-15', 'month', -1)).toBe('2025-12-01');
    expect(beijingDate('2026-12-31T16:00:00Z')).toBe('2027-01-01');
  });
});
