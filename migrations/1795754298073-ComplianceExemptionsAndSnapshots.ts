import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ComplianceExemptionsAndSnapshots1795754298073 implements MigrationInterface {
  name = 'ComplianceExemptionsAndSnapshots1795754298073';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "plan_exemption" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "reason" character varying(500) NOT NULL, "approved_by" character varying(100) NOT NULL, "approved_on" date NOT NULL, "recorded_by" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" uuid, "revoke_reason" character varying(500), CONSTRAINT "PK_81bcd307e17041458ec701b0918" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_plan_exemption_active" ON "plan_exemption"  ("plan_id", "staff_id") WHERE "revoked_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "plan_snapshot" ("plan_id" uuid NOT NULL, "frozen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rows" jsonb NOT NULL, "sessions" jsonb NOT NULL, "as_of" date NOT NULL, CONSTRAINT "PK_c72de30d99b4ab5478b2983d6ed" PRIMARY KEY ("plan_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_exemption" ADD CONSTRAINT "FK_f5c153e450877bc4ffed12ea541" FOREIGN KEY ("plan_id") REFERENCES "study_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_exemption" ADD CONSTRAINT "FK_556a953abe775242e3ea93137ca" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_snapshot" ADD CONSTRAINT "FK_c72de30d99b4ab5478b2983d6ed" FOREIGN KEY ("plan_id") REFERENCES "study_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "plan_snapshot" DROP CONSTRAINT "FK_c72de30d99b4ab5478b2983d6ed"`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_exemption" DROP CONSTRAINT "FK_556a953abe775242e3ea93137ca"`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_exemption" DROP CONSTRAINT "FK_f5c153e450877bc4ffed12ea541"`,
    );
    await queryRunner.query(`DROP TABLE "plan_snapshot"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_plan_exemption_active"`);
    await queryRunner.query(`DROP TABLE "plan_exemption"`);
  }
}
