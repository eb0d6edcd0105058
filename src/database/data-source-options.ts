import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { AppConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';

/** One definition of the connection, used by the app, the CLI scripts and the test setup alike. */
export function dataSourceOptions(database: AppConfig['database']): DataSourceOptions {
  return {
    type: 'postgres',
    url: database.url,
    ssl: database.ssl ? { rejectUnauthorized: true } : false,
    poolSize: database.poolSize,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    migrationsRun: false,
    synchronize: false,
    uuidExtension: 'pgcrypto',
    applicationName: 'medway-cctv',
    extra: { connectionTimeoutMillis: 10_000 },
  };
}
