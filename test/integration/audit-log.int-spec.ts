import { QueryFailedError } from 'typeorm';
import { AuditService } from '../../src/modules/audit/audit.service';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

describe('audit log: append-only, hash-chained (integration)', () => {
  let t: TestApp;
  let audit: AuditService;

  beforeAll(async () => {
    t = await createTestApp({ env: { AUDIT_RETENTION_DAYS: '180' } });
    audit = t.get(AuditService);
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.reset());

  it('chains every row to the previous one, even under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        audit.record({
          action: 'test.concurrent',
          actor: null,
          details: { i, nested: { b: 1, a: [2, 'x'] } },
        }),
      ),
    );
    const result = await audit.verifyChain();
    expect(result).toMatchObject({ ok: true });
    expect(result.checked).toBeGreaterThanOrEqual(25);
  });

  it('cannot be updated, deleted or truncated by the application’s database role', async () => {
    await audit.record({ action: 'test.protected', actor: null });
    const attempts = [
      `UPDATE audit_log SET action = 'tampered' WHERE action = 'test.protected'`,
      `DELETE FROM audit_log WHERE action = 'test.protected'`,
      `TRUNCATE audit_log`,
      // even with the retention flag, recent rows stay
      `SELECT set_config('xuefa.audit_retention', 'on', false); DELETE FROM audit_log WHERE action = 'test.protected'`,
    ];
    for (const sql of attempts) {
      await expect(t.dataSource.query(sql)).rejects.toThrow(/append-only/);
    }
    await t.dataSource.query(`SELECT set_config('xuefa.audit_retention', 'off', false)`);
    const rows = await t.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE action IN ('test.protected', 'tampered')`,
    );
    expect(rows).toEqual([{ action: 'test.protected' }]);
    await expect(
      t.dataSource.query(`UPDATE audit_log SET action = 'x' WHERE false`),
    ).resolves.toBeDefined(); // statement-level: no row touched, nothing refused
    await expect(t.dataSource.query('TRUNCATE audit_log')).rejects.toBeInstanceOf(QueryFailedError);
  });

  it('reports the first broken link when a row was tampered with behind the application’s back', async () => {
    await audit.record({ action: 'test.victim', actor: null, details: { amount: 1 } });
    await audit.record({ action: 'test.after', actor: null });
    const [victim] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id::text FROM audit_log WHERE action = 'test.victim'`,
    );
    // A superuser can switch triggers off; the chain still tells.
    await t.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE audit_log SET details = '{"amount": 1000}' WHERE id = $1`, [victim.id]);
    });
    const result = await audit.verifyChain();
    expect(result).toMatchObject({ ok: false, brokenAtId: victim.id, reason: 'hash_mismatch' });
    // put it back so later tests see a sound chain
    await t.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE audit_log SET details = '{"amount": 1}' WHERE id = $1`, [victim.id]);
    });
    expect((await audit.verifyChain()).ok).toBe(true);
  });

  it('detects a deleted row in the middle of the chain', async () => {
    await audit.record({ action: 'test.gap-1', actor: null });
    await audit.record({ action: 'test.gap-2', actor: null });
    await audit.record({ action: 'test.gap-3', actor: null });
    const [gap2, gap3] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id::text FROM audit_log WHERE action IN ('test.gap-2', 'test.gap-3') ORDER BY id`,
    );
    const saved = await t.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM audit_log WHERE id = $1`,
      [gap2.id],
    );
    await t.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`DELETE FROM audit_log WHERE id = $1`, [gap2.id]);
    });
    expect(await audit.verifyChain()).toMatchObject({
      ok: false,
      brokenAtId: gap3.id,
      reason: 'prev_hash_mismatch',
    });
    await t.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      const row = saved[0];
      const cols = Object.keys(row);
      await m.query(
        `INSERT INTO audit_log (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(',')})`,
        cols.map((c) => (c === 'details' ? JSON.stringify(row[c]) : row[c])),
      );
    });
    expect((await audit.verifyChain()).ok).toBe(true);
  });
});

describe('audit retention (integration)', () => {
  let t: TestApp;
  let audit: AuditService;

  beforeAll(async () => {
    t = await createTestApp({ env: { AUDIT_RETENTION_DAYS: '180' } });
    audit = t.get(AuditService);
  });
  afterAll(() => t.close());

  it('deletes only the part of the chain older than the retention period and anchors the rest', async () => {
    t.clock.set('2025-01-10T00:00:00Z');
    for (let i = 0; i < 3; i++) await audit.record({ action: 'test.ancient', actor: null });
    t.clock.reset();
    await audit.record({ action: 'test.recent', actor: null });
    await audit.record({ action: 'test.recent', actor: null });

    expect(await audit.applyRetention()).toEqual({ deleted: 3 });
    const actions = await t.dataSource.query<{ action: string }[]>(
      'SELECT action FROM audit_log ORDER BY id',
    );
    expect(actions.map((a) => a.action)).toEqual(['test.recent', 'test.recent', 'audit.retention']);
    const result = await audit.verifyChain();
    expect(result).toMatchObject({ ok: true, checked: 3 });

    // a second run finds nothing more to delete
    expect(await audit.applyRetention()).toEqual({ deleted: 0 });

    // the first remaining row must start from a recorded anchor
    await t.dataSource.transaction(async (m) => {
      await m.query('SET LOCAL session_replication_role = replica');
      await m.query(
        `UPDATE audit_log SET prev_hash = repeat('f', 64) WHERE id = (SELECT min(id) FROM audit_log)`,
      );
    });
    expect(await audit.verifyChain()).toMatchObject({ ok: false, reason: 'unknown_anchor' });
  });
});
