import { afterEach } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Role } from '../../src/auth/role.js';
import { type TestUser, createOrganisation, createUser } from './factories.js';
import { ContractRecorder } from './contract-recorder.js';

const running = new Set<TestApp>();

// Every response a test provoked must match the served OpenAPI document; a mismatch fails that test.
afterEach(() => {
  for (const testApp of running) testApp.contract.assertConforms();
});

/**
 * The real application (Fastify, TypeORM over the wire, S3 over HTTP) booted for a test file. Every response it sends
 * is checked against its own /docs-json (see ContractRecorder): tests cannot pass on a response the document does not
 * describe.
 */
export class TestApp {
  private readonly userCache = new Map<string, TestUser>();

  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
    readonly contract: ContractRecorder,
  ) {}

  static async start(overrides: NodeJS.ProcessEnv = {}): Promise<TestApp> {
    const config = loadConfig({ ...process.env, ...overrides });
    const contract = new ContractRecorder();
    const app = await createApp(config, { instrument: (fastify) => contract.record(fastify) });
    await contract.loadDocument(app);
    const testApp = new TestApp(app, config, contract);
    running.add(testApp);
    return testApp;
  }

  get dataSource(): DataSource {
    return this.app.get<DataSource>(getDataSourceToken());
  }

  http() {
    return request(this.app.getHttpServer());
  }

  /** A logged-in user of `role`, made once per test file and key. Police users get their own force per key. */
  async as(role: Role, key = 'default'): Promise<TestUser> {
    const cacheKey = `${role}:${key}`;
    const cached = this.userCache.get(cacheKey);
    if (cached) return cached;
    const kind = role === 'police_officer' ? 'police' : role === 'kyndi_operator' ? 'contractor' : 'council';
    const organisation = await createOrganisation(this.dataSource, kind, `${kind}-${key}`);
    const user = await createUser(this, { role, organisationId: organisation.id });
    this.userCache.set(cacheKey, user);
    return user;
  }

  async close(): Promise<void> {
    running.delete(this);
    await this.app.close();
    this.contract.assertConforms();
  }
}
