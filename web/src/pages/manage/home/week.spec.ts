import { describe, expect, it } from 'vitest';
import { beijingWeek } from './week';

describe('beijingWeek', () => {
  it('runs from Monday 00:00 to the next Monday 00:00 Beijing time', () => {
    // Tuesday 2026-12-08 01:40 in Beijing (Monday 17:40 UTC)
    expect(beijingWeek(new Date('2026-12-07T17:40:00Z'))).toEqual({
      from: '2026-12-06T16:00:00.000Z',
      to: '2026-12-13T16:00:00.000Z',
    });
  });

  it('takes the Beijing day, not the UTC one, around midnight', () => {
    // Sunday 23:30 UTC is already Monday 07:30 in Beijing: a new week
    expect(beijingWeek(new Date('2026-12-13T23:30:00Z')).from).toBe('2026-12-13T16:00:00.000Z');
    // Sunday 2026-12-13 23:59 in Beijing still belongs to the week of the 7th
    expect(beijingWeek(new Date('2026-12-13T15:59:00Z')).from).toBe('2026-12-06T16:00:00.000Z');
  });
});
