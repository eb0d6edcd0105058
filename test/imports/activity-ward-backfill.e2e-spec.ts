import { DataSource } from 'typeorm';
import { throwawayDatabase } from '../../bench/support.js';
import { ActivityWardHistory1796141388218 } from '../../migrations/1796141388218-ActivityWardHistory.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres.js';

async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (process.env.TEST_DB_MODE === 'postgres') return throwawayDatabase('medway_ward_backfill');
  const embedded = await startEmbeddedPostgres({});
  return { url: embedded.url, drop: () => embedded.stop() };
}


describe('ActivityWardHistory migration', () => {
  it('backfills each existing row with its deployment ward for an RDC month, else the camera\'s ward', async () => {
    const database = await emptyDatabase();
    const dataSource = new DataSource(dataSourceOptions({ embedded: false, url: database.url, poolSize: 1, ssl: false }));
    try {
      // The schema as it was just before this migration (one connection: the embedded database is a single session).
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      const later = MIGRATIONS.length - MIGRATIONS.indexOf(ActivityWardHistory1796141388218);
      for (let i = 0; i < later; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });

      const [{ id: org }] = await dataSource.query(`INSERT INTO organisation (name, kind) VALUES ('Kyndi', 'contractor') RETURNING id`);
      const [{ id: user }] = await dataSource.query(
        `INSERT INTO app_user (email, password_hash, role, organisation_id) VALUES ('k@kyndi.example', 'x', 'kyndi_operator', $1) RETURNING id`,
        [org],
      );
      const camera = async (asset: string, kind: string, ward: string | null, address: string) =>
        (
          await dataSource.query(
            `INSERT INTO camera (asset_number, name, kind, technology, status, rag, ward_id, address, version)
             VALUES ($1, $1, $2, 'digital', 'operational', 'green', $3, $4, 1) RETURNING id`,
            [asset, kind, ward, address],
          )
        )[0].id as string;
      const fixed = await camera('MC-1', 'fixed', 'luton', 'Luton Road');
      // Back in the store now; in January it was out in Twydall.
      const rdc = await camera('RDC-1', 'rapid_deployment', null, 'RDC store');
      await dataSource.query(
        `INSERT INTO camera_deployment (camera_id, address, ward_id, latitude, longitude, deployed_on, reason, status,
           review_due_on, closed_on, version)
         VALUES ($1, 'Twydall Green', 'twydall', 51.37, 0.58, '2024-12-20', 'ASB', 'closed', '2025-03-14', '2025-01-10', 1)`,
        [rdc],
      );
      for (const month of ['2025-01', '2025-02']) {
        const [{ id: importId }] = await dataSource.query(
          `INSERT INTO kyndi_import (id, month, month_source, status, file_name, file_type, file_sha256, file_size,
             imported_by_id, imported_by_organisation_id, imported_at, rows, totals, errors, warnings, faults)
           VALUES (gen_random_uuid(), $1, 'parameter', 'committed', 'r.csv', 'csv', 'x', 1, $2, $3, now(), 2, '{}', '[]', '[]', '[]')
           RETURNING id`,
          [month, user, org],
        );
        for (const [cameraId, row] of [[fixed, 2], [rdc, 3]] as const) {
          await dataSource.query(
            `INSERT INTO camera_activity (import_id, camera_id, month, incidents, arrests, hits, faults, source_row)
             VALUES ($1, $2, $3, 1, 0, 0, 0, $4)`,
            [importId, cameraId, month, row],
          );
        }
      }

      await dataSource.runMigrations({ transaction: 'each' });
      const rows: { asset: string; month: string; ward: string | null; address: string | null }[] = await dataSource.query(
        `SELECT c.asset_number AS asset, a.month, a.ward_id AS ward, a.address
         FROM camera_activity a JOIN camera c ON c.id = a.camera_id ORDER BY 1, 2`,
      );
      expect(rows).toEqual([
        { asset: 'MC-1', month: '2025-01', ward: 'luton', address: 'Luton Road' },
        { asset: 'MC-1', month: '2025-02', ward: 'luton', address: 'Luton Road' },
        { asset: 'RDC-1', month: '2025-01', ward: 'twydall', address: 'Twydall Green' },
        { asset: 'RDC-1', month: '2025-02', ward: null, address: 'RDC store' },
      ]);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
    }
  });
});
