import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCurriculumAndQuestionBank1795746229492 implements MigrationInterface {
  name = 'CreateCurriculumAndQuestionBank1795746229492';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // pg_trgm is a trusted extension (PostgreSQL 13+): substring search of Chinese article text.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE TABLE "law" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(200) NOT NULL, "short_title" character varying(100) NOT NULL, "category" character varying(32) NOT NULL, "issuing_body" character varying(200), "promulgated_on" date, "current_version_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_law_category" CHECK ("category" IN ('constitution','law','administrative_regulation','party_regulation','local_regulation','departmental_rule','other')), CONSTRAINT "PK_5fb9289b907ae88d7f382e76793" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_law_title" ON "law"  ("title") `);
    await queryRunner.query(
      `CREATE TABLE "law_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "law_id" uuid NOT NULL, "version_no" integer NOT NULL, "label" character varying(200) NOT NULL, "effective_date" date, "source" character varying(300) NOT NULL, "events" jsonb NOT NULL, "content_hash" character(64) NOT NULL, "article_count" integer NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "imported_by" uuid, CONSTRAINT "PK_e2cebc7561dfe648f53750ce0ca" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_law_version_content" ON "law_version"  ("law_id", "content_hash") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_law_version_no" ON "law_version"  ("law_id", "version_no") `,
    );
    await queryRunner.query(
      `CREATE TABLE "law_node" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version_id" uuid NOT NULL, "parent_id" uuid, "level" character varying(16) NOT NULL, "number" integer, "label" character varying(32) NOT NULL, "title" character varying(200) NOT NULL, "key" character varying(200) NOT NULL, "paragraphs" text array NOT NULL DEFAULT '{}', "sort_order" integer NOT NULL, "first_article" integer, "last_article" integer, CONSTRAINT "CHK_law_node_level" CHECK ("level" IN ('part','subpart','chapter','section')), CONSTRAINT "PK_dec1720d18db8842a6934d936b2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_law_node_key" ON "law_node"  ("version_id", "key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "law_article" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version_id" uuid NOT NULL, "node_id" uuid, "number" integer NOT NULL, "label" character varying(32) NOT NULL, "text" text NOT NULL, "content_hash" character(64) NOT NULL, CONSTRAINT "PK_701953bbad75344bf1a6c54c9b5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_law_article_node" ON "law_article"  ("node_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_law_article_number" ON "law_article"  ("version_id", "number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "study_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "year" integer NOT NULL, "title" character varying(200) NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "required_hours" numeric(6,1) NOT NULL, "participation_target" numeric(5,2) NOT NULL DEFAULT '100', "exam_target" numeric(5,2) NOT NULL DEFAULT '100', "pass_target" numeric(5,2) NOT NULL DEFAULT '100', "pass_mark" numeric(5,2) NOT NULL DEFAULT '60', "status" character varying(16) NOT NULL DEFAULT 'draft', "list_published_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_study_plan_targets" CHECK ("participation_target" BETWEEN 0 AND 100 AND "exam_target" BETWEEN 0 AND 100 AND "pass_target" BETWEEN 0 AND 100 AND "pass_mark" BETWEEN 0 AND 100 AND "required_hours" >= 0), CONSTRAINT "CHK_study_plan_status" CHECK ("status" IN ('draft','active','closed')), CONSTRAINT "CHK_study_plan_period" CHECK ("period_end" >= "period_start"), CONSTRAINT "PK_84eb801564e9457f18336c567ed" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_study_plan_unit" ON "study_plan"  ("unit_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_study_plan_unit_year" ON "study_plan"  ("unit_id", "year") `,
    );
    await queryRunner.query(
      `CREATE TABLE "plan_required_law" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "law_id" uuid NOT NULL, "node_keys" text array NOT NULL DEFAULT '{}', "articles" integer array NOT NULL DEFAULT '{}', "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_76c7024ba7b982d174231667233" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_plan_required_law" ON "plan_required_law"  ("plan_id", "law_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "responsibility_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "law_id" uuid, "topic" character varying(200) NOT NULL, "activity" character varying(500) NOT NULL, "owner" character varying(100) NOT NULL, "deadline" date, "status" character varying(16) NOT NULL DEFAULT 'planned', "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "CHK_responsibility_item_status" CHECK ("status" IN ('planned','in_progress','done')), CONSTRAINT "PK_e4b395036bf9edbfdf470c736f0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "question" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(40) NOT NULL, "type" character varying(20) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'draft', "difficulty" integer NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "stem_normalized" text NOT NULL, "needs_review" boolean NOT NULL DEFAULT false, "review_reason" character varying(500), "current_revision_id" uuid, "current_revision_no" integer NOT NULL DEFAULT '0', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_question_difficulty" CHECK ("difficulty" BETWEEN 1 AND 5), CONSTRAINT "CHK_question_status" CHECK ("status" IN ('draft','active','retired')), CONSTRAINT "CHK_question_type" CHECK ("type" IN ('single_choice','multiple_choice','true_false','fill_blank','short_answer')), CONSTRAINT "PK_21e5786aa0ea704ae185a79b2d5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_question_code" ON "question"  ("code") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_question_stem_norm" ON "question"  ("stem_normalized") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_question_pool" ON "question"  ("status", "needs_review", "type", "difficulty") `,
    );
    await queryRunner.query(
      `CREATE TABLE "question_revision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "question_id" uuid NOT NULL, "revision_no" integer NOT NULL, "type" character varying(20) NOT NULL, "stem" text NOT NULL, "options" jsonb NOT NULL, "answer" jsonb NOT NULL, "keywords" jsonb NOT NULL DEFAULT '[]', "explanation" text NOT NULL, "difficulty" integer NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "evidence" character varying(200), "content_hash" character(64) NOT NULL, "change_note" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid, CONSTRAINT "PK_b046ff9da49aed74f692477ba32" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_question_revision_no" ON "question_revision"  ("question_id", "revision_no") `,
    );
    await queryRunner.query(
      `CREATE TABLE "question_reference" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "revision_id" uuid NOT NULL, "law_id" uuid NOT NULL, "law_version_id" uuid, "article_number" integer NOT NULL, CONSTRAINT "PK_558acccac8c4b77c02e7d40d0ce" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_question_reference_law" ON "question_reference"  ("law_id", "article_number") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_question_reference_article" ON "question_reference"  ("law_version_id", "article_number") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_question_reference" ON "question_reference"  ("revision_id", "law_version_id", "article_number") `,
    );
    await queryRunner.query(
      `ALTER TABLE "law_version" ADD CONSTRAINT "FK_91f8e805754ef1cb7711a595fa8" FOREIGN KEY ("law_id") REFERENCES "law"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "law_node" ADD CONSTRAINT "FK_7ad1aa22ec5c6fa8afb0672cf3c" FOREIGN KEY ("version_id") REFERENCES "law_version"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "law_node" ADD CONSTRAINT "FK_f6319ddcf47a096f0cf97821f66" FOREIGN KEY ("parent_id") REFERENCES "law_node"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "law_article" ADD CONSTRAINT "FK_4c758081c6e4c7d369f19c5b79a" FOREIGN KEY ("version_id") REFERENCES "law_version"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "law_article" ADD CONSTRAINT "FK_698b88193c482058347751801cd" FOREIGN KEY ("node_id") REFERENCES "law_node"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_plan" ADD CONSTRAINT "FK_561976120b9593f2d8224a87e7e" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_required_law" ADD CONSTRAINT "FK_4f1f32095fe50a5ab0ef3abce2d" FOREIGN KEY ("plan_id") REFERENCES "study_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_required_law" ADD CONSTRAINT "FK_800918ff433b925d0af4f1f5cfd" FOREIGN KEY ("law_id") REFERENCES "law"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "responsibility_item" ADD CONSTRAINT "FK_e21a2a3a2a83a130a2beae5b8e8" FOREIGN KEY ("plan_id") REFERENCES "study_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "responsibility_item" ADD CONSTRAINT "FK_c2b333ae957682881f2b820fc3d" FOREIGN KEY ("law_id") REFERENCES "law"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "question_revision" ADD CONSTRAINT "FK_5c9141042817e342692a001db46" FOREIGN KEY ("question_id") REFERENCES "question"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "question_reference" ADD CONSTRAINT "FK_e2f8329fecc67ccecb522babfb9" FOREIGN KEY ("revision_id") REFERENCES "question_revision"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "question_reference" ADD CONSTRAINT "FK_23cd98179ef82fadfe9f0d073cf" FOREIGN KEY ("law_id") REFERENCES "law"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "question_reference" ADD CONSTRAINT "FK_b6ccab17e27a3e5bd1ca2bb68fd" FOREIGN KEY ("law_version_id") REFERENCES "law_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_law_article_text_trgm" ON "law_article" USING gin ("text" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_question_stem_trgm" ON "question" USING gin ("stem_normalized" gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_question_stem_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_law_article_text_trgm"`);
    await queryRunner.query(
      `ALTER TABLE "question_reference" DROP CONSTRAINT "FK_b6ccab17e27a3e5bd1ca2bb68fd"`,
    );
    await queryRunner.query(
      `ALTER TABLE "question_reference" DROP CONSTRAINT "FK_23cd98179ef82fadfe9f0d073cf"`,
    );
    await queryRunner.query(
      `ALTER TABLE "question_reference" DROP CONSTRAINT "FK_e2f8329fecc67ccecb522babfb9"`,
    );
    await queryRunner.query(
      `ALTER TABLE "question_revision" DROP CONSTRAINT "FK_5c9141042817e342692a001db46"`,
    );
    await queryRunner.query(
      `ALTER TABLE "responsibility_item" DROP CONSTRAINT "FK_c2b333ae957682881f2b820fc3d"`,
    );
    await queryRunner.query(
      `ALTER TABLE "responsibility_item" DROP CONSTRAINT "FK_e21a2a3a2a83a130a2beae5b8e8"`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_required_law" DROP CONSTRAINT "FK_800918ff433b925d0af4f1f5cfd"`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_required_law" DROP CONSTRAINT "FK_4f1f32095fe50a5ab0ef3abce2d"`,
    );
    await queryRunner.query(
      `ALTER TABLE "study_plan" DROP CONSTRAINT "FK_561976120b9593f2d8224a87e7e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "law_article" DROP CONSTRAINT "FK_698b88193c482058347751801cd"`,
    );
    await queryRunner.query(
      `ALTER TABLE "law_article" DROP CONSTRAINT "FK_4c758081c6e4c7d369f19c5b79a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "law_node" DROP CONSTRAINT "FK_f6319ddcf47a096f0cf97821f66"`,
    );
    await queryRunner.query(
      `ALTER TABLE "law_node" DROP CONSTRAINT "FK_7ad1aa22ec5c6fa8afb0672cf3c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "law_version" DROP CONSTRAINT "FK_91f8e805754ef1cb7711a595fa8"`,
    );
    await queryRunner.query(`DROP INDEX "public"."UQ_question_reference"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_question_reference_article"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_question_reference_law"`);
    await queryRunner.query(`DROP TABLE "question_reference"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_question_revision_no"`);
    await queryRunner.query(`DROP TABLE "question_revision"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_question_pool"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_question_stem_norm"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_question_code"`);
    await queryRunner.query(`DROP TABLE "question"`);
    await queryRunner.query(`DROP TABLE "responsibility_item"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_plan_required_law"`);
    await queryRunner.query(`DROP TABLE "plan_required_law"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_study_plan_unit_year"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_study_plan_unit"`);
    await queryRunner.query(`DROP TABLE "study_plan"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_law_article_number"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_law_article_node"`);
    await queryRunner.query(`DROP TABLE "law_article"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_law_node_key"`);
    await queryRunner.query(`DROP TABLE "law_node"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_law_version_no"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_law_version_content"`);
    await queryRunner.query(`DROP TABLE "law_version"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_law_title"`);
    await queryRunner.query(`DROP TABLE "law"`);
  }
}
