import request from 'supertest';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';
import { waitFor } from '../utils/wait';

describe('audit log API and the maintenance job (e2e, workers in process)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let root: Session;
  let adminA: Session;

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    org = await buildOrg(t);
    root = await login(t, org.people.rootAdmin);
    adminA = await login(t, org.people.adminA);
    await request(t.http)
      .post('/auth/login')
      .send({ staffNo: org.people.staffB.staffNo, password: 'wrong-Pass1' })
      .expect(401);
    await request(t.http)
      .post('/auth/login')
      .send({ staffNo: 'GHOST', password: 'wrong-Pass1' })
      .expect(401);
  });
  afterAll(() => t.close());

  it('lets an admin query with filters; each row carries time, actor, target, result, IP and request id', async () => {
    const res = await signedIn(t, root)
      .get(`/audit?action=auth.login&success=true&actorStaffNo=${org.people.adminA.staffNo}`)
      .set('X-Request-Id', 'audit-query-1')
      .expect(200);
    expect(res.body.total).toBe(1);
    const row = res.body.items[0];
    expect(row).toMatchObject({
      action: 'auth.login',
      success: true,
      actorId: org.people.adminA.id,
      actorStaffNo: org.people.adminA.staffNo,
      targetType: 'staff',
      targetId: org.people.adminA.id,
    });
    expect(row.ip).toMatch(/127\.0\.0\.1|::1/);
    expect(row.requestId).toEqual(expect.any(String));
    expect(new Date(row.occurredAt as string).toISOString()).toBe(row.occurredAt);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    const failures = await signedIn(t, root)
      .get('/audit?action=auth.login&success=false')
      .expect(200);
    expect(failures.body.total).toBe(2);
    const from = new Date(Date.now() + 3600_000).toISOString();
    const none = await signedIn(t, root).get(`/audit?from=${from}`).expect(200);
    expect(none.body.total).toBe(0);
    await signedIn(t, root).get('/audit?from=yesterday').expect(400);
  });

  it('shows an admin only rows about units in their scope', async () => {
    const res = await signedIn(t, adminA).get('/audit?pageSize=100').expect(200);
    const units = new Set((res.body.items as { unitId: string | null }[]).map((r) => r.unitId));
    expect(units.has(null)).toBe(false);
    expect(units.has(org.units.bureauB.id)).toBe(false);
    const all = await signedIn(t, root).get('/audit?pageSize=100').expect(200);
    expect(all.body.total).toBeGreaterThan(res.body.total as number);
    const hr = await login(t, org.people.hrA);
    await signedIn(t, hr).get('/audit').expect(403);
  });

  it('verifies the chain on demand', async () => {
    const res = await signedIn(t, root).get('/audit/verify').expect(200);
    expect(res.body).toMatchObject({ ok: true });
    expect(res.body.checked).toBeGreaterThan(3);
  });

  it('reports over HTTP the newest rows deleted by the database owner with the triggers off', async () => {
    const before = await signedIn(t, root).get('/audit/verify').expect(200);
    expect(before.body).toMatchObject({ ok: true, anchor: { headId: expect.any(String) } });
    const head = before.body.lastId as string;
    // the head is now anchored outside the database; the owner deletes it and the row before it
    const saved = await t.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM audit_log WHERE id >= (SELECT id FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT 1) ORDER BY id`,
      [head],
    );
    expect(saved).toHaveLength(2);
    await t.owner.transaction(async (m) => {
      await m.query('SET LOCAL session_replication_role = replica');
      await m.query('DELETE FROM audit_log WHERE id >= $1', [saved[0].id]);
    });
    const after = await signedIn(t, root).get('/audit/verify').expect(200);
    expect(after.body).toMatchObject({
      ok: false,
      reason: 'truncated',
      brokenAtId: head,
      anchor: { headId: head },
    });
    // and the application's own role cannot do the same
    await expect(
      t.dataSource.query('DELETE FROM audit_log WHERE id = $1', [saved[0].id]),
    ).rejects.toThrow(/permission denied/);
    for (const row of saved) {
      const cols = Object.keys(row);
      await t.owner.query(
        `INSERT INTO audit_log (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(',')})`,
        cols.map((c) => (c === 'details' ? JSON.stringify(row[c]) : row[c])),
      );
    }
    await signedIn(t, root)
      .get('/audit/verify')
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ ok: true }));
  });

  it('runs the retention-and-verification job through BullMQ and records its outcome', async () => {
    const queued = await signedIn(t, root).post('/audit/maintenance').expect(202);
    expect(queued.body.jobId).toEqual(expect.any(String));
    const row = await waitFor(
      async () => {
        const rows = await t.dataSource.query<
          { success: boolean; details: { trigger: string; deleted: number } }[]
        >(`SELECT success, details FROM audit_log WHERE action = 'audit.maintenance'`);
        return rows[0];
      },
      'the audit.maintenance row',
      15_000,
    );
    expect(row).toEqual({
      success: true,
      details: expect.objectContaining({ trigger: 'manual', deleted: 0 }),
    });
  });
});
