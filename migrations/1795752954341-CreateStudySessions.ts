import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStudySessions1795752954341 implements MigrationInterface {
  name = 'CreateStudySessions1795752954341';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "study_session_series" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "frequency" character varying(16) NOT NULL, "interval" integer NOT NULL, "count" integer NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1f139632e4164b91774095f0c06" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "study_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "type" character varying(24) NOT NULL, "topic" character varying(200) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "place" character varying(200), "online_url" character varying(500), "organiser" character varying(100) NOT NULL, "credited_hours" numeric(4,2) NOT NULL, "required" boolean NOT NULL DEFAULT true, "invite_unit_ids" uuid array NOT NULL DEFAULT '{}', "invite_party_only" boolean NOT NULL DEFAULT false, "invite_staff_ids" uuid array NOT NULL DEFAULT '{}', "reminder_offsets_minutes" integer array NOT NULL DEFAULT '{1440,60}', "reminders_sent" integer array NOT NULL DEFAULT '{}', "status" character varying(16) NOT NULL DEFAULT 'scheduled', "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" character varying(500), "series_id" uuid, "minutes" text, "checkin_secret" character varying(64), "invitees_fixed_at" TIMESTAMP WITH TIME ZONE, "attendance_closed_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_study_session_status" CHECK ("status" IN ('scheduled','cancelled')), CONSTRAINT "CHK_study_session_hours" CHECK ("credited_hours" >= 0 AND "credited_hours" <= 24), CONSTRAINT "CHK_study_session_time" CHECK ("ends_at" > "starts_at"), CONSTRAINT "PK_d09225f8e9d2b6682e3b13c46e0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_study_session_start" ON "study_session"  ("starts_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_study_session_unit_start" ON "study_session"  ("unit_id", "starts_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "study_session_law" ("session_id" uuid NOT NULL, "law_id" uuid NOT NULL, "article_number" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_4760baa3d25a48060486d0dde43" PRIMARY KEY ("session_id", "law_id", "article_number"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "study_session_invitee" ("session_id" uuid NOT NULL, "staff_id" uuid NOT NULL, CONSTRAINT "PK_9bf879ec585a874df2ac398cb1b" PRIMARY KEY ("session_id", "staff_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_study_session_invitee_staff" ON "study_session_invitee"  ("staff_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "study_session_attendance" ("session_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "source" character varying(16) NOT NULL, "checked_in_at" TIMESTAMP WITH TIME ZONE, "marked_by" uuid, "marked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" character varying(500), CONSTRAINT "CHK_study_session_attendance_status" CHECK ("status" IN ('present','late','excused','absent')), CONSTRAINT "PK_4df542e7d4dac158841ec3fb02c" PRIMARY KEY ("session_id", "staff_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "study_session_leave" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "reason" character varying(500) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_eded001823509753b2b48094de4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_study_session_leave" ON "study_session_leave"  ("session_id", "staff_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "study_session_material" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "file_name" character varying(255) NOT NULL, "mime_type" character varying(100) NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "uploaded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1db50ff1df6ab41b374c59d6531" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_study_session_material_session" ON "study_session_material"  ("session_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "study_session_makeup" ("session_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "quiz" jsonb NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "materials_read_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7711587b2491761273f8de2e6cb" PRIMARY KEY ("session_id", "staff_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "calendar_token" ("staff_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e98adfef62c40080a4e6d31c1cc" PRIMARY KEY ("staff_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_calendar_token_hash" ON "calendar_token"  ("token_hash") `,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session" ADD CONSTRAINT "FK_ed119998df089cd800d4ea1ee22" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session" ADD CONSTRAINT "FK_1f139632e4164b91774095f0c06" FOREIGN KEY ("series_id") REFERENCES "study_session_series"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_law" ADD CONSTRAINT "FK_b236fc6cebb69b2211d4f9913c8" FOREIGN KEY ("session_id") REFERENCES "study_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_law" ADD CONSTRAINT "FK_55cae90c5bf13b29d46878e73a6" FOREIGN KEY ("law_id") REFERENCES "law"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_invitee" ADD CONSTRAINT "FK_3cb4b98c652f0e4af02a0327da1" FOREIGN KEY ("session_id") REFERENCES "study_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_invitee" ADD CONSTRAINT "FK_145d38d0607170fd6f0eb5fe85e" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_attendance" ADD CONSTRAINT "FK_7b5584dab8bae446fd5193e7ec6" FOREIGN KEY ("session_id") REFERENCES "study_session"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_attendance" ADD CONSTRAINT "FK_8134e2ffa4fde00f6a0542d290e" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_leave" ADD CONSTRAINT "FK_f76124240741cde1ccad346ea9a" FOREIGN KEY ("session_id") REFERENCES "study_session"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_leave" ADD CONSTRAINT "FK_71cb1f443cebe2c198dc574b4c9" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_material" ADD CONSTRAINT "FK_3060da0304607afa3efc49e41d8" FOREIGN KEY ("session_id") REFERENCES "study_session"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_makeup" ADD CONSTRAINT "FK_4dd3b2058e63d3639e1c292b6d1" FOREIGN KEY ("session_id") REFERENCES "study_session"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_makeup" ADD CONSTRAINT "FK_7eb9e7d2534214d3e4c0020be2b" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "calendar_token" ADD CONSTRAINT "FK_e98adfef62c40080a4e6d31c1cc" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "calendar_token" DROP CONSTRAINT "FK_e98adfef62c40080a4e6d31c1cc"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_makeup" DROP CONSTRAINT "FK_7eb9e7d2534214d3e4c0020be2b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_makeup" DROP CONSTRAINT "FK_4dd3b2058e63d3639e1c292b6d1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_material" DROP CONSTRAINT "FK_3060da0304607afa3efc49e41d8"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_leave" DROP CONSTRAINT "FK_71cb1f443cebe2c198dc574b4c9"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_leave" DROP CONSTRAINT "FK_f76124240741cde1ccad346ea9a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_attendance" DROP CONSTRAINT "FK_8134e2ffa4fde00f6a0542d290e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_attendance" DROP CONSTRAINT "FK_7b5584dab8bae446fd5193e7ec6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_invitee" DROP CONSTRAINT "FK_145d38d0607170fd6f0eb5fe85e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_invitee" DROP CONSTRAINT "FK_3cb4b98c652f0e4af02a0327da1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_law" DROP CONSTRAINT "FK_55cae90c5bf13b29d46878e73a6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session_law" DROP CONSTRAINT "FK_b236fc6cebb69b2211d4f9913c8"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session" DROP CONSTRAINT "FK_1f139632e4164b91774095f0c06"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_session" DROP CONSTRAINT "FK_ed119998df089cd800d4ea1ee22"`,
    );
    await queryRunner.query(`DROP INDEX "public"."UQ_calendar_token_hash"`);
    await queryRunner.query(`DROP TABLE "calendar_token"`);
    await queryRunner.query(`DROP TABLE "study_session_makeup"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_study_session_material_session"`);
    await queryRunner.query(`DROP TABLE "study_session_material"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_study_session_leave"`);
    await queryRunner.query(`DROP TABLE "study_session_leave"`);
    await queryRunner.query(`DROP TABLE "study_session_attendance"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_study_session_invitee_staff"`);
    await queryRunner.query(`DROP TABLE "study_session_invitee"`);
    await queryRunner.query(`DROP TABLE "study_session_law"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_study_session_unit_start"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_study_session_start"`);
    await queryRunner.query(`DROP TABLE "study_session"`);
    await queryRunner.query(`DROP TABLE "study_session_series"`);
  }
}
