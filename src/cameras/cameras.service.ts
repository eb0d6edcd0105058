import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, In, type SelectQueryBuilder } from 'typeorm';
import { AuditLog } from '../audit/audit-log.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainException, badRequest, conflict, notFound } from '../common/errors/domain-exception.js';
import { assertCurrentVersion } from '../common/errors/stale-version.js';
import { type Page, type PageQueryDto, paginate } from '../common/pagination/page.js';
import { CameraDeployment } from '../deployments/camera-deployment.entity.js';
import { Fault } from '../faults/fault.entity.js';
import { OPEN_FAULT_STATUSES } from '../faults/fault.enums.js';
import { recentCameraActivity } from '../imports/camera-monthly-activity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { WardsService } from '../wards/wards.service.js';
import { type CameraProblem, coordinateProblem, normaliseAssetNumber, statusProblem, today } from './camera-rules.js';
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
  cameraAuditSnapshot,
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

const throwProblem = (problem: CameraProblem): never => {
  throw new DomainException(problem.code, problem.status, problem.message, { field: problem.field });
};

@Injectable()
export class CamerasService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly wards: WardsService,
  ) {}

  async list(filter: CameraFilterDto): Promise<Page<CameraResponse>> {
    const wardNames = await this.wards.namesById();
    return paginate(this.filtered(filter), filter, (camera) => toCameraResponse(camera, wardNames));
  }

  /** Every camera the filter matches (no paging), in the list's order, as spreadsheet-safe CSV. */
  async exportCsv(filter: CameraFilterDto): Promise<string> {
    const manager = this.dataSource.manager;
    const cameras = await this.filtered(filter).getMany();
    const organisationIds = [...new Set(cameras.map((c) => c.monitoredById).filter((id): id is string => !!id))];
    const organisations = organisationIds.length ? await manager.findBy(Organisation, { id: In(organisationIds) }) : [];
    return camerasCsv(cameras, {
      wardNames: await this.wards.namesById(manager),
      organisations: new Map(organisations.map((o) => [o.id, o.name])),
      openFaults: await openFaultCounts(manager, cameras.map((c) => c.id)),
    });
  }

  async get(id: string): Promise<CameraDetailResponse> {
    return this.detail(this.dataSource.manager, await this.find(this.dataSource.manager, id));
  }

  async create(dto: CreateCameraDto): Promise<CameraDetailResponse> {
    const assetNumber = normaliseAssetNumber(dto.assetNumber);
    return this.dataSource.transaction(async (manager) => {
      await this.checkReferences(manager, dto);
      const problem = coordinateProblem(dto.latitude, dto.longitude) ?? statusProblem(dto.status ?? 'operational', null, 0);
      if (problem) throwProblem(problem);
      await this.ensureAssetNumberFree(manager, assetNumber);
      const status = dto.status ?? 'operational';
      const camera = await manager.save(
        manager.create(Camera, {
          assetNumber,
          name: dto.name.trim(),
          kind: dto.kind,
          technology: dto.technology,
          status,
          rag: dto.rag ?? 'green',
          wardId: dto.ward ?? null,
          address: dto.address ?? null,
          latitude: dto.latitude ?? null,
          longitude: dto.longitude ?? null,
          purpose: dto.purpose ?? null,
          notes: dto.notes ?? null,
          installedOn: dto.installedOn ?? null,
          make: dto.make ?? null,
          model: dto.model ?? null,
          monitoredById: dto.monitoredById ?? null,
          dpiaReference: dto.dpiaReference ?? null,
          tags: normaliseTags(dto.tags ?? []),
          decommissionedOn: status === 'decommissioned' ? today() : null,
        }),
      );
      await this.audit.record(
        { action: 'camera.create', entityType: 'camera', entityId: camera.id, after: cameraAuditSnapshot(camera) },
        { manager },
      );
      return this.detail(manager, camera);
    });
  }

  async update(id: string, dto: UpdateCameraDto): Promise<CameraDetailResponse> {
    return this.dataSource.transaction(async (manager) => {
      const camera = await manager.findOne(Camera, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!camera) throw notFound('Camera', id);
      assertCurrentVersion(`Camera ${camera.assetNumber}`, dto.version, camera.version);
      const before = cameraAuditSnapshot(camera);
      await this.checkReferences(manager, dto);
      if ((dto.latitude === undefined) !== (dto.longitude === undefined)) {
        throwProblem({ field: 'latitude', code: 'incomplete_coordinates', message: 'Give both latitude and longitude, or neither', status: 400 });
      }
      const coordinates = coordinateProblem(dto.latitude, dto.longitude);
      if (coordinates) throwProblem(coordinates);
      if (dto.status !== undefined) {
        const problem = statusProblem(dto.status, camera.status, await this.openFaultCount(manager, id));
        if (problem) throwProblem(problem);
      }
      const leavesItsPlace =
        (dto.status !== undefined && dto.status !== camera.status && (dto.status === 'decommissioned' || dto.status === 'in_stock')) ||
        (dto.kind !== undefined && dto.kind !== camera.kind);
      if (leavesItsPlace && (await this.hasActiveDeployment(manager, id))) {
        // Otherwise the deployment would stay active (and keep raising review reminders) for a camera not there.
        throw conflict(
          'camera_deployed',
          `Camera ${camera.assetNumber} is deployed: close the deployment with a review (remove or make_permanent) first`,
        );
      }
      if (dto.assetNumber !== undefined) {
        const assetNumber = normaliseAssetNumber(dto.assetNumber);
        if (assetNumber !== camera.assetNumber) await this.ensureAssetNumberFree(manager, assetNumber);
        camera.assetNumber = assetNumber;
      }
      applyChanges(camera, dto);
      const saved = await manager.save(camera);
      await this.audit.record(
        { action: 'camera.update', entityType: 'camera', entityId: id, before, after: cameraAuditSnapshot(saved) },
        { manager },
      );
      return this.detail(manager, saved);
    });
  }

  async history(id: string, page: PageQueryDto): Promise<Page<CameraHistoryEntry>> {
    await this.find(this.dataSource.manager, id);
    const qb = this.dataSource
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .where('a.entityType = :type AND a.entityId = :id', { type: 'camera', id })
      .orderBy('a.id', 'DESC');
    return paginate(qb, page, toCameraHistoryEntry);
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

  private hasActiveDeployment(manager: EntityManager, cameraId: string): Promise<boolean> {
    return manager.existsBy(CameraDeployment, { cameraId, status: 'active' });
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
      monthlyActivity: await recentCameraActivity(manager, camera.id),
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

/** Copies the fields an update names onto the camera; null clears a nullable field. */
function applyChanges(camera: Camera, dto: UpdateCameraDto): void {
  if (dto.name !== undefined) camera.name = dto.name.trim();
  if (dto.kind !== undefined) camera.kind = dto.kind;
  if (dto.technology !== undefined) camera.technology = dto.technology;
  if (dto.rag !== undefined) camera.rag = dto.rag;
  if (dto.ward !== undefined) camera.wardId = dto.ward;
  if (dto.address !== undefined) camera.address = dto.address;
  if (dto.latitude !== undefined) camera.latitude = dto.latitude;
  if (dto.longitude !== undefined) camera.longitude = dto.longitude;
  if (dto.purpose !== undefined) camera.purpose = dto.purpose;
  if (dto.notes !== undefined) camera.notes = dto.notes;
  if (dto.installedOn !== undefined) camera.installedOn = dto.installedOn;
  if (dto.make !== undefined) camera.make = dto.make;
  if (dto.model !== undefined) camera.model = dto.model;
  if (dto.monitoredById !== undefined) camera.monitoredById = dto.monitoredById;
  if (dto.dpiaReference !== undefined) camera.dpiaReference = dto.dpiaReference;
  if (dto.tags !== undefined) camera.tags = normaliseTags(dto.tags);
  if (dto.status !== undefined && dto.status !== camera.status) {
    camera.decommissionedOn = dto.status === 'decommissioned' ? today() : null;
    camera.status = dto.status;
  }
}
