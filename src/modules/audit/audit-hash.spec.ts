import { auditRowHash, canonicalJson, GENESIS_HASH } from './audit-hash';
import type { HashableAuditRow } from './audit-hash';

const row: HashableAuditRow = {
  id: '42',
  occurredAt: new Date('2026-03-01T08:00:00.123Z'),
  actorId: '6f1c2e0c-8c1e-4a53-9a55-3b9d2b6c1d10',
  actorStaffNo: 'XF001',
  action: 'staff.update',
  targetType: 'staff',
  targetId: 'abc',
  unitId: null,
  success: true,
  ip: '10.0.0.1',
  requestId: 'r-1',
  details: { b: 1, a: { d: [1, 2], c: '中文' } },
};

describe('audit hash chain', () => {
  it('serialises objects with sorted keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('does not depend on key order (jsonb reorders keys)', () => {
    const reordered = { ...row, details: { a: { c: '中文', d: [1, 2] }, b: 1 } };
    expect(auditRowHash(GENESIS_HASH, reordered)).toBe(auditRowHash(GENESIS_HASH, row));
  });

  it.each(Object.keys(row) as (keyof HashableAuditRow)[])('changes when %s changes', (key) => {
    const changed = { ...row } as Record<string, unknown>;
    const v = row[key];
    changed[key] =
      v instanceof Date
        ? new Date(v.getTime() + 1)
        : typeof v === 'boolean'
          ? !v
          : v === null
            ? 'x'
            : typeof v === 'object'
              ? { ...v, extra: 1 }
              : `${String(v)}x`;
    expect(auditRowHash(GENESIS_HASH, changed as unknown as HashableAuditRow)).not.toBe(
      auditRowHash(GENESIS_HASH, row),
    );
  });

  it('depends on the previous hash', () => {
    expect(auditRowHash('a'.repeat(64), row)).not.toBe(auditRowHash(GENESIS_HASH, row));
    expect(auditRowHash(GENESIS_HASH, row)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is keyed: a different key or no key gives a different link', () => {
    const key = 'k'.repeat(32);
    const keyed = auditRowHash(GENESIS_HASH, row, key);
    expect(keyed).toMatch(/^[0-9a-f]{64}$/);
    expect(keyed).toBe(auditRowHash(GENESIS_HASH, row, key));
    expect(keyed).not.toBe(auditRowHash(GENESIS_HASH, row));
    expect(keyed).not.toBe(auditRowHash(GENESIS_HASH, row, 'j'.repeat(32)));
  });
});
