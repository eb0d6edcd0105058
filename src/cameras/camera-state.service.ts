import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import type { AuditAction } from '../audit/audit-actions.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { DomainException } from '../common/errors/domain-exception.js';
import { Clock } from '../common/time/clock.js';
import { CameraDeployment } from '../deployments/camera-deployment.entity.js';
import { RDC_STORE_ADDRESS } from '../deployments/deployment.enums.js';
import { Fault } from '../faults/fault.entity.js';
import { OPEN_FAULT_STATUSES } from '../faults/fault.enums.js';
import { type CameraProblem, statusProblem } from './camera-rules.js';
import { cameraAuditSnapshot } from './camera.dto.js';
import { Camera } from './camera.entity.js';

/** The fields people and processes change; identity, bookkeeping and `decommissionedOn` are kept here. */
export type CameraChanges = Partial<
  Omit<Camera, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'decommissionedOn' | 'ward' | 'monitoredBy'>
>;
export type NewCamera = CameraChanges & Pick<Camera, 'assetNumber' | 'name' | 'kind' | 'technology'>;

/** Where a camera stands: what a deployment or a review changes. */
export type CameraPlacement = Pick<Camera, 'address' | 'wardId' | 'latitude' | 'longitude'>;

/** What the rules need to know about a camera beyond its own fields. */
export interface CameraFacts {
  openFaults: number;
  deployed: boolean;
}

const NO_FACTS: CameraFacts = { openFaults: 0, deployed: false };

/**
 * A deployed RDC stays where it is, as what it is, until a review (remove or make permanent) or a decommissioning
 * closes its deployment: otherwise the deployment would stay active, with its reminders, for a camera not there.
 */
export function leavesDeploymentProblem(camera: Camera, changes: CameraChanges): CameraProblem | null {
  const status = changes.status;
  const leaves = status !== undefined && status !== camera.status && (status === 'decommissioned' || status === 'in_stock');
  const changesKind = changes.kind !== undefined && changes.kind !== camera.kind;
  if (!leaves && !changesKind) return null;
  return {
    field: leaves ? 'status' : 'kind',
    code: 'camera_deployed',
    message:
      `Camera ${camera.assetNumber} is deployed: close the deployment with a review (remove or make_permanent) ` +
      'before it is decommissioned, put in stock or changes kind',
    status: 409,
  };
}

/** Every rule an edit by a person (the API or the CSV import) must satisfy. `camera` is null for a new one. */
export function editProblems(camera: Camera | null, changes: CameraChanges, facts: CameraFacts): CameraProblem[] {
  const problems: CameraProblem[] = [];
  if (changes.status !== undefined) {
    const problem = statusProblem(changes.status, camera?.status ?? null, facts.openFaults);
    if (problem) problems.push(problem);
  }
  if (camera && facts.deployed) {
    const problem = leavesDeploymentProblem(camera, changes);
    if (problem) problems.push(problem);
  }
  return problems;
}

export const toDomainException = (problem: CameraProblem) =>
  new DomainException(problem.code, problem.status, problem.message, { field: problem.field });

interface WriteOptions {
  actor?: AuthenticatedUser | null;
  /** The date a decommissioning takes effect (default: today in London). */
  on?: string;
  /** Why, for the audit row (e.g. the proposal that retired the camera). */
  cause?: Record<string, unknown>;
}

/**
 * The one place that changes a camera: creation, edits (API, CSV import), deployment and review, faults and
 * decommissioning. Each change is checked against the camera rules, dated by the one calendar, saved and audited
 * with a full before/after snapshot (which the camera's history reads). Always inside the caller's transaction,
 * with the camera locked by the caller where it already exists.
 */
