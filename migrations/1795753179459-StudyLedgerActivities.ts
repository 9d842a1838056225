import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StudyLedgerActivities1795753179459 implements MigrationInterface {
  name = 'StudyLedgerActivities1795753179459';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "practice_quiz" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_id" uuid NOT NULL, "source" character varying(16) NOT NULL, "law_id" uuid, "scope_label" character varying(300) NOT NULL, "question_count" integer NOT NULL, "answered_count" integer NOT NULL DEFAULT '0', "correct_count" integer NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL DEFAULT 'open', "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_answered_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "credited_minutes" integer, CONSTRAINT "CHK_practice_quiz_counts" CHECK ("question_count" >= 1 AND "answered_count" BETWEEN 0 AND "question_count" AND "correct_count" BETWEEN 0 AND "answered_count"), CONSTRAINT "CHK_practice_quiz_status" CHECK ("status" IN ('open','finished')), CONSTRAINT "CHK_practice_quiz_source" CHECK ("source" IN ('law','wrong_book')), CONSTRAINT "PK_1d64e1c3533b3bd0d985ef094f7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_practice_quiz_staff" ON "practice_quiz"  ("staff_id", "started_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "practice_question" ("quiz_id" uuid NOT NULL, "position" integer NOT NULL, "question_id" uuid NOT NULL, "revision_id" uuid NOT NULL, "type" character varying(20) NOT NULL, "option_order" integer array NOT NULL, "response" jsonb, "correct" boolean, "answered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b2c8fa3f828e802c6b00ad70ec1" PRIMARY KEY ("quiz_id", "position"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_practice_question_question" ON "practice_question"  ("question_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reading_log" ("staff_id" uuid NOT NULL, "day" date NOT NULL, "law_id" uuid NOT NULL, "article_number" integer NOT NULL, "seconds" integer NOT NULL DEFAULT '0', "beats" integer NOT NULL DEFAULT '1', "first_beat_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_beat_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_reading_log_seconds" CHECK ("seconds" >= 0 AND "beats" >= 1), CONSTRAINT "PK_9fe00ef796eb7f80ac9f466c1a6" PRIMARY KEY ("staff_id", "day", "law_id", "article_number"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "wrong_answer_book" ("staff_id" uuid NOT NULL, "question_id" uuid NOT NULL, "in_book" boolean NOT NULL DEFAULT true, "right_streak" integer NOT NULL DEFAULT '0', "wrong_count" integer NOT NULL DEFAULT '1', "first_wrong_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_wrong_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_answered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "cleared_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_wrong_answer_book_counts" CHECK ("wrong_count" >= 1 AND "right_streak" >= 0), CONSTRAINT "PK_3432b9b5758933c57c5c6759ba7" PRIMARY KEY ("staff_id", "question_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_wrong_answer_book_open" ON "wrong_answer_book"  ("staff_id", "last_wrong_at") WHERE "in_book"`,
    );
    await queryRunner.query(
      `ALTER TABLE "practice_quiz" ADD CONSTRAINT "FK_2d21175352c73c03f2dc75ba32e" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practice_quiz" ADD CONSTRAINT "FK_a08ba6679b4a215807c3d4f53a1" FOREIGN KEY ("law_id") REFERENCES "law"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practice_question" ADD CONSTRAINT "FK_c63b9d87b49c9a3435d6dfaaa75" FOREIGN KEY ("quiz_id") REFERENCES "practice_quiz"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practice_question" ADD CONSTRAINT "FK_b2a6d00b6d426fda7f21e9d2d75" FOREIGN KEY ("question_id") REFERENCES "question"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practice_question" ADD CONSTRAINT "FK_11ae09a6cd52aef6dc09b815b5d" FOREIGN KEY ("revision_id") REFERENCES "question_revision"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reading_log" ADD CONSTRAINT "FK_f20782638c7759a040bf6b170d3" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reading_log" ADD CONSTRAINT "FK_6d5daaad3016b1bd857408eb713" FOREIGN KEY ("law_id") REFERENCES "law"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "wrong_answer_book" ADD CONSTRAINT "FK_76ca001adbc382db75d237683e8" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "wrong_answer_book" ADD CONSTRAINT "FK_025343cfb004d1815e53343a63a" FOREIGN KEY ("question_id") REFERENCES "question"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "wrong_answer_book" DROP CONSTRAINT "FK_025343cfb004d1815e53343a63a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "wrong_answer_book" DROP CONSTRAINT "FK_76ca001adbc382db75d237683e8"`,
    );
    await queryRunner.query(
      `ALTER TABLE "reading_log" DROP CONSTRAINT "FK_6d5daaad3016b1bd857408eb713"`,
    );
    await queryRunner.query(
      `ALTER TABLE "reading_log" DROP CONSTRAINT "FK_f20782638c7759a040bf6b170d3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "practice_question" DROP CONSTRAINT "FK_11ae09a6cd52aef6dc09b815b5d"`,
    );
    await queryRunner.query(
      `ALTER TABLE "practice_question" DROP CONSTRAINT "FK_b2a6d00b6d426fda7f21e9d2d75"`,
    );
    await queryRunner.query(
      `ALTER TABLE "practice_question" DROP CONSTRAINT "FK_c63b9d87b49c9a3435d6dfaaa75"`,
    );
    await queryRunner.query(
      `ALTER TABLE "practice_quiz" DROP CONSTRAINT "FK_a08ba6679b4a215807c3d4f53a1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "practice_quiz" DROP CONSTRAINT "FK_2d21175352c73c03f2dc75ba32e"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_wrong_answer_book_open"`);
    await queryRunner.query(`DROP TABLE "wrong_answer_book"`);
    await queryRunner.query(`DROP TABLE "reading_log"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_practice_question_question"`);
    await queryRunner.query(`DROP TABLE "practice_question"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_practice_quiz_staff"`);
    await queryRunner.query(`DROP TABLE "practice_quiz"`);
  }
}
