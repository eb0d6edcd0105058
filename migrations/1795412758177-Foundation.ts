import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795412758177 implements MigrationInterface {
  name = 'Foundation1795412758177';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_email" text, "actor_role" text, "organisation_id" uuid, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text, "before" jsonb, "after" jsonb, "request_id" text, "ip" text, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_9ab67a467c6969ee1cf92f2c34" ON "audit_log"  ("occurred_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_43fef0ec7f613c19c612fffe62" ON "audit_log"  ("entity_type", "entity_id") `);
    await queryRunner.query(`CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "kind" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_d9428f9c8e3052d6617e3aab0ed" UNIQUE ("name"), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "job_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "job" text NOT NULL, "slot" text NOT NULL, "trigger" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "outcome" text NOT NULL, "result" jsonb, "error" text, CONSTRAINT "PK_96fe0b041b8bc157dcec25bd8ef" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d093d19d2d492208262cc4fe01" ON "job_run"  ("job", "slot") `);
    await queryRunner.query(`CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text, "password_hash" text NOT NULL, "role" text NOT NULL, "organisation_id" uuid NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "token_version" integer NOT NULL DEFAULT '0', "last_login_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_3fa909d0e37c531ebc23770339" ON "app_user"  ("email") `);
    await queryRunner.query(`ALTER TABLE "app_user" ADD CONSTRAINT "FK_6fa42e978fa7d7adc32736e26fd" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // Append-only tables (audit, custody) refuse UPDATE, DELETE and TRUNCATE whatever the client.
    await queryRunner.query(`CREATE FUNCTION forbid_modification() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$`);
    await queryRunner.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION forbid_modification()`);
    await queryRunner.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION forbid_modification()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_log_no_truncate" ON "audit_log"`);
    await queryRunner.query(`DROP TRIGGER "audit_log_append_only" ON "audit_log"`);
    await queryRunner.query(`DROP FUNCTION forbid_modification()`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "FK_6fa42e978fa7d7adc32736e26fd"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3fa909d0e37c531ebc23770339"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d093d19d2d492208262cc4fe01"`);
    await queryRunner.query(`DROP TABLE "job_run"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_43fef0ec7f613c19c612fffe62"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9ab67a467c6969ee1cf92f2c34"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
