import { DataSource } from 'typeorm';
import { throwawayDatabase } from '../../bench/support.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres.js';

/** An empty database of the same kind the suite runs on: a new database on the server, or a new in-memory PGlite. */
async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (process.env.TEST_DB_MODE === 'postgres') return throwawayDatabase('medway_migrations');
  const embedded = await startEmbeddedPostgres({});
  return { url: embedded.url, drop: () => embedded.stop() };
}

const schemaObjects = async (dataSource: DataSource) => {
  const rows: { kind: string; name: string }[] = await dataSource.query(
    `SELECT 'table' AS kind, table_name AS name FROM information_schema.tables WHERE table_schema = 'public'
     UNION ALL SELECT 'type', t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public' AND t.typtype = 'e'
     UNION ALL SELECT 'function', p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = 'public' AND p.prokind = 'f' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
     ORDER BY 1, 2`,
  );
  return rows.map((r) => `${r.kind} ${r.name}`);
};

describe('migrations', () => {
  it('apply on an empty database, revert one by one to nothing (every down() works), and apply again', async () => {
    const database = await emptyDatabase();
    const dataSource = new DataSource(dataSourceOptions({ embedded: false, url: database.url, poolSize: 1, ssl: false }));
    try {
      await dataSource.initialize();
      expect((await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
      const applied = await schemaObjects(dataSource);
      expect(applied).toEqual(expect.arrayContaining(['table camera', 'table evidence_item', 'table audit_log', 'table schema_migration']));

      for (let i = 0; i < MIGRATIONS.length; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await dataSource.showMigrations()).toBe(true);
      expect(await schemaObjects(dataSource)).toEqual(['table schema_migration']);

      await dataSource.runMigrations({ transaction: 'each' });
      expect(await schemaObjects(dataSource)).toEqual(applied);
      expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
    }
  });
});
