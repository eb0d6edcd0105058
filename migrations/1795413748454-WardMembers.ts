import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WardMembers1795413748454 implements MigrationInterface {
  name = 'WardMembers1795413748454';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "ward_member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ward_id" text NOT NULL, "name" text NOT NULL, "email" text NOT NULL, "is_demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c178a94f0d893937fd49c9e64e5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ce4ebec56cd06e836bd7095b46" ON "ward_member"  ("ward_id", "email") `);
    await queryRunner.query(`ALTER TABLE "ward_member" ADD CONSTRAINT "FK_a386561f7d98eb282df28b4a592" FOREIGN KEY ("ward_id") REFERENCES "ward"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ward_member" DROP CONSTRAINT "FK_a386561f7d98eb282df28b4a592"`);
    await queryRunner.query(`DROP TABLE "ward_member"`);
  }
}
