import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFoundationTables1795744547164 implements MigrationInterface {
  name = 'CreateFoundationTables1795744547164';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "actor_staff_no" character varying(32), "action" character varying(64) NOT NULL, "target_type" character varying(32), "target_id" character varying(64), "unit_id" uuid, "success" boolean NOT NULL, "ip" character varying(64), "request_id" character varying(64), "details" jsonb NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_unit" ON "audit_log"  ("unit_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_audit_log_hash" ON "audit_log"  ("hash") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_log_action" ON "audit_log"  ("action", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_log_actor" ON "audit_log"  ("actor_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_log_occurred" ON "audit_log"  ("occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "org_unit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "parent_id" uuid, "code" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "kind" character varying(20) NOT NULL, "path" text COLLATE "C" NOT NULL, "depth" integer NOT NULL, "sort_order" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_org_unit_depth" CHECK ("depth" >= 0), CONSTRAINT "CHK_org_unit_kind" CHECK ("kind" IN ('province','city','county','bureau','department','other')), CONSTRAINT "PK_ba1c59043dc14bb66023c1d07c7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_org_unit_parent" ON "org_unit"  ("parent_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_org_unit_code" ON "org_unit"  ("code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_org_unit_path" ON "org_unit"  ("path") `);
    await queryRunner.query(
      `CREATE TABLE "staff" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_no" character varying(32) NOT NULL, "name" character varying(50) NOT NULL, "unit_id" uuid NOT NULL, "position" character varying(100), "party_member" boolean NOT NULL DEFAULT false, "employment_start" date NOT NULL, "employment_end" date, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_staff_employment" CHECK ("employment_end" IS NULL OR "employment_end" >= "employment_start"), CONSTRAINT "PK_e4ee98bb552756c180aec1e854a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_staff_staff_no" ON "staff"  ("staff_no") `);
    await queryRunner.query(`CREATE INDEX "IDX_staff_unit" ON "staff"  ("unit_id") `);
    await queryRunner.query(
      `CREATE TABLE "auth_session" ("id" uuid NOT NULL, "staff_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(32), "ip" character varying(64), "user_agent" character varying(255), CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_auth_session_staff_open" ON "auth_session"  ("staff_id") WHERE "revoked_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "refresh_token" ("id" uuid NOT NULL, "session_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_refresh_token_session" ON "refresh_token"  ("session_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "staff_credential" ("staff_id" uuid NOT NULL, "password_hash" text NOT NULL, "must_change_password" boolean NOT NULL DEFAULT true, "password_changed_at" TIMESTAMP WITH TIME ZONE, "failed_attempts" integer NOT NULL DEFAULT '0', "token_version" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_88b1feeca878098207ec014c63c" PRIMARY KEY ("staff_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "system_secret" ("name" character varying(64) NOT NULL, "value" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a7412943cc8b491b7c1ee8477a9" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "role_assignment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "unit_id" uuid NOT NULL, "granted_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_role_assignment_role" CHECK ("role" IN ('staff','secretary','hr','admin')), CONSTRAINT "PK_7e79671a8a5db18936173148cb4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_role_assignment_unit" ON "role_assignment"  ("unit_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_role_assignment" ON "role_assignment"  ("staff_id", "role", "unit_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit" ADD CONSTRAINT "FK_b8e4301109a2850200ba2c7c512" FOREIGN KEY ("parent_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff" ADD CONSTRAINT "FK_5763e95f7601505aabbb694a50a" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth_session" ADD CONSTRAINT "FK_e143b481362721569aee1167a22" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_token" ADD CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c" FOREIGN KEY ("session_id") REFERENCES "auth_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_credential" ADD CONSTRAINT "FK_88b1feeca878098207ec014c63c" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "role_assignment" ADD CONSTRAINT "FK_2efa27a7715f55e1b9b6d567388" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "role_assignment" ADD CONSTRAINT "FK_bcaaa58c4076bf41b3a8f854b00" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "role_assignment" DROP CONSTRAINT "FK_bcaaa58c4076bf41b3a8f854b00"`,
    );
    await queryRunner.query(
      `ALTER TABLE "role_assignment" DROP CONSTRAINT "FK_2efa27a7715f55e1b9b6d567388"`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_credential" DROP CONSTRAINT "FK_88b1feeca878098207ec014c63c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth_session" DROP CONSTRAINT "FK_e143b481362721569aee1167a22"`,
    );
    await queryRunner.query(`ALTER TABLE "staff" DROP CONSTRAINT "FK_5763e95f7601505aabbb694a50a"`);
    await queryRunner.query(
      `ALTER TABLE "org_unit" DROP CONSTRAINT "FK_b8e4301109a2850200ba2c7c512"`,
    );
    await queryRunner.query(`DROP INDEX "public"."UQ_role_assignment"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_role_assignment_unit"`);
    await queryRunner.query(`DROP TABLE "role_assignment"`);
    await queryRunner.query(`DROP TABLE "system_secret"`);
    await queryRunner.query(`DROP TABLE "staff_credential"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refresh_token_session"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_auth_session_staff_open"`);
    await queryRunner.query(`DROP TABLE "auth_session"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_staff_unit"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_staff_staff_no"`);
    await queryRunner.query(`DROP TABLE "staff"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_org_unit_path"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_org_unit_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_org_unit_parent"`);
    await queryRunner.query(`DROP TABLE "org_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_occurred"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_actor"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_action"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_audit_log_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_unit"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
