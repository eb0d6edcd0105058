import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { User } from '../users/user.entity.js';
import type { AuthenticatedUser, OrganisationKind } from './authenticated-user.js';
import type { Role } from './role.js';

interface PrincipalRow {
  id: string;
  email: string;
  role: Role;
  organisation_id: string;
  organisation_kind: OrganisationKind;
  token_version: number;
}

/**
 * Looks up the caller of each request; disabled users are not found, so their tokens stop working at once.
 * Runs on every authenticated request, hence one hand-written indexed query rather than an ORM find.
 */
@Injectable()
export class UserDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findActive(id: string): Promise<{ tokenVersion: number; principal: AuthenticatedUser } | null> {
    const rows: PrincipalRow[] = await this.dataSource.query(
      `SELECT u.id, u.email, u.role, u.organisation_id, u.token_version, o.kind AS organisation_kind
         FROM app_user u JOIN organisation o ON o.id = u.organisation_id
        WHERE u.id = $1 AND NOT u.disabled`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      tokenVersion: row.token_version,
      principal: {
        id: row.id,
        email: row.email,
        role: row.role,
        organisationId: row.organisation_id,
        organisationKind: row.organisation_kind,
      },
    };
  }
}

export function toPrincipal(user: User): AuthenticatedUser {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    organisationId: user.organisationId,
    organisationKind: user.organisation!.kind,
  };
}
