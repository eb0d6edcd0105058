import type { MigrationInterface, QueryRunner } from 'typeorm';

export class KyndiActivity1795413652679 implements MigrationInterface {
  name = 'KyndiActivity1795413652679';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "kyndi_import" ("id" uuid NOT NULL, "month" text NOT NULL, "month_source" text NOT NULL, "status" text NOT NULL, "file_name" text NOT NULL, "file_type" text NOT NULL, "file_sha256" text NOT NULL, "file_size" integer NOT NULL, "s3_key" text, "s3_version_id" text, "imported_by_id" uuid NOT NULL, "imported_by_organisation_id" uuid NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rows" integer NOT NULL, "totals" jsonb NOT NULL, "stated_totals" jsonb, "errors" jsonb NOT NULL, "warnings" jsonb NOT NULL, "faults" jsonb NOT NULL, "supersedes_id" uuid, "superseded_by_id" uuid, "superseded_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b5a1bdf05d12cd72c2fa0989902" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_kyndi_import_committed_month" ON "kyndi_import"  ("month") WHERE "status" = 'committed'`);
    await queryRunner.query(`CREATE INDEX "IDX_c4f0af3bc5180eff0615979bcc" ON "kyndi_import"  ("imported_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_60de44489ded851ae4258b8a27" ON "kyndi_import"  ("month", "status") `);
    await queryRunner.query(`CREATE TABLE "camera_activity" ("import_id" uuid NOT NULL, "camera_id" uuid NOT NULL, "month" text NOT NULL, "incidents" integer NOT NULL, "arrests" integer NOT NULL, "hits" integer NOT NULL, "faults" integer NOT NULL, "fault_text" text, "source_row" integer NOT NULL, CONSTRAINT "PK_7f7c482c268a6686cbbae3f2a65" PRIMARY KEY ("import_id", "camera_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_4ad40fe119c6a3c3a65cf82e4f" ON "camera_activity"  ("month") `);
    await queryRunner.query(`CREATE INDEX "IDX_658c813bbe1a39536d94ff3dba" ON "camera_activity"  ("camera_id", "month") `);
    await queryRunner.query(`ALTER TABLE "kyndi_import" ADD CONSTRAINT "FK_658486d9943ae1f490f6f838b76" FOREIGN KEY ("imported_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "camera_activity" ADD CONSTRAINT "FK_64ad2d865443600d6c592e23ad2" FOREIGN KEY ("import_id") REFERENCES "kyndi_import"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "camera_activity" ADD CONSTRAINT "FK_32d4382fdd6996d2efc86a7cbe3" FOREIGN KEY ("camera_id") REFERENCES "camera"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "camera_activity" DROP CONSTRAINT "FK_32d4382fdd6996d2efc86a7cbe3"`);
    await queryRunner.query(`ALTER TABLE "camera_activity" DROP CONSTRAINT "FK_64ad2d865443600d6c592e23ad2"`);
    await queryRunner.query(`ALTER TABLE "kyndi_import" DROP CONSTRAINT "FK_658486d9943ae1f490f6f838b76"`);
    await queryRunner.query(`DROP TABLE "camera_activity"`);
    await queryRunner.query(`DROP TABLE "kyndi_import"`);
  }
}
