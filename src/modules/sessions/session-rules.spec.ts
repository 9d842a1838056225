import { checkinCode } from './attendance/attendance.service';
import { addMonths } from './scheduling/sessions.service';

describe('check-in codes', () => {
  it('are six digits, the same for one period and secret, different across periods and secrets', () => {
    const a = checkinCode('secret-a', 29_000_000);
    expect(a).toMatch(/^\d{6}$/);
    expect(checkinCode('secret-a', 29_000_000)).toBe(a);
    const periods = new Set(Array.from({ length: 50 }, (_, i) => checkinCode('secret-a', i)));
    expect(periods.size).toBeGreaterThan(45);
    expect(checkinCode('secret-b', 29_000_000)).not.toBe(a);
  });
});

describe('monthly series dates (Asia/Shanghai)', () => {
  const zone = 'Asia/Shanghai';
  it.each([
    // 2026-01-15 09:00 local
    ['2026-01-15T01:00:00Z', 1, '2026-02-15T01:00:00.000Z'],
    // 31 January + 1 month = 28 February (the last day), same local time
    ['2026-01-31T06:30:00Z', 1, '2026-02-28T06:30:00.000Z'],
    ['2028-01-31T06:30:00Z', 1, '2028-02-29T06:30:00.000Z'],
    // 07:00 local on 1 March is still 28 February in UTC: the local date counts
    ['2026-02-28T23:00:00Z', 1, '2026-03-31T23:00:00.000Z'],
    ['2026-11-30T02:00:00Z', 3, '2027-02-28T02:00:00.000Z'],
  ])('%s + %d month(s) → %s', (from, months, expected) => {
    expect(addMonths(new Date(from), months, zone).toISOString()).toBe(expected);
  });
});
