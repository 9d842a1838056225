import { readFile, writeFile } from 'node:fs/promises';
import { DataSource, MoreThanOrEqual } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { loadConfig } from '../../src/config';
import { ownerDataSourceOptions } from '../../src/database/data-source';
import { AuditAnchorStore } from '../../src/modules/audit/audit-anchor.store';
import { GENESIS_HASH, auditRowHash } from '../../src/modules/audit/audit-hash';
import { AuditService } from '../../src/modules/audit/audit.service';
import { AuditLogEntity } from '../../src/modules/audit/entities/audit-log.entity';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';
import { createTestDatabase } from '../utils/test-db';
import { baseTestEnv } from '../utils/test-env';

/** As the owner (a superuser) with every trigger off: what the attacker can do. */
function behindTheBack(t: TestApp, fn: (m: EntityManager) => Promise<unknown>): Promise<unknown> {
  return t.owner.transaction(async (m) => {
    await m.query(`SET LOCAL session_replication_role = replica`);
    await fn(m);
  });
}

const rowsFrom = (t: TestApp, id: string) =>
  t.dataSource
    .getRepository(AuditLogEntity)
    .find({ where: { id: MoreThanOrEqual(id) }, order: { id: 'ASC' } });

/** Saves rows (read as entities) back with the owner's INSERT, as they were. */
async function reinsert(t: TestApp, rows: AuditLogEntity[]): Promise<void> {
  await t.owner
    .getRepository(AuditLogEntity)
    .insert(rows as QueryDeepPartialEntity<AuditLogEntity>[]);
}

