import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { RequestContexts } from '../common/http/request-context.js';
import { User } from '../users/user.entity.js';

/** A demo account as the services see a signed-in caller, or null when it does not exist. */
export async function demoPrincipal(dataSource: DataSource, email: string): Promise<AuthenticatedUser | null> {
  const user = await dataSource.getRepository(User).findOne({ where: { email }, relations: { organisation: true } });
  if (!user?.organisation) return null;
  return { id: user.id, email: user.email, role: user.role, organisationId: user.organisationId, organisationKind: user.organisation.kind };
}

/** Runs `work` as `user`, so that audit entries and custody records name them as for a real request. */
export function asDemoUser<T>(user: AuthenticatedUser, work: () => Promise<T>): Promise<T> {
  return RequestContexts.run({ requestId: 'demo-data', user, auditRecorded: false }, work);
}
