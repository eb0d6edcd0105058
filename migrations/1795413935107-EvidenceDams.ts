import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EvidenceDams1795413935107 implements MigrationInterface {
  name = 'EvidenceDams1795413935107';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "evidence_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "crime_reference" text NOT NULL, "offence_type" text NOT NULL, "camera_ids" uuid array NOT NULL DEFAULT '{}', "location_description" text, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "window_end" TIMESTAMP WITH TIME ZONE NOT NULL, "purpose" text NOT NULL, "lawful_basis" text NOT NULL, "urgency" text NOT NULL, "status" text NOT NULL, "may_be_overwritten" boolean NOT NULL, "requested_by_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "decision_approved" boolean, "decided_by_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_reason" text, "fulfilled_at" TIMESTAMP WITH TIME ZONE, "closed_by_id" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, "close_reason" text, "custody_sequence" integer NOT NULL DEFAULT '0', "custody_head_hash" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1ea0993000a918e27aed0fc62d9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_dc73e26cc3f500387060eb2bcd" ON "evidence_request"  ("status", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_14fe0894b4edac62dfbb1d40ef" ON "evidence_request"  ("organisation_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "evidence_item" ("id" uuid NOT NULL, "request_id" uuid NOT NULL, "exhibit_reference" text NOT NULL, "part_number" integer NOT NULL DEFAULT '1', "kind" text NOT NULL, "description" text, "camera_id" uuid, "recorded_from" TIMESTAMP WITH TIME ZONE, "recorded_to" TIMESTAMP WITH TIME ZONE, "recorder_clock_offset_seconds" integer NOT NULL DEFAULT '0', "export_tool" text NOT NULL, "operator_name" text NOT NULL, "original_file_name" text NOT NULL, "content_type" text NOT NULL, "status" text NOT NULL, "failure_reason" text, "storage_key" text NOT NULL, "storage_version_id" text, "size_bytes" bigint, "sha256" text, "upload_attempts" integer NOT NULL DEFAULT '0', "upload_started_at" TIMESTAMP WITH TIME ZONE, "uploaded_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid NOT NULL, "retain_until" TIMESTAMP WITH TIME ZONE, "retain_until_case_closed" boolean NOT NULL DEFAULT false, "legal_hold" boolean NOT NULL DEFAULT false, "legal_hold_reason" text, "deleted_at" TIMESTAMP WITH TIME ZONE, "deletion_reason" text, "last_verified_at" TIMESTAMP WITH TIME ZONE, "last_verification_ok" boolean, "custody_sequence" integer NOT NULL DEFAULT '0', "custody_head_hash" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_713a8fb860346eb2a9cb6dd5842" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_94d1f8633595046c685b15b55b" ON "evidence_item"  ("storage_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_57b92b3340e217914d748b74ce" ON "evidence_item"  ("created_by_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_7afda618150c154737f5d68146" ON "evidence_item"  ("status", "retain_until") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6a4145d9b8fe67b23014232541" ON "evidence_item"  ("request_id", "exhibit_reference", "part_number") `);
    await queryRunner.query(`CREATE TABLE "custody_event" ("id" BIGSERIAL NOT NULL, "chain_id" uuid NOT NULL, "sequence" integer NOT NULL, "request_id" uuid NOT NULL, "item_id" uuid, "action" text NOT NULL, "actor_id" uuid, "actor_email" text NOT NULL, "actor_role" text NOT NULL, "organisation_id" uuid, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "details" jsonb NOT NULL DEFAULT '{}', "correlation_id" text, "client_ip" text, "previous_hash" text, "hash" text NOT NULL, CONSTRAINT "PK_da6996199f63fb40fa47ef3e85d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_de7185c777857d647d04c1e154" ON "custody_event"  ("request_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_acdf7077913e9dbb65e0bf1c1b" ON "custody_event"  ("chain_id", "sequence") `);
    await queryRunner.query(`CREATE TABLE "evidence_request_share" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "user_id" uuid NOT NULL, "shared_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_99415fe83efd1caf7a743d53d7e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_bec01af203530c9a209b56e7b5" ON "evidence_request_share"  ("request_id", "user_id") `);
    await queryRunner.query(`ALTER TABLE "evidence_request" ADD CONSTRAINT "FK_78156b1230675c01c91894e2112" FOREIGN KEY ("requested_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_request" ADD CONSTRAINT "FK_73844e1c5060de2669a827a414c" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_item" ADD CONSTRAINT "FK_32fea354da2ff363f4bfca62b0b" FOREIGN KEY ("request_id") REFERENCES "evidence_request"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_item" ADD CONSTRAINT "FK_de7cc7f8540fd8a4985769ab444" FOREIGN KEY ("camera_id") REFERENCES "camera"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_item" ADD CONSTRAINT "FK_57b92b3340e217914d748b74cec" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "custody_event" ADD CONSTRAINT "FK_de7185c777857d647d04c1e154a" FOREIGN KEY ("request_id") REFERENCES "evidence_request"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "custody_event" ADD CONSTRAINT "FK_af22d83ba866133d884e633a5ed" FOREIGN KEY ("item_id") REFERENCES "evidence_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_request_share" ADD CONSTRAINT "FK_378ff5abc02baf1f7eb262d1add" FOREIGN KEY ("request_id") REFERENCES "evidence_request"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_request_share" ADD CONSTRAINT "FK_9ebf4043456da4311ef96409425" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // The chain of custody is append-only whatever the client: UPDATE, DELETE and TRUNCATE are refused.
    await queryRunner.query(`CREATE TRIGGER custody_event_append_only BEFORE UPDATE OR DELETE ON "custody_event" FOR EACH ROW EXECUTE FUNCTION forbid_modification()`);
    await queryRunner.query(`CREATE TRIGGER custody_event_no_truncate BEFORE TRUNCATE ON "custody_event" FOR EACH STATEMENT EXECUTE FUNCTION forbid_modification()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "custody_event_no_truncate" ON "custody_event"`);
    await queryRunner.query(`DROP TRIGGER "custody_event_append_only" ON "custody_event"`);
    await queryRunner.query(`ALTER TABLE "evidence_request_share" DROP CONSTRAINT "FK_9ebf4043456da4311ef96409425"`);
    await queryRunner.query(`ALTER TABLE "evidence_request_share" DROP CONSTRAINT "FK_378ff5abc02baf1f7eb262d1add"`);
    await queryRunner.query(`ALTER TABLE "custody_event" DROP CONSTRAINT "FK_af22d83ba866133d884e633a5ed"`);
    await queryRunner.query(`ALTER TABLE "custody_event" DROP CONSTRAINT "FK_de7185c777857d647d04c1e154a"`);
    await queryRunner.query(`ALTER TABLE "evidence_item" DROP CONSTRAINT "FK_57b92b3340e217914d748b74cec"`);
    await queryRunner.query(`ALTER TABLE "evidence_item" DROP CONSTRAINT "FK_de7cc7f8540fd8a4985769ab444"`);
    await queryRunner.query(`ALTER TABLE "evidence_item" DROP CONSTRAINT "FK_32fea354da2ff363f4bfca62b0b"`);
    await queryRunner.query(`ALTER TABLE "evidence_request" DROP CONSTRAINT "FK_73844e1c5060de2669a827a414c"`);
    await queryRunner.query(`ALTER TABLE "evidence_request" DROP CONSTRAINT "FK_78156b1230675c01c91894e2112"`);
    await queryRunner.query(`DROP TABLE "evidence_request_share"`);
    await queryRunner.query(`DROP TABLE "custody_event"`);
    await queryRunner.query(`DROP TABLE "evidence_item"`);
    await queryRunner.query(`DROP TABLE "evidence_request"`);
  }
}
