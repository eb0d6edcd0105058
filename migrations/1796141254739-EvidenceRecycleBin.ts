import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EvidenceRecycleBin1796141254739 implements MigrationInterface {
  name = 'EvidenceRecycleBin1796141254739';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence_item" ADD "deletion_due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "evidence_item" ADD "deletion_trigger" text`);
    await queryRunner.query(`CREATE INDEX "IDX_0cbe5087ff9cab88d3bcbd38e4" ON "evidence_item"  ("status", "deletion_due_at") `);
    // Items deleted before the recycle bin existed: why, from their custody entry.
    await queryRunner.query(
      `UPDATE "evidence_item" i SET "deletion_trigger" = c."details"->>'trigger' FROM "custody_event" c ` +
        `WHERE c."chain_id" = i."id" AND c."action" = 'deleted' AND i."status" = 'deleted'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The earlier schema has no recycle bin: its items go back to available (kept), never to deleted.
    await queryRunner.query(`UPDATE "evidence_item" SET "status" = 'available' WHERE "status" = 'pending_deletion'`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0cbe5087ff9cab88d3bcbd38e4"`);
    await queryRunner.query(`ALTER TABLE "evidence_item" DROP COLUMN "deletion_trigger"`);
    await queryRunner.query(`ALTER TABLE "evidence_item" DROP COLUMN "deletion_due_at"`);
  }
}
