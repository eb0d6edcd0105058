import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-exception.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from './user.entity.js';
import {
  type CreateUserDto,
  type ResetPasswordDto,
  type UpdateUserDto,
  type UserQueryDto,
  type UserResponse,
  toUserResponse,
} from './user.dto.js';

/** Which roles an organisation of each kind may hold: a police officer must belong to a police force. */
const ROLES_BY_KIND: Record<string, string[]> = {
  council: ['admin', 'spoc', 'cst_officer', 'auditor'],
  contractor: ['kyndi_operator'],
  police: ['police_officer'],
};

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  list(query: UserQueryDto): Promise<Page<UserResponse>> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.organisationId) qb.andWhere('u.organisationId = :org', { org: query.organisationId });
    qb.orderBy('u.email', 'ASC').addOrderBy('u.id', 'ASC');
    return paginate(qb, query, toUserResponse);
  }

  async get(id: string): Promise<UserResponse> {
    return toUserResponse(await this.find(id));
  }

  async create(dto: CreateUserDto): Promise<UserResponse> {
    const email = dto.email.toLowerCase();
    const organisation = await this.dataSource.getRepository(Organisation).findOneBy({ id: dto.organisationId });
    if (!organisation) throw badRequest('unknown_organisation', `Organisation ${dto.organisationId} does not exist`);
    if (!ROLES_BY_KIND[organisation.kind].includes(dto.role)) {
      throw badRequest(
        'role_not_allowed_for_organisation',
        `A ${organisation.kind} organisation cannot have users with role ${dto.role}`,
      );
    }
    const users = this.dataSource.getRepository(User);
    if (await users.existsBy({ email })) throw conflict('email_taken', `A user with email ${email} already exists`);
    const user = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(User, {
          email,
          passwordHash: await this.hasher.hash(dto.password),
          role: dto.role,
          organisationId: organisation.id,
          displayName: dto.displayName ?? null,
        }),
      );
      await this.audit.record(
        { action: 'user.create', entityType: 'user', entityId: saved.id, after: toUserResponse(saved) },
        { manager },
      );
      return saved;
    });
    return toUserResponse(user);
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserResponse> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('User', id);
      const before = toUserResponse(user);
      if (dto.role !== undefined && dto.role !== user.role) {
        const organisation = await manager.findOneByOrFail(Organisation, { id: user.organisationId });
        if (!ROLES_BY_KIND[organisation.kind].includes(dto.role)) {
          throw badRequest(
            'role_not_allowed_for_organisation',
            `A ${organisation.kind} organisation cannot have users with role ${dto.role}`,
          );
        }
        user.role = dto.role;
        user.tokenVersion += 1;
      }
      if (dto.disabled !== undefined && dto.disabled !== user.disabled) {
        user.disabled = dto.disabled;
        user.tokenVersion += 1;
      }
      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      const saved = await manager.save(user);
      const after = toUserResponse(saved);
      await this.audit.record({ action: 'user.update', entityType: 'user', entityId: id, before, after }, { manager });
      return after;
    });
  }

  async resetPassword(id: string, dto: ResetPasswordDto): Promise<UserResponse> {
    const passwordHash = await this.hasher.hash(dto.password);
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('User', id);
      user.passwordHash = passwordHash;
      user.tokenVersion += 1;
      const saved = await manager.save(user);
      await this.audit.record({ action: 'user.reset_password', entityType: 'user', entityId: id }, { manager });
      return toUserResponse(saved);
    });
  }

  private async find(id: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw notFound('User', id);
    return user;
  }
}
