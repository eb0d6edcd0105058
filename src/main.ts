import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createApp } from './app.factory.js';
import { ConfigurationError, loadConfig } from './config/load-config.js';
import type { AppConfig } from './config/app-config.js';
import { type Credential, DemoDataService } from './demo/demo-data.service.js';
import { type Infrastructure, startInfrastructure } from './embedded/embedded-infrastructure.js';
import { StorageService } from './storage/storage.service.js';

export interface RunningService {
  app: NestFastifyApplication;
  url: string;
  credentials: Credential[];
  /** Things not fit for production that this start uses (the embedded S3 endpoint). */
  warnings: string[];
  stop(): Promise<void>;
}

/** Starts the whole service: embedded parts if configured, migrations, admin and demo data, then HTTP. */
export async function startService(environment: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const infrastructure: Infrastructure = await startInfrastructure(loadConfig(environment));
  const config: AppConfig = infrastructure.config;
  let app: NestFastifyApplication | undefined;
  try {
    app = await createApp(config);
    for (const warning of infrastructure.warnings) new Logger('Startup').warn(warning);
    if (config.s3.createBucket) await app.get(StorageService).ensureBucket();
    const credentials = await app.get(DemoDataService).ensure();
    await app.listen({ port: config.port, host: config.host });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const running = app;
    return {
      app: running,
      url: `http://localhost:${port}`,
      credentials,
      warnings: infrastructure.warnings,
      async stop() {
        await running.close();
        await infrastructure.stop();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await infrastructure.stop();
    throw error;
  }
}

export function banner(service: RunningService, config: AppConfig): string {
  const lines = [
    '',
    `Medway CCTV service listening on ${service.url}`,
    `  API docs:   ${service.url}/docs`,
    `  Database:   ${config.database.embedded ? `embedded PGlite in ${config.dataDir}/pg` : 'PostgreSQL (DATABASE_URL)'}`,
    `  Objects:    ${config.s3.embedded ? `embedded S3 endpoint in ${config.dataDir}/s3 (127.0.0.1 only)` : `S3 bucket ${config.s3.bucket}`}`,
  ];
  for (const warning of service.warnings) lines.push('', `  WARNING: ${warning}`);
  if (service.credentials.length > 0) {
    lines.push('', 'Accounts created on this first start (shown once):');
    for (const c of service.credentials) lines.push(`  ${c.role.padEnd(15)} ${c.email.padEnd(32)} ${c.password}`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  let service: RunningService;
  try {
    service = await startService();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  process.stdout.write(banner(service, loadConfig()));
  const shutdown = async (signal: string) => {
    process.stdout.write(`Received ${signal}, shutting down\n`);
    await service.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().catch((error) => {
    process.stderr.write(`Failed to start: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
