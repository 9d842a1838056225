import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A closed plan also keeps what its required people studied (laws, court hearings), so its
 * report stays as it was when claims are approved later. Older snapshots keep null.
 */
export class FreezeStudiedWithSnapshots1795770491552 implements MigrationInterface {
  name = 'FreezeStudiedWithSnapshots1795770491552';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plan_snapshot" ADD "studied" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plan_snapshot" DROP COLUMN "studied"`);
  }
}
