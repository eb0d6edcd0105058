import { DataSource, type QueryRunner } from 'typeorm';
import { throwawayDatabase } from '../../bench/support.js';
import { ActivityWardHistory1796141388218 } from '../../migrations/1796141388218-ActivityWardHistory.js';
import { NotificationInbox1796142261923 } from '../../migrations/1796142261923-NotificationInbox.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres.js';

/** Migrations that move existing data: each is run on rows written under the schema before it. One database. */
async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (process.env.TEST_DB_MODE === 'postgres') return throwawayDatabase('medway_backfills');
  const embedded = await startEmbeddedPostgres({});
  return { url: embedded.url, drop: () => embedded.stop() };
}

describe('data backfills in migrations', () => {
  let database: Awaited<ReturnType<typeof emptyDatabase>>;
  let dataSource: DataSource;
  let runner: QueryRunner;
  let applied = 0;
  /** Applies the migrations in order up to (not including) `next`, from where the last call stopped. */
  const migrateUpTo = async (next: (typeof MIGRATIONS)[number] | null) => {
    const end = next ? MIGRATIONS.indexOf(next) : MIGRATIONS.length;
    for (; applied < end; applied += 1) await new MIGRATIONS[applied]().up(runner);
  };
  const sql = (query: string, parameters: unknown[] = []) => runner.query(query, parameters);

  beforeAll(async () => {
    database = await emptyDatabase();
    dataSource = new DataSource({ ...dataSourceOptions({ embedded: false, url: database.url, poolSize: 1, ssl: false }), migrations: [] });
    await dataSource.initialize();
    runner = dataSource.createQueryRunner();
  }, 180_000);
  afterAll(async () => {
    await runner?.release();
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.drop();
  });

  it('ActivityWardHistory: an RDC month takes its deployment\'s ward, any other the camera\'s', async () => {
    await migrateUpTo(ActivityWardHistory1796141388218);
    const [{ id: org }] = await sql(`INSERT INTO organisation (name, kind) VALUES ('Kyndi', 'contractor') RETURNING id`);
    const [{ id: user }] = await sql(
      `INSERT INTO app_user (email, password_hash, role, organisation_id) VALUES ('k@kyndi.example', 'x', 'kyndi_operator', $1) RETURNING id`,
      [org],
    );
    const camera = async (asset: string, kind: string, ward: string | null, address: string) =>
      (
        await sql(
          `INSERT INTO camera (asset_number, name, kind, technology, status, rag, ward_id, address, version)
           VALUES ($1, $1, $2, 'digital', 'operational', 'green', $3, $4, 1) RETURNING id`,
          [asset, kind, ward, address],
        )
      )[0].id as string;
    const fixed = await camera('MC-1', 'fixed', 'luton', 'Luton Road');
    // Back in the store now; in January it was out in Twydall.
    const rdc = await camera('RDC-1', 'rapid_deployment', null, 'RDC store');
    await sql(
      `INSERT INTO camera_deployment (camera_id, address, ward_id, latitude, longitude, deployed_on, reason, status,
         review_due_on, closed_on, version)
       VALUES ($1, 'Twydall Green', 'twydall', 51.37, 0.58, '2024-12-20', 'ASB', 'closed', '2025-03-14', '2025-01-10', 1)`,
      [rdc],
    );
    for (const month of ['2025-01', '2025-02']) {
      const [{ id: importId }] = await sql(
        `INSERT INTO kyndi_import (id, month, month_source, status, file_name, file_type, file_sha256, file_size,
           imported_by_id, imported_by_organisation_id, imported_at, rows, totals, errors, warnings, faults)
         VALUES (gen_random_uuid(), $1, 'parameter', 'committed', 'r.csv', 'csv', 'x', 1, $2, $3, now(), 2, '{}', '[]', '[]', '[]')
         RETURNING id`,
        [month, user, org],
      );
      for (const [cameraId, row] of [[fixed, 2], [rdc, 3]] as const) {
        await sql(
          `INSERT INTO camera_activity (import_id, camera_id, month, incidents, arrests, hits, faults, source_row)
           VALUES ($1, $2, $3, 1, 0, 0, 0, $4)`,
          [importId, cameraId, month, row],
        );
      }
    }

    await migrateUpTo(NotificationInbox1796142261923);
    const rows = await sql(
      `SELECT c.asset_number AS asset, a.month, a.ward_id AS ward, a.address
       FROM camera_activity a JOIN camera c ON c.id = a.camera_id ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { asset: 'MC-1', month: '2025-01', ward: 'luton', address: 'Luton Road' },
      { asset: 'MC-1', month: '2025-02', ward: 'luton', address: 'Luton Road' },
      { asset: 'RDC-1', month: '2025-01', ward: 'twydall', address: 'Twydall Green' },
      { asset: 'RDC-1', month: '2025-02', ward: null, address: 'RDC store' },
    ]);
  }, 180_000);

  it('NotificationInbox: a notification addressed by email goes to the account holding that address', async () => {
    await migrateUpTo(NotificationInbox1796142261923);
    const [{ id: force }] = await sql(`INSERT INTO organisation (name, kind) VALUES ('Kent Police', 'police') RETURNING id`);
    const [{ id: officer }] = await sql(
      `INSERT INTO app_user (email, password_hash, role, organisation_id) VALUES ('pc.one@kent.police.example', 'x', 'police_officer', $1) RETURNING id`,
      [force],
    );
    const notify = (subject: string, email: string | null, role: string | null) =>
      sql(
        `INSERT INTO notification (kind, recipient_email, recipient_role, subject, body, status)
         VALUES ('evidence_request_decided', $1, $2, $3, 'Body', 'kept')`,
        [email, role, subject],
      );
    await notify('to the officer', ' PC.One@Kent.Police.example', null);
    await notify('to a councillor', 'cllr@medway.example', null);
    await notify('to the SPOC', null, 'spoc');

    await migrateUpTo(null);
    expect(await sql('SELECT subject, recipient_user_id AS "user" FROM notification ORDER BY subject')).toEqual([
      { subject: 'to a councillor', user: null },
      { subject: 'to the SPOC', user: null },
      { subject: 'to the officer', user: officer },
    ]);
  }, 180_000);
});
