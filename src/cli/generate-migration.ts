import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options.js';
import { startEmbeddedPostgres } from '../embedded/embedded-postgres.js';

/**
 * npm run migration:generate -- <Name> [--tables=camera,fault]
 * Applies every migration to a fresh in-memory PostgreSQL, compares the result with the entities and writes the
 * difference as migrations/<timestamp>-<Name>.ts for review. Prints nothing to write when they agree.
 * --tables keeps only the statements naming those tables, so work in progress elsewhere stays out.
 */
const name = process.argv[2];
const tablesArgument = process.argv.find((a) => a.startsWith('--tables='));
const tables = tablesArgument ? tablesArgument.slice('--tables='.length).split(',').filter(Boolean) : null;
const concerns = (query: string) => !tables || tables.some((t) => query.includes(`"${t}"`));
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  process.stderr.write('Usage: npm run migration:generate -- <PascalCaseName>\n');
  process.exit(2);
}
const postgres = await startEmbeddedPostgres({});
const dataSource = new DataSource({ ...dataSourceOptions({ embedded: true, url: postgres.url, poolSize: 1, ssl: false }) });
try {
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const log = await dataSource.driver.createSchemaBuilder().log();
  const sql = {
    upQueries: log.upQueries.filter((q) => concerns(q.query)),
    downQueries: log.downQueries.filter((q) => concerns(q.query)),
  };
  if (sql.upQueries.length === 0) {
    process.stdout.write('Entities and migrations agree: nothing to generate\n');
  } else {
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const quote = (query: string) => `    await queryRunner.query(\`${query.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\`);`;
    const file = `migrations/${timestamp}-${name}.ts`;
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map((q) => quote(q.query)).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${[...sql.downQueries].reverse().map((q) => quote(q.query)).join('\n')}
  }
}
`,
    );
    process.stdout.write(`Wrote ${file}; add ${className} to migrations/index.ts\n`);
  }
} finally {
  await dataSource.destroy().catch(() => undefined);
  await postgres.stop();
}
