import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { OrganisationKind } from '../../src/auth/authenticated-user.js';
import { PasswordHasher } from '../../src/auth/password-hasher.js';
import type { Role } from '../../src/auth/role.js';
import { Organisation } from '../../src/organisations/organisation.entity.js';
import { User } from '../../src/users/user.entity.js';
import type { TestApp } from './test-app.js';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  organisationId: string;
  token: string;
  /** `Authorization` header value. */
  auth: string;
}

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Organisations are shared per name within a run, so `as('police_officer', 'kent')` users share a force. */
export async function createOrganisation(
  dataSource: DataSource,
  kind: OrganisationKind,
  name = unique(kind),
): Promise<Organisation> {
  const repository = dataSource.getRepository(Organisation);
  const runScoped = `${name} (${process.env.JEST_WORKER_ID ?? '0'}-${TEST_RUN})`;
  return (
    (await repository.findOneBy({ name: runScoped })) ?? repository.save(repository.create({ name: runScoped, kind }))
  );
}
const TEST_RUN = randomUUID().slice(0, 6);

export async function createUser(
  testApp: TestApp,
  options: { role: Role; organisationId: string; password?: string; disabled?: boolean },
): Promise<TestUser> {
  const email = `${unique(options.role.replace('_', '-'))}@test.example`;
  const password = options.password ?? 'Correct-Horse-9';
  const saved = await testApp.dataSource.getRepository(User).save({
    email,
    passwordHash: await new PasswordHasher().hash(password),
    role: options.role,
    organisationId: options.organisationId,
    disabled: options.disabled ?? false,
  });
  const response = await testApp.http().post('/api/v1/auth/login').send({ email, password });
  const token = response.body.accessToken as string;
  return { id: saved.id, email, password, role: options.role, organisationId: options.organisationId, token, auth: `Bearer ${token}` };
}
