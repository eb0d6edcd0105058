import 'reflect-metadata';
import { createApp } from '../app.factory.js';
import { loadConfig } from '../config/load-config.js';
import { DemoDataService } from '../demo/demo-data.service.js';
import { startInfrastructure } from '../embedded/embedded-infrastructure.js';
import { StorageService } from '../storage/storage.service.js';

/** npm run seed — idempotently loads the demo organisations, accounts and estate into the configured database. */
const infrastructure = await startInfrastructure({ ...loadConfig(), demoData: true, schedulerEnabled: false });
const app = await createApp(infrastructure.config);
for (const warning of infrastructure.warnings) process.stderr.write(`WARNING: ${warning}\n`);
try {
  if (infrastructure.config.s3.createBucket) await app.get(StorageService).ensureBucket();
  const created = await app.get(DemoDataService).ensure();
  process.stdout.write(`Demo data ensured; ${created.length} accounts created\n`);
  for (const c of created) process.stdout.write(`  ${c.role.padEnd(15)} ${c.email.padEnd(32)} ${c.password}\n`);
} finally {
  await app.close();
  await infrastructure.stop();
}
