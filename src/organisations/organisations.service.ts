import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { conflict } from '../common/errors/domain-exception.js';
import { type Page, type PageQueryDto, paginate } from '../common/pagination/page.js';
import { Organisation } from './organisation.entity.js';
import { type CreateOrganisationDto, type OrganisationResponse, toOrganisationResponse } from './organisation.dto.js';

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(query: PageQueryDto): Promise<Page<OrganisationResponse>> {
    const qb = this.dataSource
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .orderBy('o.name', 'ASC')
      .addOrderBy('o.id', 'ASC');
    return paginate(qb, query, toOrganisationResponse);
  }

  async create(dto: CreateOrganisationDto): Promise<OrganisationResponse> {
    const name = dto.name.trim();
    return this.dataSource.transaction(async (manager) => {
      const clash = await manager
        .getRepository(Organisation)
        .createQueryBuilder('o')
        .where('lower(o.name) = lower(:name)', { name })
        .getExists();
      if (clash) throw conflict('organisation_exists', `An organisation named ${name} already exists`);
      const saved = await manager.save(manager.create(Organisation, { name, kind: dto.kind }));
      const response = toOrganisationResponse(saved);
      await this.audit.record(
        { action: 'organisation.create', entityType: 'organisation', entityId: saved.id, after: response },
        { manager },
      );
      return response;
    });
  }
}
