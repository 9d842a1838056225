import { describe, expect, it } from 'vitest';
import { breakReason, localToIso } from './audit';

describe('audit page helpers', () => {
  it('explains each break reason in Chinese and passes unknown ones through', () => {
    expect(breakReason('hash_mismatch')).toContain('篡改');
    expect(breakReason('truncated')).toContain('删除');
    expect(breakReason('new_reason')).toBe('new_reason');
    expect(breakReason(undefined)).toBe('原因未知');
  });

  it('turns a local datetime input into ISO 8601 and ignores empty or bad values', () => {
    const iso = localToIso('2026-03-01T08:30');
    expect(iso).toBe(new Date(2026, 2, 1, 8, 30).toISOString());
    expect(localToIso('')).toBeUndefined();
    expect(localToIso('not a date')).toBeUndefined();
  });
});
