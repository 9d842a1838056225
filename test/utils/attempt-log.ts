import type { DataSource } from 'typeorm';

/**
 * A test-only trace of finalisation: a trigger logs every UPDATE that sets an attempt's status
 * to finished (the finalizer's conditional UPDATE is the only statement that names `status`).
 * If an attempt were finalised twice, it would have two rows here.
 */
export async function installFinalisationLog(ds: DataSource): Promise<void> {
  await ds.query(`
    CREATE TABLE IF NOT EXISTS test_finalisation_log (
      attempt_id uuid NOT NULL,
      finalised_by text,
      old_status text NOT NULL,
      logged_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
  await ds.query(`
    CREATE OR REPLACE FUNCTION test_log_finalisation() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO test_finalisation_log (attempt_id, finalised_by, old_status)
      VALUES (NEW.id, NEW.finalised_by, OLD.status);
      RETURN NEW;
    END $$`);
  await ds.query(`DROP TRIGGER IF EXISTS test_log_finalisation ON exam_attempt`);
  await ds.query(`
    CREATE TRIGGER test_log_finalisation AFTER UPDATE OF status ON exam_attempt
    FOR EACH ROW WHEN (NEW.status = 'finished') EXECUTE FUNCTION test_log_finalisation()`);
}

/** How many times each of `attemptIds` was finalised according to the trigger log. */
export async function finalisationCounts(
  ds: DataSource,
  attemptIds: string[],
): Promise<Map<string, number>> {
  const rows = await ds.query<{ id: string; n: number }[]>(
    `SELECT a.id, count(l.attempt_id)::int AS n
       FROM unnest($1::uuid[]) AS a(id)
       LEFT JOIN test_finalisation_log l ON l.attempt_id = a.id
      GROUP BY a.id`,
    [attemptIds],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

export interface AttemptRow {
  id: string;
  status: string;
  finalised_by: string | null;
  deadline_at: Date;
  finished_at: Date | null;
  score: string | null;
}

export async function attemptRows(ds: DataSource, ids: string[]): Promise<AttemptRow[]> {
  return ds.query<AttemptRow[]>(
    `SELECT id, status, finalised_by, deadline_at, finished_at, score
       FROM exam_attempt WHERE id = ANY($1::uuid[]) ORDER BY id`,
    [ids],
  );
}
