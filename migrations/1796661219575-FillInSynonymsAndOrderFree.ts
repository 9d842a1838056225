import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fill-in questions: more accepted answers per blank (synonyms) and blanks that may be
 * answered in any order. Existing revisions have neither.
 */
export class FillInSynonymsAndOrderFree1796661219575 implements MigrationInterface {
  name = 'FillInSynonymsAndOrderFree1796661219575';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "question_revision" ADD "synonyms" jsonb NOT NULL DEFAULT '[]'`,
    );
    await queryRunner.query(
      `ALTER TABLE "question_revision" ADD "order_free" boolean NOT NULL DEFAULT false`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "question_revision" DROP COLUMN "order_free"`);
    await queryRunner.query(`ALTER TABLE "question_revision" DROP COLUMN "synonyms"`);
  }
}
