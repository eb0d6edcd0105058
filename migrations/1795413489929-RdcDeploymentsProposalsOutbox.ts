import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RdcDeploymentsProposalsOutbox1795413489929 implements MigrationInterface {
  name = 'RdcDeploymentsProposalsOutbox1795413489929';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "deployment_review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deployment_id" uuid NOT NULL, "reviewed_on" date NOT NULL, "outcome" text NOT NULL, "notes" text NOT NULL, "attendees" jsonb NOT NULL DEFAULT '[]', "evidence_considered" jsonb NOT NULL, "extend_weeks" integer, "previous_review_due_on" date NOT NULL, "new_review_due_on" date, "reviewer_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7df527f3c39ec272b4d0a788e2a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_85e6374b6261cceeb798ee15f2" ON "deployment_review"  ("deployment_id", "reviewed_on") `);
    await queryRunner.query(`CREATE TABLE "camera_deployment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "camera_id" uuid NOT NULL, "address" text NOT NULL, "ward_id" text NOT NULL, "latitude" double precision NOT NULL, "longitude" double precision NOT NULL, "deployed_on" date NOT NULL, "reason" text NOT NULL, "crime_types" text array NOT NULL DEFAULT '{}', "requested_by" text, "status" text NOT NULL, "review_due_on" date NOT NULL, "closed_on" date, "closed_reason" text, "outcome" text, "created_by_id" uuid, "is_demo" boolean NOT NULL DEFAULT false, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3f89d0fc4cc5d1ba534bc9d55a1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_9cb850f52264436c3326f466a7" ON "camera_deployment"  ("camera_id", "deployed_on") `);
    await queryRunner.query(`CREATE INDEX "IDX_350ace3071d593f955d0a74d03" ON "camera_deployment"  ("status", "review_due_on") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_camera_deployment_active_camera" ON "camera_deployment"  ("camera_id") WHERE "status" = 'active'`);
    await queryRunner.query(`CREATE TABLE "camera_proposal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" text NOT NULL, "camera_id" uuid, "address" text, "ward_id" text, "latitude" double precision, "longitude" double precision, "proposed_by" text NOT NULL, "proposer_type" text NOT NULL, "proposer_email" text, "rationale" text NOT NULL, "evidence" jsonb NOT NULL, "status" text NOT NULL, "review_started_at" TIMESTAMP WITH TIME ZONE, "review_started_by_id" uuid, "decided_by_id" uuid, "decided_on" date, "decision_rationale" text, "decision_body" text, "created_by_id" uuid, "is_demo" boolean NOT NULL DEFAULT false, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3bd47ca9b83aa5412cc4ec5156f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_5f778b8f04e79944d79caee295" ON "camera_proposal"  ("camera_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_73a45297715b9cae2553abc902" ON "camera_proposal"  ("status", "created_at") `);
    await queryRunner.query(`ALTER TABLE "notification" ADD "attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "last_attempt_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "deployment_review" ADD CONSTRAINT "FK_1606ff2852e3ccb397d910ecb2c" FOREIGN KEY ("deployment_id") REFERENCES "camera_deployment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "deployment_review" ADD CONSTRAINT "FK_2d38da12dfc972ecdc99d21527b" FOREIGN KEY ("reviewer_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "camera_deployment" ADD CONSTRAINT "FK_850b4226851cd571d67d5f1c2ca" FOREIGN KEY ("camera_id") REFERENCES "camera"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "camera_deployment" ADD CONSTRAINT "FK_b9b3c67c55c70d35c5ab7b39a75" FOREIGN KEY ("ward_id") REFERENCES "ward"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "camera_proposal" ADD CONSTRAINT "FK_5f778b8f04e79944d79caee2954" FOREIGN KEY ("camera_id") REFERENCES "camera"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "camera_proposal" ADD CONSTRAINT "FK_b1aaf55d1b203f46d38cfe1299f" FOREIGN KEY ("ward_id") REFERENCES "ward"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "camera_proposal" DROP CONSTRAINT "FK_b1aaf55d1b203f46d38cfe1299f"`);
    await queryRunner.query(`ALTER TABLE "camera_proposal" DROP CONSTRAINT "FK_5f778b8f04e79944d79caee2954"`);
    await queryRunner.query(`ALTER TABLE "camera_deployment" DROP CONSTRAINT "FK_b9b3c67c55c70d35c5ab7b39a75"`);
    await queryRunner.query(`ALTER TABLE "camera_deployment" DROP CONSTRAINT "FK_850b4226851cd571d67d5f1c2ca"`);
    await queryRunner.query(`ALTER TABLE "deployment_review" DROP CONSTRAINT "FK_2d38da12dfc972ecdc99d21527b"`);
    await queryRunner.query(`ALTER TABLE "deployment_review" DROP CONSTRAINT "FK_1606ff2852e3ccb397d910ecb2c"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "last_attempt_at"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "attempts"`);
    await queryRunner.query(`DROP TABLE "camera_proposal"`);
    await queryRunner.query(`DROP TABLE "camera_deployment"`);
    await queryRunner.query(`DROP TABLE "deployment_review"`);
  }
}
