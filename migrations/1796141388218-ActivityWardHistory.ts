import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each activity row records the ward (and address) the camera stood in for its month, so that moving a camera or
 * returning an RDC to the pool no longer moves its past months in the reports.
 *
 * Backfill of the rows imported before this: for a month an RDC spent (partly) on a deployment, the deployment's ward
 * and address (the latest deployment overlapping the month), which the deployment history still records exactly;
 * otherwise the camera's current ward and address. An earlier ward of a fixed camera that has since been moved
 * cannot be recovered better from the schema, so its old months follow its present ward, as they did before.
 */
export class ActivityWardHistory1796141388218 implements MigrationInterface {
  name = 'ActivityWardHistory1796141388218';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "camera_activity" ADD "ward_id" text`);
    await queryRunner.query(`ALTER TABLE "camera_activity" ADD "address" text`);
    await queryRunner.query(`WITH "placed" AS (
        SELECT a."import_id", a."camera_id",
          coalesce(d."ward_id", c."ward_id") AS "ward_id", coalesce(d."address", c."address") AS "address"
        FROM "camera_activity" a
        JOIN "camera" c ON c."id" = a."camera_id"
        LEFT JOIN LATERAL (
          SELECT d."ward_id", d."address" FROM "camera_deployment" d
          WHERE d."camera_id" = a."camera_id"
            AND d."deployed_on" < (a."month" || '-01')::date + interval '1 month'
            AND (d."closed_on" IS NULL OR d."closed_on" >= (a."month" || '-01')::date)
          ORDER BY d."deployed_on" DESC, d."created_at" DESC
          LIMIT 1) d ON true)
      UPDATE "camera_activity" a SET "ward_id" = p."ward_id", "address" = p."address"
      FROM "placed" p WHERE p."import_id" = a."import_id" AND p."camera_id" = a."camera_id"`);
    await queryRunner.query(`CREATE INDEX "IDX_1ad77dcf81be0cf0a2c05a467d" ON "camera_activity"  ("ward_id", "month") `);
    await queryRunner.query(`ALTER TABLE "camera_activity" ADD CONSTRAINT "FK_53010814a5c2ab7692ec2af37a9" FOREIGN KEY ("ward_id") REFERENCES "ward"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "camera_activity" DROP CONSTRAINT "FK_53010814a5c2ab7692ec2af37a9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1ad77dcf81be0cf0a2c05a467d"`);
    await queryRunner.query(`ALTER TABLE "camera_activity" DROP COLUMN "address"`);
    await queryRunner.query(`ALTER TABLE "camera_activity" DROP COLUMN "ward_id"`);
  }
}
