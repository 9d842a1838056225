import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * compliance_law_study: the credited study records' laws with their person and day, kept by
 * triggers in the same transaction as every write to study_record and study_record_law (so no
 * writer can forget it), filled from the ledger here, and rebuilt by
 * compliance_law_study_rebuild() (`npm run cli -- compliance:rebuild`). The table and its index
 * are generated from the entity; the functions and triggers are hand-written (TypeORM does not
 * know them).
 *
 * Concurrency: every change is keyed by the record. A link's trigger reads its record FOR
 * SHARE, so it waits for a transaction changing the record's status, day or person and then
 * sees the committed row; the record's trigger re-reads the links after taking its row lock.
 */
export class MaintainLawStudy1796682679842 implements MigrationInterface {
  name = 'MaintainLawStudy1796682679842';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "compliance_law_study" ("record_id" uuid NOT NULL, "law_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "occurred_on" date NOT NULL, CONSTRAINT "PK_66305810a804115c063942a4831" PRIMARY KEY ("record_id", "law_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_compliance_law_study_person" ON "compliance_law_study"  ("staff_id", "law_id", "occurred_on") `,
    );
    await queryRunner.query(
      `ALTER TABLE "compliance_law_study" ADD CONSTRAINT "FK_0c8e8d045ab9e0fb971b27bdc91" FOREIGN KEY ("record_id") REFERENCES "study_record"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // a record: its rows go, and come back from its links while it is credited
    await queryRunner.query(`
      CREATE FUNCTION compliance_law_study_of_record() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM compliance_law_study WHERE record_id = NEW.id;
        IF NEW.status = 'credited' THEN
          INSERT INTO compliance_law_study (record_id, law_id, staff_id, occurred_on)
          SELECT DISTINCT NEW.id, l.law_id, NEW.staff_id, NEW.occurred_on
            FROM study_record_law l WHERE l.record_id = NEW.id
          ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$`);
    // a link: its (record, law) row is there exactly while the record is credited and has a link
    // to that law (a record may cover several articles of one law)
    await queryRunner.query(`
      CREATE FUNCTION compliance_law_study_of_link() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        r record;
      BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          DELETE FROM compliance_law_study m
           WHERE m.record_id = OLD.record_id AND m.law_id = OLD.law_id
             AND NOT EXISTS (SELECT 1 FROM study_record_law l
                              WHERE l.record_id = OLD.record_id AND l.law_id = OLD.law_id);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          SELECT s.id, s.staff_id, s.occurred_on, s.status INTO r
            FROM study_record s WHERE s.id = NEW.record_id FOR SHARE;
          IF FOUND AND r.status = 'credited' THEN
            INSERT INTO compliance_law_study (record_id, law_id, staff_id, occurred_on)
            VALUES (r.id, NEW.law_id, r.staff_id, r.occurred_on)
            ON CONFLICT DO NOTHING;
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER compliance_law_study_record_insert AFTER INSERT ON "study_record"
        FOR EACH ROW WHEN (NEW.status = 'credited') EXECUTE FUNCTION compliance_law_study_of_record()`);
    await queryRunner.query(`
      CREATE TRIGGER compliance_law_study_record_update AFTER UPDATE ON "study_record"
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                           OR OLD.occurred_on IS DISTINCT FROM NEW.occurred_on
                           OR OLD.staff_id IS DISTINCT FROM NEW.staff_id
                           OR OLD.id IS DISTINCT FROM NEW.id)
        EXECUTE FUNCTION compliance_law_study_of_record()`);
    await queryRunner.query(`
      CREATE TRIGGER compliance_law_study_link AFTER INSERT OR UPDATE OR DELETE ON "study_record_law"
        FOR EACH ROW EXECUTE FUNCTION compliance_law_study_of_link()`);
    await queryRunner.query(`
      CREATE FUNCTION compliance_law_study_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        n bigint;
      BEGIN
        LOCK TABLE study_record, study_record_law IN SHARE MODE;
        DELETE FROM compliance_law_study;
        INSERT INTO compliance_law_study (record_id, law_id, staff_id, occurred_on)
        SELECT DISTINCT r.id, l.law_id, r.staff_id, r.occurred_on
          FROM study_record r JOIN study_record_law l ON l.record_id = r.id
         WHERE r.status = 'credited';
        GET DIAGNOSTICS n = ROW_COUNT;
        RETURN n;
      END $$`);
    await queryRunner.query(`SELECT compliance_law_study_rebuild()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER compliance_law_study_link ON "study_record_law"`);
    await queryRunner.query(`DROP TRIGGER compliance_law_study_record_update ON "study_record"`);
    await queryRunner.query(`DROP TRIGGER compliance_law_study_record_insert ON "study_record"`);
    await queryRunner.query(`DROP FUNCTION compliance_law_study_rebuild()`);
    await queryRunner.query(`DROP FUNCTION compliance_law_study_of_link()`);
    await queryRunner.query(`DROP FUNCTION compliance_law_study_of_record()`);
    await queryRunner.query(
      `ALTER TABLE "compliance_law_study" DROP CONSTRAINT "FK_0c8e8d045ab9e0fb971b27bdc91"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_compliance_law_study_person"`);
    await queryRunner.query(`DROP TABLE "compliance_law_study"`);
  }
}
