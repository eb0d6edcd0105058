import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, In, type SelectQueryBuilder } from 'typeorm';
import { AuditLog } from '../audit/audit-log.entity.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { COUNCIL_ROLES } from '../auth/role.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-exception.js';
import { assertCurrentVersion } from '../common/errors/stale-version.js';
import { type Page, type PageQueryDto, paginate } from '../common/pagination/page.js';
import { Clock } from '../common/time/clock.js';
import { Fault } from '../faults/fault.entity.js';
import { OPEN_FAULT_STATUSES } from '../faults/fault.enums.js';
import { recentCameraActivity } from '../imports/camera-monthly-activity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { WardsService } from '../wards/wards.service.js';
import { coordinateProblem, normaliseAssetNumber } from './camera-rules.js';
import { type CameraChanges, CameraStateService, toDomainException } from './camera-state.service.js';
import { toCameraHistoryEntry } from './camera-history.js';
import { Camera } from './camera.entity.js';
import { camerasCsv } from './camera-csv.js';
import { openFaultCounts } from './open-fault-counts.js';
import {
  type CameraDetailResponse,
  type CameraFilterDto,
  type CameraHistoryEntry,
  type CameraResponse,
  type CameraSort,
  type CameraSummaryResponse,
  type CreateCameraDto,
  type UpdateCameraDto,
  toCameraResponse,
} from './camera.dto.js';
import { CAMERA_KINDS, CAMERA_STATUSES, CAMERA_TECHNOLOGIES, RAG_RATINGS } from './camera.enums.js';

const SORT_COLUMNS: Record<CameraSort, string> = {
  assetNumber: 'c.assetNumber',
  name: 'c.name',
  status: 'c.status',
  // Most urgent first when ascending.
  rag: "CASE c.rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 ELSE 2 END",
  ward: 'c.wardId',
  installedOn: 'c.installedOn',
  kind: 'c.kind',
  updatedAt: 'c.updatedAt',
};
const NULLABLE_SORTS = new Set<CameraSort>(['ward', 'installedOn']);

