import { randomUUID } from 'node:crypto';
import { buildOrg } from '../factories/org.factory';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}

const day = (d: number) =>
  new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);

/** What compliance_law_study must hold: the plain recomputation from the ledger. */
const PLAIN = `SELECT DISTINCT r.id AS record_id, l.law_id, r.staff_id, to_char(r.occurred_on, 'YYYY-MM-DD') AS day
                 FROM study_record r JOIN study_record_law l ON l.record_id = r.id
                WHERE r.status = 'credited'
                ORDER BY 1, 2`;
const KEPT = `SELECT record_id, law_id, staff_id, to_char(occurred_on, 'YYYY-MM-DD') AS day
                FROM compliance_law_study ORDER BY 1, 2`;

/**
 * The compliance figures read the first day a person studied each required law from
 * compliance_law_study, which triggers keep as the ledger is written. Whatever is written to
 * study_record and study_record_law, in whatever order (records credited, pending, rejected or
 * revoked later, their day or person corrected, links added before or after, one article of
 * several removed, records deleted), it must equal what the ledger gives when recomputed, and
 * the rebuild must give the same.
 */
describe('compliance_law_study follows the study ledger (integration)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('equals the plain recomputation after a random mix of writes', async () => {
    const org = await buildOrg(t);
    const r = random(20261207);
    const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      t.dataSource.query<T[]>(sql, params);
    const laws = ['甲', '乙', '丙'].map(() => randomUUID());
    for (const [i, id] of laws.entries()) {
      await q(`INSERT INTO law (id, title, short_title, category) VALUES ($1, $2, $3, 'law')`, [
        id,
        `随机法律${i}`,
        `随机${i}`,
      ]);
    }
    const staff: string[] = [];
    for (let i = 0; i < 12; i++) {
      const [{ id }] = await q<{ id: string }>(
        `INSERT INTO staff (staff_no, name, unit_id, employment_start) VALUES ($1, $2, $3, '2015-03-01')
         RETURNING id`,
        [`L${String(i).padStart(4, '0')}`, `随机${i}`, org.units.deptA1.id],
      );
      staff.push(id);
    }
    const records: string[] = [];
    const checks: { step: number; kept: unknown[]; plain: unknown[] }[] = [];
    for (let step = 0; step < 600; step++) {
      const op = r.next();
      if (op < 0.3 || records.length < 5) {
        const [{ id }] = await q<{ id: string }>(
          `INSERT INTO study_record (staff_id, kind, source_key, status, occurred_on, hours, title)
           VALUES ($1, 'self_study', $2, $3, $4, 0.5, '记录') RETURNING id`,
          [
            r.pick(staff),
            `s${step}`,
            r.pick(['credited', 'credited', 'pending', 'rejected']),
            day(r.int(-30, 360)),
          ],
        );
        records.push(id);
      } else if (op < 0.6) {
        // a link, maybe a second article of a law the record already covers
        await q(
          `INSERT INTO study_record_law (record_id, law_id, article_number) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING`,
          [r.pick(records), r.pick(laws), r.int(0, 3)],
        );
      } else if (op < 0.7) {
        await q(`UPDATE study_record SET status = $2 WHERE id = $1`, [
          r.pick(records),
          r.pick(['credited', 'revoked', 'rejected', 'pending']),
        ]);
      } else if (op < 0.78) {
        await q(`UPDATE study_record SET occurred_on = $2 WHERE id = $1`, [
          r.pick(records),
          day(r.int(-30, 360)),
        ]);
      } else if (op < 0.82) {
        await q(`UPDATE study_record SET staff_id = $2 WHERE id = $1`, [
          r.pick(records),
          r.pick(staff),
        ]);
      } else if (op < 0.86) {
        // hours and title do not matter to it
        await q(`UPDATE study_record SET hours = 1, title = '改' WHERE id = $1`, [r.pick(records)]);
      } else if (op < 0.93) {
        // one link (one article) goes
        await q(
          `DELETE FROM study_record_law WHERE ctid = (SELECT ctid FROM study_record_law
                                                       WHERE record_id = $1 LIMIT 1)`,
          [r.pick(records)],
        );
      } else if (op < 0.975) {
        await q(
          `UPDATE study_record_law SET law_id = $2 WHERE ctid = (SELECT ctid FROM study_record_law
                                                                  WHERE record_id = $1 LIMIT 1)
             AND NOT EXISTS (SELECT 1 FROM study_record_law WHERE record_id = $1 AND law_id = $2)`,
          [r.pick(records), r.pick(laws)],
        );
      } else {
        const gone = records.splice(r.int(0, records.length - 1), 1)[0];
        await q(`DELETE FROM study_record WHERE id = $1`, [gone]);
      }
      if (step % 50 === 49) checks.push({ step, kept: await q(KEPT), plain: await q(PLAIN) });
    }
    const plain = await q(PLAIN);
    expect(plain.length).toBeGreaterThan(15);
    expect(checks.filter((c) => c.plain.length > 0).length).toBeGreaterThan(5);
    for (const c of checks)
      expect({ step: c.step, rows: c.kept }).toEqual({ step: c.step, rows: c.plain });
    expect(await q(KEPT)).toEqual(plain);
    // the rebuild gives the same rows (and repairs a lost one)
    await q(`DELETE FROM compliance_law_study WHERE record_id = $1`, [plain[0].record_id]);
    expect(await q(KEPT)).not.toEqual(plain);
    const [{ n }] = await q<{ n: string }>('SELECT compliance_law_study_rebuild() AS n');
    expect(Number(n)).toBe(plain.length);
    expect(await q(KEPT)).toEqual(plain);
  });
});
