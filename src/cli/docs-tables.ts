import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.factory.js';
import { renderReadmeSections, writeSections } from '../common/openapi/readme-tables.js';
import { loadConfig } from '../config/load-config.js';
import { startInfrastructure } from '../embedded/embedded-infrastructure.js';

/**
 * npm run docs:tables [-- --check] — regenerates the README's generated sections (who may call each route, from the
 * @Auth declarations via the OpenAPI document; the error codes, from ERROR_CODES). Boots the app on a throwaway
 * embedded database, whatever the environment says, so it touches no real data. --check only reports a difference.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const check = process.argv.includes('--check');
const readmePath = join(process.cwd(), 'README.md');
const dataDir = mkdtempSync(join(tmpdir(), 'medway-docs-'));
const environment = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_DATA: 'false', SCHEDULER_ENABLED: 'false' };
const infrastructure = await startInfrastructure(loadConfig(environment));
let exitCode = 0;
try {
  const app = await createApp(infrastructure.config);
  const served = await app.inject({ method: 'GET', url: '/docs-json' });
  await app.close();
  const rendered = renderReadmeSections(JSON.parse(served.body));
  const current = readFileSync(readmePath, 'utf8');
  const written = writeSections(current, rendered.sections);
  const problems = [...rendered.problems, ...written.problems];
  if (problems.length > 0) {
    process.stderr.write(`The README tables cannot be generated:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    exitCode = 1;
  } else if (written.readme === current) {
    process.stdout.write('README.md generated sections are up to date\n');
  } else if (check) {
    process.stderr.write('README.md generated sections are out of date: run npm run docs:tables\n');
    exitCode = 1;
  } else {
    writeFileSync(readmePath, written.readme);
    process.stdout.write('README.md generated sections rewritten\n');
  }
} finally {
  await infrastructure.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
