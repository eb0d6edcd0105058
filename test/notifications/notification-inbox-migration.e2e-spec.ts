import { DataSource } from 'typeorm';
import { throwawayDatabase } from '../../bench/support.js';
import { NotificationInbox1796142261923 } from '../../migrations/1796142261923-NotificationInbox.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres.js';

async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (process.env.TEST_DB_MODE === 'postgres') return throwawayDatabase('medway_inbox_backfill');
  const embedded = await startEmbeddedPostgres({});
  return { url: embedded.url, drop: () => embedded.stop() };
}

describe('NotificationInbox migration', () => {
  it('gives each existing notification addressed by email to the account holding that address', async () => {
    const database = await emptyDatabase();
    const dataSource = new DataSource(dataSourceOptions({ embedded: false, url: database.url, poolSize: 1, ssl: false }));
    try {
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      const later = MIGRATIONS.length - MIGRATIONS.indexOf(NotificationInbox1796142261923);
      for (let i = 0; i < later; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });

      const [{ id: force }] = await dataSource.query(`INSERT INTO organisation (name, kind) VALUES ('Kent Police', 'police') RETURNING id`);
      const [{ id: officer }] = await dataSource.query(
        `INSERT INTO app_user (email, password_hash, role, organisation_id) VALUES ('pc.one@kent.police.example', 'x', 'police_officer', $1) RETURNING id`,
        [force],
      );
      const notify = async (subject: string, email: string | null, role: string | null) =>
        dataSource.query(
          `INSERT INTO notification (kind, recipient_email, recipient_role, subject, body, status)
           VALUES ('evidence_request_decided', $1, $2, $3, 'Body', 'kept')`,
          [email, role, subject],
        );
      await notify('to the officer', ' PC.One@Kent.Police.example', null);
      await notify('to a councillor', 'cllr@medway.example', null);
      await notify('to the SPOC', null, 'spoc');

      await dataSource.runMigrations({ transaction: 'each' });
      const rows: { subject: string; user: string | null }[] = await dataSource.query(
        'SELECT subject, recipient_user_id AS "user" FROM notification ORDER BY subject',
      );
      expect(rows).toEqual([
        { subject: 'to a councillor', user: null },
        { subject: 'to the SPOC', user: null },
        { subject: 'to the officer', user: officer },
      ]);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
    }
  });
});
