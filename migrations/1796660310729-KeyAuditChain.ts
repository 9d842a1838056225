import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain becomes keyed: rows written from now on carry `hmac-sha256` (HMAC with
 * AUDIT_HMAC_KEY, which is not in the database); the rows already there keep `sha256`, the
 * unkeyed scheme they were written with, and still verify with it (the anchor file records the
 * last of them, so no later row can be passed off as unkeyed).
 *
 * Retention moves into a SECURITY DEFINER function owned by the migrating role, so the runtime
 * role needs no DELETE on audit_log: the function deletes only the oldest part of the chain,
 * before the first row at or after the cutoff, and the trigger still refuses rows younger than
 * 180 days.
 */
export class KeyAuditChain1796660310729 implements MigrationInterface {
  name = 'KeyAuditChain1796660310729';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "audit_log" ADD "hash_alg" character varying(16) NOT NULL DEFAULT 'sha256'`,
    );
    await queryRunner.query(`ALTER TABLE "audit_log" ALTER COLUMN "hash_alg" DROP DEFAULT`);
    await queryRunner.query(
      `ALTER TABLE "audit_log" ADD CONSTRAINT "CHK_audit_log_hash_alg" CHECK ("hash_alg" IN ('sha256','hmac-sha256'))`,
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_log_apply_retention(p_cutoff timestamptz)
      RETURNS TABLE (deleted_count bigint, last_id bigint, last_hash text)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        SELECT a.id, a.hash INTO last_id, last_hash FROM audit_log a
         WHERE a.id < COALESCE((SELECT min(b.id) FROM audit_log b WHERE b.occurred_at >= p_cutoff),
                               9223372036854775807)
         ORDER BY a.id DESC LIMIT 1;
        IF last_id IS NULL THEN
          RETURN;
        END IF;
        PERFORM set_config('xuefa.audit_retention', 'on', true);
        DELETE FROM audit_log WHERE id <= last_id;
        GET DIAGNOSTICS deleted_count = ROW_COUNT;
        PERFORM set_config('xuefa.audit_retention', 'off', true);
        RETURN NEXT;
      END $$`);
    await queryRunner.query(
      `REVOKE ALL ON FUNCTION audit_log_apply_retention(timestamptz) FROM PUBLIC`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION audit_log_apply_retention(timestamptz)`);
    await queryRunner.query(`ALTER TABLE "audit_log" DROP CONSTRAINT "CHK_audit_log_hash_alg"`);
    await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "hash_alg"`);
  }
}
