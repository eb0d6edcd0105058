import pg from 'pg';

/**
 * A connection to the test database with the rights of its owner (on the embedded default and today on PostgreSQL,
 * the same superuser the app uses). Tests that play an attacker holding the database — rewriting append-only tables,
 * disabling their triggers, deleting log rows — go through this, never through the app's own DataSource, so that
 * they keep working once the app runs as a least-privilege role.
 */
export function databaseOwnerUrl(): string {
  const url = process.env.TEST_DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('The test database is not set up (global-setup sets DATABASE_URL)');
  return url;
}

/** Runs `work` on one owner connection inside a transaction, committed when it resolves. */
export async function asDatabaseOwner<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseOwnerUrl() });
  await client.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Rewrites an append-only table as its owner could: with its user triggers disabled for the statement. */
export function tamperAsOwner(table: string, sql: string, parameters: unknown[] = []): Promise<void> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`Not a table name: ${table}`);
  return asDatabaseOwner(async (client) => {
    await client.query(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
    await client.query(sql, parameters);
    await client.query(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
  });
}