@Injectable()
export class CamerasService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly wards: WardsService,
    private readonly state: CameraStateService,
    private readonly clock: Clock,
  ) {}

  async list(filter: CameraFilterDto): Promise<Page<CameraResponse>> {
    const wardNames = await this.wards.namesById();
    return paginate(this.filtered(filter), filter, (camera) => toCameraResponse(camera, wardNames));
  }

  /** Every camera the filter matches (no paging), in the list's order, as spreadsheet-safe CSV named after today. */
  async exportCsv(filter: CameraFilterDto): Promise<{ fileName: string; csv: string }> {
    const manager = this.dataSource.manager;
    const cameras = await this.filtered(filter).getMany();
    const organisationIds = [...new Set(cameras.map((c) => c.monitoredById).filter((id): id is string => !!id))];
    const organisations = organisationIds.length ? await manager.findBy(Organisation, { id: In(organisationIds) }) : [];
    const csv = camerasCsv(cameras, {
      wardNames: await this.wards.namesById(manager),
      organisations: new Map(organisations.map((o) => [o.id, o.name])),
      openFaults: await openFaultCounts(manager, cameras.map((c) => c.id)),
    });
    return { fileName: `cameras-${this.clock.today()}.csv`, csv };
  }

  async get(id: string): Promise<CameraDetailResponse> {
    return this.detail(this.dataSource.manager, await this.find(this.dataSource.manager, id));
  }

  async create(dto: CreateCameraDto): Promise<CameraDetailResponse> {
    const assetNumber = normaliseAssetNumber(dto.assetNumber);
    return this.dataSource.transaction(async (manager) => {
      await this.checkReferences(manager, dto);
      const problem = coordinateProblem(dto.latitude, dto.longitude);
      if (problem) throw toDomainException(problem);
      await this.ensureAssetNumberFree(manager, assetNumber);
      const camera = await this.state.create(manager, {
        ...toChanges(dto),
        assetNumber,
        name: dto.name.trim(),
        kind: dto.kind,
        technology: dto.technology,
      });
      return this.detail(manager, camera);
    });
  }

  async update(id: string, dto: UpdateCameraDto): Promise<CameraDetailResponse> {
    return this.dataSource.transaction(async (manager) => {
      const camera = await manager.findOne(Camera, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!camera) throw notFound('Camera', id);
      assertCurrentVersion(`Camera ${camera.assetNumber}`, dto.version, camera.version);
      await this.checkReferences(manager, dto);
      if ((dto.latitude === undefined) !== (dto.longitude === undefined)) {
        throw toDomainException({ field: 'latitude', code: 'incomplete_coordinates', message: 'Give both latitude and longitude, or neither', status: 400 });
      }
      const coordinates = coordinateProblem(dto.latitude, dto.longitude);
      if (coordinates) throw toDomainException(coordinates);
      const changes = toChanges(dto);
      if (dto.assetNumber !== undefined) {
        changes.assetNumber = normaliseAssetNumber(dto.assetNumber);
        if (changes.assetNumber !== camera.assetNumber) await this.ensureAssetNumberFree(manager, changes.assetNumber);
      }
      return this.detail(manager, await this.state.edit(manager, camera, changes));
    });
  }

  /** Council staff and auditors see who made each change; other roles see what changed, when, and the role. */
  async history(id: string, page: PageQueryDto, reader: AuthenticatedUser): Promise<Page<CameraHistoryEntry>> {
    await this.find(this.dataSource.manager, id);
    const showPeople = COUNCIL_ROLES.includes(reader.role);
    const qb = this.dataSource
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .where('a.entityType = :type AND a.entityId = :id', { type: 'camera', id })
      .orderBy('a.id', 'DESC');
    return paginate(qb, page, (row) => toCameraHistoryEntry(row, showPeople));
  }

  /** Counts of the estate. Decommissioned cameras appear only in byStatus and `decommissioned`, not in the rest. */
  async summary(): Promise<CameraSummaryResponse> {
    const rows: { kind: string; status: string; technology: string; rag: string; ward: string | null; n: string }[] =
      await this.dataSource
        .getRepository(Camera)
        .createQueryBuilder('c')
        .select(['c.kind AS kind', 'c.status AS status', 'c.technology AS technology', 'c.rag AS rag', 'c.wardId AS ward'])
        .addSelect('count(*)', 'n')
        .groupBy('c.kind')
        .addGroupBy('c.status')
        .addGroupBy('c.technology')
        .addGroupBy('c.rag')
        .addGroupBy('c.wardId')
        .getRawMany();
    const zeros = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;
    const wardIds = [...(await this.wards.namesById()).keys()].sort();
    const summary = {
      byKind: zeros(CAMERA_KINDS),
      byStatus: zeros(CAMERA_STATUSES),
      byTechnology: zeros(CAMERA_TECHNOLOGIES),
      byWard: zeros([...wardIds, 'unassigned']),
      byRag: zeros(RAG_RATINGS),
      total: 0,
      decommissioned: 0,
    };
    for (const row of rows) {
      const n = Number(row.n);
      summary.byStatus[row.status] = (summary.byStatus[row.status] ?? 0) + n;
      if (row.status === 'decommissioned') {
        summary.decommissioned += n;
        continue;
      }
      summary.byKind[row.kind] = (summary.byKind[row.kind] ?? 0) + n;
      summary.byTechnology[row.technology] = (summary.byTechnology[row.technology] ?? 0) + n;
      summary.byRag[row.rag] = (summary.byRag[row.rag] ?? 0) + n;
      const ward = row.ward ?? 'unassigned';
      summary.byWard[ward] = (summary.byWard[ward] ?? 0) + n;
      summary.total += n;
    }
    return summary as CameraSummaryResponse;
  }

  openFaultCount(manager: EntityManager, cameraId: string): Promise<number> {
    return manager.countBy(Fault, { cameraId, status: In(OPEN_FAULT_STATUSES) });
  }

  private filtered(filter: CameraFilterDto): SelectQueryBuilder<Camera> {
    const qb = this.dataSource.getRepository(Camera).createQueryBuilder('c');
    if (filter.kind) qb.andWhere('c.kind = :kind', { kind: filter.kind });
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    else if (!filter.includeDecommissioned) qb.andWhere("c.status <> 'decommissioned'");
    if (filter.ward) qb.andWhere('c.wardId = :ward', { ward: filter.ward });
    if (filter.rag) qb.andWhere('c.rag = :rag', { rag: filter.rag });
    if (filter.technology) qb.andWhere('c.technology = :technology', { technology: filter.technology });
    if (filter.isDemo !== undefined) qb.andWhere('c.isDemo = :isDemo', { isDemo: filter.isDemo });
    const text = filter.q?.trim();
    if (text) {
      const pattern = `%${text.replace(/[\\%_]/g, '\\$&')}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('c.assetNumber ILIKE :pattern', { pattern })
            .orWhere('c.name ILIKE :pattern')
            .orWhere('c.address ILIKE :pattern'),
        ),
      );
    }
    const sort = filter.sort ?? 'assetNumber';
    const order = filter.order === 'desc' ? 'DESC' : 'ASC';
    qb.orderBy(SORT_COLUMNS[sort], order, NULLABLE_SORTS.has(sort) ? 'NULLS LAST' : undefined).addOrderBy('c.id', 'ASC');
    return qb;
  }

  private async find(manager: EntityManager, id: string): Promise<Camera> {
    const camera = await manager.findOneBy(Camera, { id });
    if (!camera) throw notFound('Camera', id);
    return camera;
  }

  private async detail(manager: EntityManager, camera: Camera): Promise<CameraDetailResponse> {
    const organisation = camera.monitoredById
      ? await manager.findOneBy(Organisation, { id: camera.monitoredById })
      : null;
    return {
      ...toCameraResponse(camera, await this.wards.namesById(manager)),
      openFaultCount: await this.openFaultCount(manager, camera.id),
      monitoredByName: organisation?.name ?? null,
      monthlyActivity: await recentCameraActivity(manager, camera.id, 12, this.clock.now()),
    };
  }

  private async checkReferences(manager: EntityManager, dto: { ward?: string | null; monitoredById?: string | null }) {
    if (dto.ward) await this.wards.requireWard(manager, dto.ward);
    if (dto.monitoredById && !(await manager.existsBy(Organisation, { id: dto.monitoredById }))) {
      throw badRequest('unknown_organisation', `There is no organisation ${dto.monitoredById}`);
    }
  }

  private async ensureAssetNumberFree(manager: EntityManager, assetNumber: string): Promise<void> {
    if (await manager.existsBy(Camera, { assetNumber })) {
      throw conflict('asset_number_taken', `A camera with asset number ${assetNumber} already exists`);
    }
  }
}

export function normaliseTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}

/** The fields a create or update names, as camera changes; null clears a nullable field. */
function toChanges(dto: UpdateCameraDto | CreateCameraDto): CameraChanges {
  const changes: CameraChanges = {};
  if (dto.name !== undefined) changes.name = dto.name.trim();
  if (dto.kind !== undefined) changes.kind = dto.kind;
  if (dto.technology !== undefined) changes.technology = dto.technology;
  if (dto.status !== undefined) changes.status = dto.status;
  if (dto.rag !== undefined) changes.rag = dto.rag;
  if (dto.ward !== undefined) changes.wardId = dto.ward;
  if (dto.address !== undefined) changes.address = dto.address;
  if (dto.latitude !== undefined) changes.latitude = dto.latitude;
  if (dto.longitude !== undefined) changes.longitude = dto.longitude;
  if (dto.purpose !== undefined) changes.purpose = dto.purpose;
  if (dto.notes !== undefined) changes.notes = dto.notes;
  if (dto.installedOn !== undefined) changes.installedOn = dto.installedOn;
  if (dto.make !== undefined) changes.make = dto.make;
  if (dto.model !== undefined) changes.model = dto.model;
  if (dto.monitoredById !== undefined) changes.monitoredById = dto.monitoredById;
  if (dto.dpiaReference !== undefined) changes.dpiaReference = dto.dpiaReference;
  if (dto.tags !== undefined) changes.tags = normaliseTags(dto.tags);
  return changes;
}
