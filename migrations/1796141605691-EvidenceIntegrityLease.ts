import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EvidenceIntegrityLease1796141605691 implements MigrationInterface {
  name = 'EvidenceIntegrityLease1796141605691';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence_item" ADD "upload_lease_expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "evidence_item" ADD "integrity_failure" jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence_item" DROP COLUMN "integrity_failure"`);
    await queryRunner.query(`ALTER TABLE "evidence_item" DROP COLUMN "upload_lease_expires_at"`);
  }
}
