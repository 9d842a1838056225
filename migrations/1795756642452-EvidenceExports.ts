import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EvidenceExports1795756642452 implements MigrationInterface {
  name = 'EvidenceExports1795756642452';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "evidence_export" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(16) NOT NULL, "unit_id" uuid NOT NULL, "staff_id" uuid, "plan_id" uuid, "year" integer NOT NULL, "requested_by" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "progress" integer NOT NULL DEFAULT '0', "builds" integer NOT NULL DEFAULT '0', "heartbeat_at" TIMESTAMP WITH TIME ZONE NOT NULL, "staff_count" integer, "file_name" character varying(255), "size" bigint, "sha256" character(64), "audit_id" bigint, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "error" character varying(500), CONSTRAINT "CHK_evidence_export_staff" CHECK (("kind" = 'dossier') = ("staff_id" IS NOT NULL)), CONSTRAINT "CHK_evidence_export_progress" CHECK ("progress" BETWEEN 0 AND 100), CONSTRAINT "CHK_evidence_export_status" CHECK ("status" IN ('queued','running','done','failed','expired')), CONSTRAINT "CHK_evidence_export_kind" CHECK ("kind" IN ('unit_workbook','dossier')), CONSTRAINT "PK_e5208b393e08dedcbb4412a4f04" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_evidence_export_sha256" ON "evidence_export"  ("sha256") WHERE "sha256" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_evidence_export_status" ON "evidence_export"  ("status", "heartbeat_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_evidence_export_unit" ON "evidence_export"  ("unit_id", "requested_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence_export" ADD CONSTRAINT "FK_f4186adda610a294c8a21058785" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence_export" ADD CONSTRAINT "FK_c1b8e0a996cc8e8ea35b0d41e97" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence_export" ADD CONSTRAINT "FK_0e66285e62ee94a078a411db518" FOREIGN KEY ("plan_id") REFERENCES "study_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence_export" ADD CONSTRAINT "FK_fe4ee6eb13695d6f5ba54bde390" FOREIGN KEY ("requested_by") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "evidence_export" DROP CONSTRAINT "FK_fe4ee6eb13695d6f5ba54bde390"`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence_export" DROP CONSTRAINT "FK_0e66285e62ee94a078a411db518"`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence_export" DROP CONSTRAINT "FK_c1b8e0a996cc8e8ea35b0d41e97"`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence_export" DROP CONSTRAINT "FK_f4186adda610a294c8a21058785"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_evidence_export_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_evidence_export_status"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_evidence_export_sha256"`);
    await queryRunner.query(`DROP TABLE "evidence_export"`);
  }
}
