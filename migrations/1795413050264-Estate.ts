import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Estate1795413050264 implements MigrationInterface {
  name = 'Estate1795413050264';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "ward" ("id" text NOT NULL, "name" text NOT NULL, "councillors" integer NOT NULL, CONSTRAINT "UQ_904bdd49be3c9c9a4451208ca81" UNIQUE ("name"), CONSTRAINT "PK_e6725fa4a50e449c4352d2230e1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "camera" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "asset_number" text NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "technology" text NOT NULL, "status" text NOT NULL, "rag" text NOT NULL, "address" text, "ward_id" text, "latitude" double precision, "longitude" double precision, "purpose" text, "notes" text, "installed_on" date, "make" text, "model" text, "monitored_by_id" uuid, "dpia_reference" text, "tags" text array NOT NULL DEFAULT '{}', "is_demo" boolean NOT NULL DEFAULT false, "decommissioned_on" date, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3e6992bc5e67b9f9a6f95a5fe6f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d1fc23930f1eddc7ac157cefba" ON "camera"  ("asset_number") `);
    await queryRunner.query(`CREATE INDEX "IDX_179bbba4abed69ad103ee9e17c" ON "camera"  ("ward_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_56a072a1de4180e34c0650c3a3" ON "camera"  ("kind", "status") `);
    await queryRunner.query(`CREATE TABLE "fault" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "camera_id" uuid NOT NULL, "category" text NOT NULL, "description" text NOT NULL, "priority" text NOT NULL, "status" text NOT NULL, "source" text NOT NULL, "import_id" uuid, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reported_by_id" uuid, "work_started_at" TIMESTAMP WITH TIME ZONE, "fixed_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "close_reason" text, "resolution" text, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_491064e4de7cedcebff7206547b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_3e466ad1c78090167af82787ed" ON "fault"  ("status", "reported_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_2b01f379bae4d4fa0d028c638a" ON "fault"  ("camera_id", "status") `);
    await queryRunner.query(`CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "recipient_email" text, "recipient_name" text, "recipient_role" text, "subject" text NOT NULL, "body" text NOT NULL, "related_entity_type" text, "related_entity_id" text, "dedupe_key" text, "status" text NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8b41f32437aec238b01da560ad" ON "notification"  ("kind", "dedupe_key") WHERE "dedupe_key" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_29cd33d0780344db630c91dcf0" ON "notification"  ("status", "created_at") `);
    await queryRunner.query(`ALTER TABLE "camera" ADD CONSTRAINT "FK_179bbba4abed69ad103ee9e17c0" FOREIGN KEY ("ward_id") REFERENCES "ward"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "camera" ADD CONSTRAINT "FK_9e19a7c3e872ad4bb72eeb85049" FOREIGN KEY ("monitored_by_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "fault" ADD CONSTRAINT "FK_050f567ce6462c9b1c51e023db1" FOREIGN KEY ("camera_id") REFERENCES "camera"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // Medway Council wards, 2023 boundaries (24 wards, 59 councillors).
    await queryRunner.query(`INSERT INTO "ward" ("id", "name", "councillors") VALUES
        ('all-saints', 'All Saints', 2),
        ('chatham-central-and-brompton', 'Chatham Central & Brompton', 3),
        ('cuxton-halling-and-riverside', 'Cuxton, Halling & Riverside', 2),
        ('fort-horsted', 'Fort Horsted', 2),
        ('fort-pitt', 'Fort Pitt', 2),
        ('gillingham-north', 'Gillingham North', 3),
        ('gillingham-south', 'Gillingham South', 3),
        ('hempstead-and-wigmore', 'Hempstead & Wigmore', 2),
        ('hoo-st-werburgh-and-high-halstow', 'Hoo St Werburgh & High Halstow', 3),
        ('lordswood-and-walderslade', 'Lordswood & Walderslade', 3),
        ('luton', 'Luton', 2),
        ('princes-park', 'Princes Park', 2),
        ('rainham-north', 'Rainham North', 2),
        ('rainham-south-east', 'Rainham South East', 2),
        ('rainham-south-west', 'Rainham South West', 3),
        ('rochester-east-and-warren-wood', 'Rochester East & Warren Wood', 3),
        ('rochester-west-and-borstal', 'Rochester West & Borstal', 3),
        ('st-marys-island', 'St Mary''s Island', 1),
        ('strood-north-and-frindsbury', 'Strood North & Frindsbury', 3),
        ('strood-rural', 'Strood Rural', 3),
        ('strood-west', 'Strood West', 3),
        ('twydall', 'Twydall', 3),
        ('watling', 'Watling', 2),
        ('wayfield-and-weeds-wood', 'Wayfield & Weeds Wood', 2)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fault" DROP CONSTRAINT "FK_050f567ce6462c9b1c51e023db1"`);
    await queryRunner.query(`ALTER TABLE "camera" DROP CONSTRAINT "FK_9e19a7c3e872ad4bb72eeb85049"`);
    await queryRunner.query(`ALTER TABLE "camera" DROP CONSTRAINT "FK_179bbba4abed69ad103ee9e17c0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_29cd33d0780344db630c91dcf0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8b41f32437aec238b01da560ad"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2b01f379bae4d4fa0d028c638a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3e466ad1c78090167af82787ed"`);
    await queryRunner.query(`DROP TABLE "fault"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_56a072a1de4180e34c0650c3a3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_179bbba4abed69ad103ee9e17c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d1fc23930f1eddc7ac157cefba"`);
    await queryRunner.query(`DROP TABLE "camera"`);
    await queryRunner.query(`DROP TABLE "ward"`);
  }
}
