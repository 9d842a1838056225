import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ExamKeyCorrections1795748654754 implements MigrationInterface {
  name = 'ExamKeyCorrections1795748654754';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "exam_key_correction" ("exam_id" uuid NOT NULL, "question_id" uuid NOT NULL, "answer" jsonb NOT NULL, "reason" character varying(500) NOT NULL, "corrected_by" uuid NOT NULL, "corrected_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ad7f5dec67665d7f7afc1067adf" PRIMARY KEY ("exam_id", "question_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_key_correction" ADD CONSTRAINT "FK_a06d3586ea050a078ffabb925cb" FOREIGN KEY ("exam_id") REFERENCES "exam"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_key_correction" ADD CONSTRAINT "FK_09c03ca2faf8218cf2554bc9a15" FOREIGN KEY ("question_id") REFERENCES "question"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "exam_key_correction" DROP CONSTRAINT "FK_09c03ca2faf8218cf2554bc9a15"`,
    );
    await queryRunner.query(
      `ALTER TABLE "exam_key_correction" DROP CONSTRAINT "FK_a06d3586ea050a078ffabb925cb"`,
    );
    await queryRunner.query(`DROP TABLE "exam_key_correction"`);
  }
}
