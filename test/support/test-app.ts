import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Role } from '../../src/auth/role.js';
import { type TestUser, createOrganisation, createUser } from './factories.js';

/** The real application (Fastify, TypeORM over the wire, S3 over HTTP) booted for a test file. */
export class TestApp {
  private readonly userCache = new Map<string, TestUser>();

  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
  ) {}

  static async start(overrides: NodeJS.ProcessEnv = {}): Promise<TestApp> {
    const config = loadConfig({ ...process.env, ...overrides });
    return new TestApp(await createApp(config), config);
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
    await this.app.close();
  }
}