describe('audit log: append-only, hash-chained (integration)', () => {
  let t: TestApp;
  let audit: AuditService;

  beforeAll(async () => {
    t = await createTestApp({ env: { AUDIT_RETENTION_DAYS: '180' } });
    audit = t.get(AuditService);
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.reset());

  it('chains every row to the previous one with the keyed hash, even under concurrent writers', async () => {
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
    const rows = await rowsFrom(t, '0');
    expect(new Set(rows.map((r) => r.hashAlg))).toEqual(new Set(['hmac-sha256']));
    // no longer the unkeyed SHA-256 anyone could recompute
    expect(auditRowHash(rows[0].prevHash, rows[0])).not.toBe(rows[0].hash);
  });

  it('runs as a role that may not change, delete, truncate or unprotect audit_log', async () => {
    await audit.record({ action: 'test.protected', actor: null });
    const [{ user }] = await t.dataSource.query<{ user: string }[]>('SELECT current_user AS user');
    expect(user).toBe('xuefa_test_app');
    const attempts: [string, RegExp][] = [
      [`UPDATE audit_log SET action = 'tampered' WHERE action = 'test.protected'`, /permission/],
      [`DELETE FROM audit_log WHERE action = 'test.protected'`, /permission/],
      [`TRUNCATE audit_log`, /permission/],
      [`ALTER TABLE audit_log DISABLE TRIGGER USER`, /must be owner/],
      [`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`, /must be owner/],
      [`DROP TRIGGER audit_log_no_truncate ON audit_log`, /must be owner/],
      [`SET session_replication_role = replica`, /permission denied/],
      [`DROP TABLE audit_log`, /must be owner/],
      // the retention function deletes only what the trigger allows: rows over 180 days old
      [`SELECT * FROM audit_log_apply_retention(now() + interval '1 day')`, /append-only/],
    ];
    for (const [sql, refusal] of attempts) {
      await expect(t.dataSource.query(sql)).rejects.toThrow(refusal);
    }
    const rows = await t.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE action IN ('test.protected', 'tampered')`,
    );
    expect(rows).toEqual([{ action: 'test.protected' }]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE to the owner too while the triggers are on', async () => {
    const attempts = [
      `UPDATE audit_log SET action = 'tampered' WHERE action = 'test.protected'`,
      `DELETE FROM audit_log WHERE action = 'test.protected'`,
      `TRUNCATE audit_log`,
      // even with the retention flag, recent rows stay
      `SELECT set_config('xuefa.audit_retention', 'on', false); DELETE FROM audit_log WHERE action = 'test.protected'`,
    ];
    for (const sql of attempts) {
      await expect(t.owner.query(sql)).rejects.toThrow(/append-only/);
    }
    await t.owner.query(`SELECT set_config('xuefa.audit_retention', 'off', false)`);
    await expect(
      t.owner.query(`UPDATE audit_log SET action = 'x' WHERE false`),
    ).resolves.toBeDefined(); // statement-level: no row touched, nothing refused
    expect((await audit.verifyChain()).ok).toBe(true);
  });

  it('reports a row the owner changed with the triggers off', async () => {
    await audit.record({ action: 'test.victim', actor: null, details: { amount: 1 } });
    await audit.record({ action: 'test.after', actor: null });
    const [victim] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id::text FROM audit_log WHERE action = 'test.victim'`,
    );
    await behindTheBack(t, (m) =>
      m.query(`UPDATE audit_log SET details = '{"amount": 1000}' WHERE id = $1`, [victim.id]),
    );
    expect(await audit.verifyChain()).toMatchObject({
      ok: false,
      brokenAtId: victim.id,
      reason: 'hash_mismatch',
    });
    await behindTheBack(t, (m) =>
      m.query(`UPDATE audit_log SET details = '{"amount": 1}' WHERE id = $1`, [victim.id]),
    );
    expect((await audit.verifyChain()).ok).toBe(true);
  });

  it.each([
    ['keeping the keyed label', false, 'hash_mismatch'],
    ['passing the rows off as old unkeyed ones', true, 'unkeyed_row'],
  ])(
    'reports a row changed with session_replication_role = replica and the chain recomputed after it (%s)',
    async (_how, downgrade, reason) => {
      for (let i = 0; i < 4; i++) {
        await audit.record({ action: 'test.recompute', actor: null, details: { i, amount: 1 } });
      }
      const [victim] = await t.dataSource.query<{ id: string }[]>(
        `SELECT min(id)::text AS id FROM audit_log WHERE action = 'test.recompute'`,
      );
      const original = await rowsFrom(t, victim.id);
      await behindTheBack(t, async (m) => {
        // what the attacker can compute: the unkeyed SHA-256 chain from the victim onwards
        let prev = original[0].prevHash;
        for (const row of original) {
          const forged = { ...row, details: row.id === victim.id ? { amount: 1000 } : row.details };
          const hash = auditRowHash(prev, forged);
          await m.query(
            `UPDATE audit_log SET details = $2, prev_hash = $3, hash = $4, hash_alg = $5 WHERE id = $1`,
            [row.id, forged.details, prev, hash, downgrade ? 'sha256' : row.hashAlg],
          );
          prev = hash;
        }
      });
      expect(await audit.verifyChain()).toMatchObject({
        ok: false,
        brokenAtId: victim.id,
        reason,
      });
      await behindTheBack(t, (m) => m.query('DELETE FROM audit_log WHERE id >= $1', [victim.id]));
      await reinsert(t, original);
      expect((await audit.verifyChain()).ok).toBe(true);
    },
  );

  it('detects a deleted row in the middle of the chain', async () => {
    await audit.record({ action: 'test.gap-1', actor: null });
    await audit.record({ action: 'test.gap-2', actor: null });
    await audit.record({ action: 'test.gap-3', actor: null });
    const [gap2, gap3] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id::text FROM audit_log WHERE action IN ('test.gap-2', 'test.gap-3') ORDER BY id`,
    );
    const saved = await rowsFrom(t, gap2.id);
    await behindTheBack(t, (m) => m.query(`DELETE FROM audit_log WHERE id = $1`, [gap2.id]));
    expect(await audit.verifyChain()).toMatchObject({
      ok: false,
      brokenAtId: gap3.id,
      reason: 'prev_hash_mismatch',
    });
    await reinsert(t, [saved[0]]);
    expect((await audit.verifyChain()).ok).toBe(true);
  });

  it('reports the newest rows deleted with ALTER TABLE … DISABLE TRIGGER, against the anchor outside the database', async () => {
    for (let i = 0; i < 3; i++) await audit.record({ action: 'test.newest', actor: null });
    const sound = await audit.verifyChain(); // anchors the head
    expect(sound.ok).toBe(true);
    const anchored = await t.get(AuditAnchorStore).read();
    expect(anchored).toMatchObject({ status: 'ok', anchor: { headId: sound.lastId } });
    const [second] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id::text FROM audit_log WHERE action = 'test.newest' ORDER BY id LIMIT 1 OFFSET 1`,
    );
    const saved = await rowsFrom(t, second.id);
    await t.owner.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    try {
      await t.owner.query('DELETE FROM audit_log WHERE id >= $1', [second.id]);
    } finally {
      await t.owner.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    }
    // every remaining link holds: only the anchor can tell
    expect(await audit.verifyChain()).toMatchObject({
      ok: false,
      brokenAtId: sound.lastId,
      reason: 'truncated',
      anchor: { headId: sound.lastId },
    });
    // a failed verification leaves the anchor where it was
    expect(await audit.verifyChain()).toMatchObject({ ok: false, reason: 'truncated' });
    await reinsert(t, saved);
    expect((await audit.verifyChain()).ok).toBe(true);
  });

  it('reports a truncated table (triggers off) against the anchor', async () => {
    const sound = await audit.verifyChain();
    expect(sound.ok).toBe(true);
    const saved = await rowsFrom(t, '0');
    await t.owner.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    try {
      await t.owner.query('TRUNCATE audit_log');
    } finally {
      await t.owner.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    }
    expect(await audit.verifyChain()).toMatchObject({
      ok: false,
      checked: 0,
      brokenAtId: sound.lastId,
      reason: 'truncated',
    });
    await reinsert(t, saved);
    expect((await audit.verifyChain()).ok).toBe(true);
  });

  it('refuses an anchor file that was edited (it is signed with the chain key)', async () => {
    const store = t.get(AuditAnchorStore);
    const text = await readFile(store.file, 'utf8');
    const edited = { ...(JSON.parse(text) as Record<string, unknown>), headId: '1' };
    await writeFile(store.file, JSON.stringify(edited));
    try {
      expect(await audit.verifyChain()).toMatchObject({ ok: false, reason: 'anchor_invalid' });
    } finally {
      await writeFile(store.file, text);
    }
    expect((await audit.verifyChain()).ok).toBe(true);
  });
});

