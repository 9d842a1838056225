import { dateInZone, localDateTime, sortableDateTime } from './clock';

describe('dates and times in a time zone', () => {
  // 2026-11-30 16:30 UTC is 2026-12-01 00:30 in Shanghai and still 2026-11-30 in New York
  const instant = new Date('2026-11-30T16:30:00Z');

  it('gives the calendar date of the zone, not of UTC', () => {
    expect(dateInZone(instant, 'Asia/Shanghai')).toBe('2026-12-01');
    expect(dateInZone(instant, 'America/New_York')).toBe('2026-11-30');
    expect(dateInZone(instant, 'UTC')).toBe('2026-11-30');
  });

  it('keeps each format apart for the same zone', () => {
    expect(dateInZone(new Date('2026-03-02T01:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(localDateTime(instant, 'Asia/Shanghai')).toBe('2026/12/01 00:30');
    expect(sortableDateTime(instant, 'Asia/Shanghai')).toBe('2026-12-01 00:30');
    expect(localDateTime(instant, 'UTC')).toBe('2026/11/30 16:30');
    expect(sortableDateTime('2026-11-30T16:30:00Z', 'UTC')).toBe('2026-11-30 16:30');
  });

  it('writes midnight as 00, and nothing for no time', () => {
    expect(sortableDateTime(new Date('2026-11-30T16:00:00Z'), 'Asia/Shanghai')).toBe(
      '2026-12-01 00:00',
    );
    expect(localDateTime(new Date('2026-11-30T16:00:00Z'), 'Asia/Shanghai')).toBe(
      '2026/12/01 00:00',
    );
    expect(sortableDateTime(null, 'Asia/Shanghai')).toBe('');
  });
});
