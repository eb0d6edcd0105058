import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { Camera } from '../cameras/camera.entity.js';
import { notFound } from '../common/errors/domain-exception.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { toCsv } from '../common/csv/csv.js';
import { Clock } from '../common/time/clock.js';
import {
  type ImportQueryDto,
  type ImportResponse,
  type ImportSummaryResponse,
  toImportResponse,
  toImportSummary,
} from './kyndi-import.dto.js';
import { KyndiImport } from './kyndi-import.entity.js';
import { addMonths, londonToday } from './month.js';
import { REPORTED_STATUSES } from './parsing/report-checker.js';

/** Reading imports back. Kyndi operators see only the imports their own organisation sent. */
@Injectable()
export class KyndiImportQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  list(query: ImportQueryDto, user: AuthenticatedUser): Promise<Page<ImportSummaryResponse>> {
    const qb = this.dataSource.getRepository(KyndiImport).createQueryBuilder('i');
    if (query.month) qb.andWhere('i.month = :month', { month: query.month });
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    if (user.role === 'kyndi_operator') qb.andWhere('i.importedByOrganisationId = :org', { org: user.organisationId });
    qb.orderBy('i.importedAt', 'DESC').addOrderBy('i.id', 'ASC');
    return paginate(qb, query, toImportSummary);
  }

  async get(id: string, user: AuthenticatedUser): Promise<ImportResponse> {
    const found = await this.dataSource.getRepository(KyndiImport).findOneBy({ id });
    const hidden = found && user.role === 'kyndi_operator' && found.importedByOrganisationId !== user.organisationId;
    if (!found || hidden) throw notFound('Import', id);
    return toImportResponse(found);
  }

  /** A CSV to fill in: one row per camera Kyndi reports on, the month filled in, the figures blank. */
  async template(month = addMonths(londonToday(this.clock.now()).month, -1)): Promise<string> {
    const cameras = await this.dataSource.getRepository(Camera).find({
      select: { assetNumber: true },
      where: { status: In(REPORTED_STATUSES) },
      order: { assetNumber: 'ASC' },
    });
    return toCsv([
      ['Month', 'Camera', 'Incidents', 'Arrests', 'Hits', 'Faults'],
      ...cameras.map((camera) => [month, camera.assetNumber, null, null, null, null]),
    ]);
  }
}