describe('audit chain written before it was keyed (integration)', () => {
  it('keeps verifying the unkeyed rows of before the migration, and keys every row after them', async () => {
    const db = await createTestDatabase();
    const config = loadConfig({ ...baseTestEnv(), DATABASE_URL: db.url });
    const owner = new DataSource(ownerDataSourceOptions(config));
    await owner.initialize();
    let t: TestApp | undefined;
    try {
      // back to the schema before KeyAuditChain, with rows hashed the old way
      while (
        (
          await owner.query<unknown[]>(
            `SELECT 1 FROM typeorm_migration WHERE name = 'KeyAuditChain1796660310729'`,
          )
        ).length
      ) {
        await owner.undoLastMigration({ transaction: 'each' });
      }
      let prev = GENESIS_HASH;
      const legacy: string[] = [];
      for (let i = 0; i < 3; i++) {
        const [{ id }] = await owner.query<{ id: string }[]>(
          `SELECT nextval('audit_log_id_seq')::text AS id`,
        );
        const row = {
          id,
          occurredAt: new Date(Date.UTC(2026, 5, 1, 8, i)),
          actorId: null,
          actorStaffNo: null,
          action: 'legacy.entry',
          targetType: null,
          targetId: null,
          unitId: null,
          success: true,
          ip: null,
          requestId: null,
          details: { i },
        };
        const hash = auditRowHash(prev, row);
        await owner.query(
          `INSERT INTO audit_log (id, occurred_at, action, success, details, prev_hash, hash)
           VALUES ($1, $2, $3, true, $4, $5, $6)`,
          [id, row.occurredAt, row.action, row.details, prev, hash],
        );
        legacy.push(id);
        prev = hash;
      }
      await owner.runMigrations({ transaction: 'each' });

      t = await createTestApp({ db });
      const audit = t.get(AuditService);
      await audit.record({ action: 'keyed.entry', actor: null });
      const rows = await rowsFrom(t, '0');
      expect(rows.map((r) => [r.action, r.hashAlg])).toEqual([
        ['legacy.entry', 'sha256'],
        ['legacy.entry', 'sha256'],
        ['legacy.entry', 'sha256'],
        ['keyed.entry', 'hmac-sha256'],
      ]);
      expect(rows[3].prevHash).toBe(rows[2].hash);
      expect(await audit.verifyChain()).toMatchObject({ ok: true, checked: 4 });
      // the first start anchored the last unkeyed row
      expect(await t.get(AuditAnchorStore).read()).toMatchObject({
        anchor: { legacyThroughId: legacy[2] },
      });

      // rewriting the whole unkeyed part consistently still breaks the first keyed link
      const tampered = t;
      await behindTheBack(tampered, async (m) => {
        let p = GENESIS_HASH;
        for (const row of rows.slice(0, 3)) {
          const forged = { ...row, details: { i: 99 } };
          const hash = auditRowHash(p, forged);
          await m.query(
            `UPDATE audit_log SET details = $2, prev_hash = $3, hash = $4 WHERE id = $1`,
            [row.id, forged.details, p, hash],
          );
          p = hash;
        }
      });
      expect(await audit.verifyChain()).toMatchObject({
        ok: false,
        brokenAtId: rows[3].id,
        reason: 'prev_hash_mismatch',
      });
    } finally {
      await t?.close();
      await owner.destroy();
      await db.drop();
    }
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
    expect((await audit.verifyChain()).ok).toBe(true); // the anchored head is an ancient row
    await audit.record({ action: 'test.recent', actor: null });
    await audit.record({ action: 'test.recent', actor: null });

    // the runtime role deletes nothing itself: the owner's function does, within the trigger's limits
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
    await behindTheBack(t, (m) =>
      m.query(
        `UPDATE audit_log SET prev_hash = repeat('f', 64) WHERE id = (SELECT min(id) FROM audit_log)`,
      ),
    );
    expect(await audit.verifyChain()).toMatchObject({ ok: false, reason: 'unknown_anchor' });
  });
});
