import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateExams1795747823507 implements MigrationInterface {
  name = 'CreateExams1795747823507';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "exam" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "plan_id" uuid, "parent_exam_id" uuid, "title" character varying(200) NOT NULL, "kind" character varying(16) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'draft', "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_seconds" integer NOT NULL, "pass_mark" numeric(5,2) NOT NULL, "attempts_allowed" integer NOT NULL DEFAULT '1', "score_policy" character varying(16) NOT NULL DEFAULT 'highest', "paper_mode" character varying(16) NOT NULL, "shuffle_questions" boolean NOT NULL DEFAULT false, "shuffle_options" boolean NOT NULL DEFAULT false, "multiple_choice_scoring" character varying(16) NOT NULL DEFAULT 'all_or_nothing', "review_content" character varying(16) NOT NULL DEFAULT 'score_only', "review_timing" character varying(16) NOT NULL DEFAULT 'after_submit', "total_points" numeric(8,2) NOT NULL DEFAULT '0', "audience_unit_ids" uuid array NOT NULL DEFAULT '{}', "audience_staff_ids" uuid array NOT NULL DEFAULT '{}', "published_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_exam_pass_mark" CHECK ("pass_mark" BETWEEN 0 AND 100), CONSTRAINT "CHK_exam_attempts" CHECK ("attempts_allowed" BETWEEN 1 AND 20), CONSTRAINT "CHK_exam_duration" CHECK ("duration_seconds" BETWEEN 60 AND 86400), CONSTRAINT "CHK_exam_window" CHECK ("closes_at" > "opens_at"), CONSTRAINT "CHK_exam_status" CHECK ("status" IN ('draft','published','closed','archived')), CONSTRAINT "CHK_exam_kind" CHECK ("kind" IN ('official','mock','makeup')), CONSTRAINT "PK_56071ab3a94aeac01f1b5ab74aa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_exam_unit" ON "exam"  ("unit_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_exam_plan" ON "exam"  ("plan_id") `);
    await queryRunner.query(
      `CREATE TABLE "exam_attempt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "exam_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "attempt_no" integer NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'in_progress', "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deadline_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "finalised_by" character varying(16), "score" numeric(8,2), "max_score" numeric(8,2) NOT NULL, "passed" boolean, "grading_pending" boolean NOT NULL DEFAULT false, "focus_loss_count" integer NOT NULL DEFAULT '0', CONSTRAINT "CHK_exam_attempt_status" CHECK ("status" IN ('in_progress','finished')), CONSTRAINT "PK_e4d19f6cbcabf7daca04ecdf4e5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_exam_attempt_staff" ON "exam_attempt"  ("staff_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_exam_attempt_due" ON "exam_attempt"  ("deadline_at") WHERE "status" = 'in_progress'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_exam_attempt_open" ON "exam_attempt"  ("exam_id", "staff_id") WHERE "status" = 'in_progress'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_exam_attempt_no" ON "exam_attempt"  ("exam_id", "staff_id", "attempt_no") `,
    );
    await queryRunner.query(
      `CREATE TABLE "attempt_question" ("attempt_id" uuid NOT NULL, "position" integer NOT NULL, "question_id" uuid NOT NULL, "revision_id" uuid NOT NULL, "type" character varying(20) NOT NULL, "points" numeric(6,2) NOT NULL, "option_order" integer array NOT NULL DEFAULT '{}', CONSTRAINT "PK_a9d7f49b3ab1552099ea65198ac" PRIMARY KEY ("attempt_id", "position"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_attempt_question_revision" ON "attempt_question"  ("revision_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "attempt_answer" ("attempt_id" uuid NOT NULL, "position" integer NOT NULL, "response" jsonb NOT NULL, "seq" bigint NOT NULL, "saved_at" TIMESTAMP WITH TIME ZONE NOT NULL, "score" numeric(6,2), "graded_by" uuid, "graded_at" TIMESTAMP WITH TIME ZONE, "feedback" character varying(1000), CONSTRAINT "PK_b33a6f622ae823382d8f3b02aee" PRIMARY KEY ("attempt_id", "position"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "attempt_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "attempt_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "details" jsonb, CONSTRAINT "PK_af6156ea191b85ecc6cd83f3117" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_attempt_event_attempt" ON "attempt_event"  ("attempt_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "exam_extra_time" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "exam_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "seconds" integer NOT NULL, "reason" character varying(500) NOT NULL, "granted_by" uuid NOT NULL, "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_542f1240acd9cb4db2ebf694d18" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_exam_extra_time_exam" ON "exam_extra_time"  ("exam_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "exam_fixed_question" ("exam_id" uuid NOT NULL, "position" integer NOT NULL, "question_id" uuid NOT NULL, "revision_id" uuid, "points" numeric(6,2) NOT NULL, CONSTRAINT "PK_1c230e5469276e66eee01869eaa" PRIMARY KEY ("exam_id", "position"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "exam_blueprint_rule" ("exam_id" uuid NOT NULL, "position" integer NOT NULL, "type" character varying(20) NOT NULL, "count" integer NOT NULL, "points_each" numeric(6,2) NOT NULL, "law_ids" uuid array NOT NULL DEFAULT '{}', "article_from" integer, "article_to" integer, "tags" text array NOT NULL DEFAULT '{}', "difficulty_min" integer NOT NULL DEFAULT '1', "difficulty_max" integer NOT NULL DEFAULT '5', CONSTRAINT "CHK_exam_rule_difficulty" CHECK ("difficulty_min" BETWEEN 1 AND 5 AND "difficulty_max" BETWEEN "difficulty_min" AND 5), CONSTRAINT "CHK_exam_rule_count" CHECK ("count" BETWEEN 1 AND 500), CONSTRAINT "PK_ee894033f9bee8ee18392467721" PRIMARY KEY ("exam_id", "position"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "exam_pool_question" ("exam_id" uuid NOT NULL, "rule_position" integer NOT NULL, "question_id" uuid NOT NULL, "revision_id" uuid NOT NULL, CONSTRAINT "PK_937e7181453405b1bf0a03fd0d0" PRIMARY KEY ("exam_id", "rule_position", "question_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_exam_pool_rule" ON "exam_pool_question"  ("exam_id", "rule_position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "exam_candidate" ("exam_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "extra_seconds" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_6b8b226d751562d5407034a5965" PRIMARY KEY ("exam_id", "staff_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_exam_candidate_staff" ON "exam_candidate"  ("staff_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "exam" ADD CONSTRAINT "FK_ce28d7d20f5fcae614c614873a3" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam" ADD CONSTRAINT "FK_749ee236ffc09889f52f29e43c6" FOREIGN KEY ("plan_id") REFERENCES "study_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam" ADD CONSTRAINT "FK_d21ea1dd4a9de1d83769355301d" FOREIGN KEY ("parent_exam_id") REFERENCES "exam"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_attempt" ADD CONSTRAINT "FK_5563b2040e5e43dad60b767b8f0" FOREIGN KEY ("exam_id") REFERENCES "exam"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_attempt" ADD CONSTRAINT "FK_4c58d4a6da58c67515da7c6c09d" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attempt_question" ADD CONSTRAINT "FK_b53becd502c0a7c287e77c25b72" FOREIGN KEY ("attempt_id") REFERENCES "exam_attempt"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attempt_question" ADD CONSTRAINT "FK_2ff67b8bab6b0a18b40c526967c" FOREIGN KEY ("revision_id") REFERENCES "question_revision"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attempt_answer" ADD CONSTRAINT "FK_cce9ba4bc6f0d60b56acee4be96" FOREIGN KEY ("attempt_id") REFERENCES "exam_attempt"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attempt_event" ADD CONSTRAINT "FK_c6d630e1d54f274a0ab15bc6e21" FOREIGN KEY ("attempt_id") REFERENCES "exam_attempt"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_extra_time" ADD CONSTRAINT "FK_dec0b77b45885d07035d6b34812" FOREIGN KEY ("exam_id") REFERENCES "exam"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_extra_time" ADD CONSTRAINT "FK_3ca534c8d87d95ad88feca1ff5c" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_fixed_question" ADD CONSTRAINT "FK_d87040cd64b5e7fbe91af4a21d0" FOREIGN KEY ("exam_id") REFERENCES "exam"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_fixed_question" ADD CONSTRAINT "FK_ad84960ecadcf1bb3b097e261bc" FOREIGN KEY ("question_id") REFERENCES "question"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_fixed_question" ADD CONSTRAINT "FK_defaad320694ac6aba96ceeb299" FOREIGN KEY ("revision_id") REFERENCES "question_revision"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_blueprint_rule" ADD CONSTRAINT "FK_019df70c05a2af494f7cc14d4d5" FOREIGN KEY ("exam_id") REFERENCES "exam"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_pool_question" ADD CONSTRAINT "FK_86eee3ccce0933c9020ac798406" FOREIGN KEY ("exam_id") REFERENCES "exam"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_pool_question" ADD CONSTRAINT "FK_2d1898295840da6be81042d79b6" FOREIGN KEY ("revision_id") REFERENCES "question_revision"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_candidate" ADD CONSTRAINT "FK_51f2b007f6a9f509e0049d488c8" FOREIGN KEY ("exam_id") REFERENCES "exam"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_candidate" ADD CONSTRAINT "FK_c497c158ea7c93243d53c6de5cf" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "exam_candidate" DROP CONSTRAINT "FK_c497c158ea7c93243d53c6de5cf"`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_candidate" DROP CONSTRAINT "FK_51f2b007f6a9f509e0049d488c8"`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_pool_question" DROP CONSTRAINT "FK_2d1898295840da6be81042d79b6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_pool_question" DROP CONSTRAINT "FK_86eee3ccce0933c9020ac798406"`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_blueprint_rule" DROP CONSTRAINT "FK_019df70c05a2af494f7cc14d4d5"`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_fixed_question" DROP CONSTRAINT "FK_defaad320694ac6aba96ceeb299"`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_fixed_question" DROP CONSTRAINT "FK_ad84960ecadcf1bb3b097e261bc"`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_fixed_question" DROP CONSTRAINT "FK_d87040cd64b5e7fbe91af4a21d0"`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_extra_time" DROP CONSTRAINT "FK_3ca534c8d87d95ad88feca1ff5c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_extra_time" DROP CONSTRAINT "FK_dec0b77b45885d07035d6b34812"`,
    );
    await queryRunner.query(
      `ALTER TABLE "attempt_event" DROP CONSTRAINT "FK_c6d630e1d54f274a0ab15bc6e21"`,
    );
    await queryRunner.query(
      `ALTER TABLE "attempt_answer" DROP CONSTRAINT "FK_cce9ba4bc6f0d60b56acee4be96"`,
    );
    await queryRunner.query(
      `ALTER TABLE "attempt_question" DROP CONSTRAINT "FK_2ff67b8bab6b0a18b40c526967c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "attempt_question" DROP CONSTRAINT "FK_b53becd502c0a7c287e77c25b72"`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_attempt" DROP CONSTRAINT "FK_4c58d4a6da58c67515da7c6c09d"`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_attempt" DROP CONSTRAINT "FK_5563b2040e5e43dad60b767b8f0"`,
    );
    await queryRunner.query(`ALTER TABLE "exam" DROP CONSTRAINT "FK_d21ea1dd4a9de1d83769355301d"`);
    await queryRunner.query(`ALTER TABLE "exam" DROP CONSTRAINT "FK_749ee236ffc09889f52f29e43c6"`);
    await queryRunner.query(`ALTER TABLE "exam" DROP CONSTRAINT "FK_ce28d7d20f5fcae614c614873a3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_exam_candidate_staff"`);
    await queryRunner.query(`DROP TABLE "exam_candidate"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_exam_pool_rule"`);
    await queryRunner.query(`DROP TABLE "exam_pool_question"`);
    await queryRunner.query(`DROP TABLE "exam_blueprint_rule"`);
    await queryRunner.query(`DROP TABLE "exam_fixed_question"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_exam_extra_time_exam"`);
    await queryRunner.query(`DROP TABLE "exam_extra_time"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_attempt_event_attempt"`);
    await queryRunner.query(`DROP TABLE "attempt_event"`);
    await queryRunner.query(`DROP TABLE "attempt_answer"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_attempt_question_revision"`);
    await queryRunner.query(`DROP TABLE "attempt_question"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_exam_attempt_no"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_exam_attempt_open"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_exam_attempt_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_exam_attempt_staff"`);
    await queryRunner.query(`DROP TABLE "exam_attempt"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_exam_plan"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_exam_unit"`);
    await queryRunner.query(`DROP TABLE "exam"`);
  }
}
