import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log is append-only for everyone, the owner and superusers included (triggers fire
 * for them too, unlike grants): UPDATE and TRUNCATE always fail; DELETE succeeds only for rows
 * older than 180 days inside a transaction that set `xuefa.audit_retention = on` (the
 * retention job). Ids come from a sequence taken under the chain lock.
 */
export class ProtectAuditLog1795744547200 implements MigrationInterface {
  name = 'ProtectAuditLog1795744547200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE SEQUENCE "audit_log_id_seq" AS bigint OWNED BY "audit_log"."id"`,
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE'
           AND current_setting('xuefa.audit_retention', true) = 'on'
           AND OLD.occurred_at < now() - interval '180 days' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log"
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM PUBLIC`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_log_no_truncate ON "audit_log"`);
    await queryRunner.query(`DROP TRIGGER audit_log_no_update_delete ON "audit_log"`);
    await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
    await queryRunner.query(`DROP SEQUENCE "audit_log_id_seq"`);
  }
}
