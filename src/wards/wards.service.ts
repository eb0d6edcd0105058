import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-exception.js';
import { type Page, type PageQueryDto, paginate } from '../common/pagination/page.js';
import { WardMember } from './ward-member.entity.js';
import { Ward } from './ward.entity.js';
import {
  type CreateWardMemberDto,
  type WardMemberResponse,
  type WardResponse,
  toWardMemberResponse,
  toWardResponse,
} from './wards.dto.js';

@Injectable()
export class WardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(query: PageQueryDto): Promise<Page<WardResponse>> {
    const qb = this.dataSource.getRepository(Ward).createQueryBuilder('w').orderBy('w.name', 'ASC').addOrderBy('w.id', 'ASC');
    return paginate(qb, query, toWardResponse);
  }

  /** `withEmail`: councillors' names are public, their addresses are for council staff and auditors. */
  async members(wardId: string, query: PageQueryDto, withEmail: boolean): Promise<Page<WardMemberResponse>> {
    if (!(await this.dataSource.getRepository(Ward).existsBy({ id: wardId }))) throw notFound('Ward', wardId);
    const qb = this.dataSource
      .getRepository(WardMember)
      .createQueryBuilder('m')
      .where('m.wardId = :wardId', { wardId })
      .orderBy('m.name', 'ASC')
      .addOrderBy('m.id', 'ASC');
    return paginate(qb, query, (member) => ({ ...toWardMemberResponse(member), email: withEmail ? member.email : null }));
  }

  async addMember(wardId: string, dto: CreateWardMemberDto): Promise<WardMemberResponse> {
    const email = dto.email.trim().toLowerCase();
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(Ward, { id: wardId }))) throw notFound('Ward', wardId);
      if (await manager.existsBy(WardMember, { wardId, email })) {
        throw conflict('ward_member_exists', `${email} is already a member for ward ${wardId}`);
      }
      const saved = await manager.save(manager.create(WardMember, { wardId, name: dto.name.trim(), email }));
      const response = toWardMemberResponse(saved);
      await this.audit.record(
        { action: 'ward_member.create', entityType: 'ward_member', entityId: saved.id, after: response },
        { manager },
      );
      return response;
    });
  }

  /** The ward's councillors, to notify about decisions affecting cameras there. Use inside the caller's transaction. */
  membersOf(manager: EntityManager, wardId: string): Promise<WardMember[]> {
    return manager.find(WardMember, { where: { wardId }, order: { name: 'ASC', id: 'ASC' } });
  }

  /** The ward with this id, or a 400 `unknown_ward` (for request bodies that name a ward). */
  async requireWard(manager: EntityManager, wardId: string): Promise<Ward> {
    const ward = await manager.findOneBy(Ward, { id: wardId });
    if (!ward) throw badRequest('unknown_ward', `There is no ward ${wardId}; GET /api/v1/wards lists them`);
    return ward;
  }

  /** All wards by id; there are only two dozen, so callers map ids to names without joins. */
  async namesById(manager: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    const wards = await manager.find(Ward);
    return new Map(wards.map((w) => [w.id, w.name]));
  }
}
