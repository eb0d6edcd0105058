import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications become an inbox for every user: each names the user it is for (recipient_user_id), and each user's
 * reads are kept in notification_read. Existing notifications addressed by email are given to the account holding
 * that address now (emails are unique and stored lower-case).
 */
export class NotificationInbox1796142261923 implements MigrationInterface {
  name = 'NotificationInbox1796142261923';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "notification_read" ("notification_id" uuid NOT NULL, "user_id" uuid NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fbd2cd09eea11fef350670afcdf" PRIMARY KEY ("notification_id", "user_id"))`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "recipient_user_id" uuid`);
    await queryRunner.query(`UPDATE "notification" n SET "recipient_user_id" = u."id"
      FROM "app_user" u WHERE n."recipient_email" IS NOT NULL AND u."email" = lower(btrim(n."recipient_email"))`);
    await queryRunner.query(`CREATE INDEX "IDX_f0f0c47b7006907b962effc6c4" ON "notification"  ("recipient_role", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_94989e126d2fc27780c50042d1" ON "notification"  ("recipient_user_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "FK_7d7f411e854516f615ba846c6a4" FOREIGN KEY ("recipient_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification_read" ADD CONSTRAINT "FK_d5df1cea370b4e7a986b554a68d" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification_read" ADD CONSTRAINT "FK_c598311479c986a3a6770b0241e" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification_read" DROP CONSTRAINT "FK_c598311479c986a3a6770b0241e"`);
    await queryRunner.query(`ALTER TABLE "notification_read" DROP CONSTRAINT "FK_d5df1cea370b4e7a986b554a68d"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_7d7f411e854516f615ba846c6a4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_94989e126d2fc27780c50042d1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f0f0c47b7006907b962effc6c4"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "recipient_user_id"`);
    await queryRunner.query(`DROP TABLE "notification_read"`);
  }
}