@Injectable()
export class CameraStateService {
  constructor(
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Open faults and active deployments of the cameras given (absent ones have neither). */
  async facts(manager: EntityManager, cameraIds: string[]): Promise<Map<string, CameraFacts>> {
    const facts = new Map(cameraIds.map((id) => [id, { ...NO_FACTS }]));
    for (let i = 0; i < cameraIds.length; i += 1000) {
      const ids = cameraIds.slice(i, i + 1000);
      const faults: { cameraId: string; n: string }[] = await manager
        .getRepository(Fault)
        .createQueryBuilder('f')
        .select('f.cameraId', 'cameraId')
        .addSelect('count(*)', 'n')
        .where('f.cameraId IN (:...ids)', { ids })
        .andWhere('f.status IN (:...open)', { open: OPEN_FAULT_STATUSES })
        .groupBy('f.cameraId')
        .getRawMany();
      for (const row of faults) facts.get(row.cameraId)!.openFaults = Number(row.n);
      const deployed = await manager.find(CameraDeployment, { select: { cameraId: true }, where: { cameraId: In(ids), status: 'active' } });
      for (const row of deployed) facts.get(row.cameraId)!.deployed = true;
    }
    return facts;
  }

  async create(manager: EntityManager, fields: NewCamera, options: Pick<WriteOptions, 'actor'> = {}): Promise<Camera> {
    const problem = editProblems(null, fields, NO_FACTS)[0];
    if (problem) throw toDomainException(problem);
    const status = fields.status ?? 'operational';
    const camera = await manager.save(
      manager.create(Camera, {
        rag: 'green',
        tags: [],
        ...fields,
        status,
        decommissionedOn: status === 'decommissioned' ? this.clock.today() : null,
      }),
    );
    await this.audit.record(
      { action: 'camera.create', entityType: 'camera', entityId: camera.id, after: cameraAuditSnapshot(camera) },
      { manager, actor: options.actor },
    );
    return camera;
  }

  /** An edit by a person. `facts` may be given when the caller has just read them in this transaction. */
  async edit(manager: EntityManager, camera: Camera, changes: CameraChanges, facts?: CameraFacts): Promise<Camera> {
    const known = facts ?? (await this.facts(manager, [camera.id])).get(camera.id)!;
    const problem = editProblems(camera, changes, known)[0];
    if (problem) throw toDomainException(problem);
    return this.write(manager, camera, changes, 'camera.update');
  }

  /** Out of the pool to a deployment's location; then faulty if it has open faults. */
  async deploy(manager: EntityManager, camera: Camera, placement: CameraPlacement, actor: AuthenticatedUser | null): Promise<Camera> {
    await this.write(manager, camera, { status: 'operational', ...placement }, 'camera.deploy', { actor });
    return this.followFaults(manager, camera.id, actor);
  }

  /** Back to the store after a review closed its deployment. */
  returnToPool(manager: EntityManager, camera: Camera): Promise<Camera> {
    const store: CameraChanges = { status: 'in_stock', address: RDC_STORE_ADDRESS, wardId: null, latitude: null, longitude: null };
    return this.write(manager, camera, store, 'camera.return_to_pool');
  }

  /** Joins the fixed estate where it stands, keeping its RDC asset number (the label on the kit). */
  makePermanent(manager: EntityManager, camera: Camera, placement: CameraPlacement): Promise<Camera> {
    const tags = camera.tags.includes('former-rdc') ? camera.tags : [...camera.tags, 'former-rdc'];
    return this.write(manager, camera, { kind: 'fixed', ...placement, tags }, 'camera.make_permanent');
  }

  /** Out of service (after an approved proposal, which first closes any deployment and open faults). */
  decommission(manager: EntityManager, camera: Camera, on: string, cause: Record<string, unknown>): Promise<Camera> {
    return this.write(manager, camera, { status: 'decommissioned' }, 'camera.decommission', { on, cause });
  }

  /** `faulty` follows open faults: an operational camera with one becomes faulty, a faulty one without returns. */
  async followFaults(manager: EntityManager, cameraId: string, actor?: AuthenticatedUser | null): Promise<Camera> {
    const camera = await manager.findOneByOrFail(Camera, { id: cameraId });
    const open = await manager.countBy(Fault, { cameraId, status: In(OPEN_FAULT_STATUSES) });
    const next = open > 0 && camera.status === 'operational' ? 'faulty' : open === 0 && camera.status === 'faulty' ? 'operational' : null;
    if (!next) return camera;
    return this.write(manager, camera, { status: next }, 'camera.status_from_faults', { actor });
  }

  private async write(
    manager: EntityManager,
    camera: Camera,
    changes: CameraChanges,
    action: AuditAction,
    options: WriteOptions = {},
  ): Promise<Camera> {
    // The one rule no path may break, whoever asks.
    const leaving = leavesDeploymentProblem(camera, changes);
    if (leaving && (await manager.existsBy(CameraDeployment, { cameraId: camera.id, status: 'active' }))) {
      throw toDomainException(leaving);
    }
    const before = cameraAuditSnapshot(camera);
    if (changes.status !== undefined && changes.status !== camera.status) {
      camera.decommissionedOn = changes.status === 'decommissioned' ? (options.on ?? this.clock.today()) : null;
    }
    Object.assign(camera, changes);
    const saved = await manager.save(camera);
    const after = { ...cameraAuditSnapshot(saved), ...(options.cause ? { cause: options.cause } : {}) };
    await this.audit.record(
      { action, entityType: 'camera', entityId: camera.id, before, after },
      { manager, ...(options.actor !== undefined ? { actor: options.actor } : {}) },
    );
    return saved;
  }
}
