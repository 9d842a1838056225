import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStudyLedger1795752673850 implements MigrationInterface {
  name = 'CreateStudyLedger1795752673850';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "study_record" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_id" uuid NOT NULL, "kind" character varying(24) NOT NULL, "source_key" character varying(100) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'credited', "occurred_on" date NOT NULL, "hours" numeric(5,2) NOT NULL, "title" character varying(200) NOT NULL, "details" jsonb, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_study_record_status" CHECK ("status" IN ('credited','pending','rejected','revoked')), CONSTRAINT "CHK_study_record_kind" CHECK ("kind" IN ('session','makeup_study','self_study','practice','court_hearing','external_training')), CONSTRAINT "CHK_study_record_hours" CHECK ("hours" >= 0 AND "hours" <= 24), CONSTRAINT "PK_df4e710a6ba302ae3ab0cba6786" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_study_record_staff_day" ON "study_record"  ("staff_id", "occurred_on") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_study_record_source" ON "study_record"  ("kind", "source_key", "staff_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "study_record_law" ("record_id" uuid NOT NULL, "law_id" uuid NOT NULL, "article_number" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_c0491a779507c408f7ccfa358df" PRIMARY KEY ("record_id", "law_id", "article_number"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_study_record_law_law" ON "study_record_law"  ("law_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "study_record" ADD CONSTRAINT "FK_7802ef7729130b94692c0af787f" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_record_law" ADD CONSTRAINT "FK_ad2f95c73a855b087e270f4444d" FOREIGN KEY ("record_id") REFERENCES "study_record"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_record_law" ADD CONSTRAINT "FK_7ce192ebffb19d7f3424f84cf11" FOREIGN KEY ("law_id") REFERENCES "law"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "study_record_law" DROP CONSTRAINT "FK_7ce192ebffb19d7f3424f84cf11"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_record_law" DROP CONSTRAINT "FK_ad2f95c73a855b087e270f4444d"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_record" DROP CONSTRAINT "FK_7802ef7729130b94692c0af787f"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_study_record_law_law"`);
    await queryRunner.query(`DROP TABLE "study_record_law"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_study_record_source"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_study_record_staff_day"`);
    await queryRunner.query(`DROP TABLE "study_record"`);
  }
}
