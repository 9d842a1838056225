import { describe, expect, it } from 'vitest';
import {
  currentYear,
  formatClock,
  formatDateTime,
  formatHours,
  formatPercent,
  formatRange,
  formatRate,
  formatStamp,
} from './format-time';

describe('formatting for the staff pages', () => {
  it('shows rates as n / d with a one-decimal percentage', () => {
    expect(formatRate(1.5, 4)).toBe('1.5 / 4（37.5%）');
    expect(formatRate(0, 0)).toBe('0 / 0（0.0%）');
    expect(formatHours(2.25)).toBe('2.3');
    expect(formatHours(null)).toBe('—');
  });

  it('shows times in Asia/Shanghai whatever the device zone', () => {
    expect(formatDateTime('2026-12-31T16:30:00Z')).toBe('2027/01/01 00:30');
    expect(formatRange('2026-12-07T06:00:00Z', '2026-12-07T08:00:00Z')).toBe(
      '2026/12/07 14:00–16:00',
    );
    expect(currentYear(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
    expect(formatStamp('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30');
    expect(formatStamp(null)).toBe('');
    expect(formatClock('2026-12-31T16:30:05Z')).toBe('00:30:05');
  });

  it('writes every percentage with one decimal', () => {
    expect(formatPercent(85)).toBe('85.0%');
    expect(formatPercent(null)).toBe('');
    expect(formatRate(1, 3)).toBe('1 / 3（33.3%）');
  });
});
