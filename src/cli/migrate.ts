import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { startInfrastructure } from '../embedded/embedded-infrastructure.js';

/** npm run migration:run — applies pending migrations to the configured database (the service also does on start). */
const infrastructure = await startInfrastructure(loadConfig());
const dataSource = new DataSource(dataSourceOptions(infrastructure.config.database));
try {
  await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  process.stdout.write(
    applied.length ? `Applied ${applied.map((m) => m.name).join(', ')}\n` : 'No pending migrations\n',
  );
} finally {
  await dataSource.destroy().catch(() => undefined);
  await infrastructure.stop();
}
