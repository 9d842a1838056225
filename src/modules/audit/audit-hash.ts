import { createHash, createHmac } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashableAuditRow {
  id: string;
  occurredAt: Date;
  actorId: string | null;
  actorStaffNo: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  unitId: string | null;
  success: boolean;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/** JSON with object keys sorted at every level, so jsonb's reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The link of one row: over the previous row's hash and this row's content, HMAC-SHA256 with
 * `key` (rows written since migration KeyAuditChain), or plain SHA-256 without (older rows).
 */
export function auditRowHash(prevHash: string, row: HashableAuditRow, key?: string): string {
  const content = canonicalJson([
    row.id,
    row.occurredAt.toISOString(),
    row.actorId,
    row.actorStaffNo,
    row.action,
    row.targetType,
    row.targetId,
    row.unitId,
    row.success,
    row.ip,
    row.requestId,
    row.details,
  ]);
  const digest = key ? createHmac('sha256', key) : createHash('sha256');
  return digest.update(prevHash).update('\n').update(content).digest('hex');
}
