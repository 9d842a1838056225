import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotifications1795753016019 implements MigrationInterface {
  name = 'CreateNotifications1795753016019';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_id" uuid NOT NULL, "kind" character varying(40) NOT NULL, "title" character varying(200) NOT NULL, "body" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "dedup_key" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_notification_unread" ON "notification"  ("staff_id", "created_at") WHERE "read_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_notification_inbox" ON "notification"  ("staff_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_notification_dedup" ON "notification"  ("staff_id", "dedup_key") `,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "FK_bca28cbe8cc5f48daeb3a6e79c6" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notification" DROP CONSTRAINT "FK_bca28cbe8cc5f48daeb3a6e79c6"`,
    );
    await queryRunner.query(`DROP INDEX "public"."UQ_notification_dedup"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notification_inbox"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notification_unread"`);
    await queryRunner.query(`DROP TABLE "notification"`);
  }
}
