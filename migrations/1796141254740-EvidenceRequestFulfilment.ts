import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EvidenceRequestFulfilment1796141254740 implements MigrationInterface {
  name = 'EvidenceRequestFulfilment1796141254740';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence_request" ADD "fulfilled_by_id" uuid`);
    await queryRunner.query(`ALTER TABLE "evidence_request" ADD "fulfilment_note" text`);
    await queryRunner.query(`ALTER TABLE "evidence_request" ADD "cameras_without_footage" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence_request" DROP COLUMN "cameras_without_footage"`);
    await queryRunner.query(`ALTER TABLE "evidence_request" DROP COLUMN "fulfilment_note"`);
    await queryRunner.query(`ALTER TABLE "evidence_request" DROP COLUMN "fulfilled_by_id"`);
  }
}
