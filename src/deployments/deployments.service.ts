import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { type CameraPlacement, CameraStateService } from '../cameras/camera-state.service.js';
import { Camera } from '../cameras/camera.entity.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-exception.js';
import { assertCurrentVersion } from '../common/errors/stale-version.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { addDays, addWeeks, daysBetween, laterOf } from '../common/time/calendar.js';
import { Clock } from '../common/time/clock.js';
import { CameraEvidenceService } from './camera-evidence.service.js';
import { CameraDeployment, ONE_ACTIVE_DEPLOYMENT_PER_CAMERA } from './camera-deployment.entity.js';
import { DeploymentReview } from './deployment-review.entity.js';
import type {
  CreateDeploymentDto,
  CreateReviewDto,
  DeploymentDetailResponse,
  DeploymentQueryDto,
  DeploymentResponse,
  ReviewResultResponse,
} from './deployment.dto.js';
import { toDeploymentDetailResponse, toDeploymentResponse, toReviewResponse } from './deployment.mapper.js';
import { assertInMedway, resolveWard } from './medway-location.js';

const DEFAULT_WITHIN_DAYS = 14;

/** Where the deployment puts its camera. */
const placementOf = (deployment: CameraDeployment): CameraPlacement => ({
  address: deployment.address,
  wardId: deployment.wardId,
  latitude: deployment.latitude,
  longitude: deployment.longitude,
});

export interface DeployInput extends CreateDeploymentDto {
  isDemo?: boolean;
}

@Injectable()
export class DeploymentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly cameraState: CameraStateService,
    private readonly evidence: CameraEvidenceService,
    private readonly clock: Clock,
  ) {}

  async create(input: DeployInput, user: AuthenticatedUser | null): Promise<DeploymentResponse> {
    const on = this.clock.today();
    if (input.deployedOn > on) throw badRequest('deployed_on_in_future', 'deployedOn cannot be in the future');
    assertInMedway(input.latitude, input.longitude);
    return this.dataSource.transaction(async (manager) => {
      const ward = await resolveWard(manager, input.ward);
      const camera = await manager.findOne(Camera, { where: { id: input.cameraId }, lock: { mode: 'pessimistic_write' } });
      if (!camera) throw badRequest('unknown_camera', `Camera ${input.cameraId} does not exist`);
      if (camera.kind !== 'rapid_deployment') {
        throw badRequest('not_rapid_deployment_camera', `${camera.assetNumber} is a ${camera.kind} camera, not a rapid deployment camera`);
      }
      if (camera.status === 'decommissioned') {
        throw conflict('camera_decommissioned', `${camera.assetNumber} has been decommissioned`);
      }
      const active = await manager.findOneBy(CameraDeployment, { cameraId: camera.id, status: 'active' });
      if (active) throw alreadyDeployed(camera, active.id);

      const deployment = manager.create(CameraDeployment, {
        cameraId: camera.id,
        address: input.address.trim(),
        wardId: ward.id,
        latitude: input.latitude,
        longitude: input.longitude,
        deployedOn: input.deployedOn,
        reason: input.reason.trim(),
        crimeTypes: input.crimeTypes ?? [],
        requestedBy: input.requestedBy?.trim() || null,
        status: 'active',
        reviewDueOn: addWeeks(input.deployedOn, this.config.estate.rdcReviewWeeks),
        closedOn: null,
        closedReason: null,
        outcome: null,
        createdById: user?.id ?? null,
        isDemo: input.isDemo ?? false,
      });
      const saved = await manager.save(deployment).catch((error: unknown) => {
        // The partial unique index is the last word when two requests race past the check above.
        if (isUniqueViolation(error, ONE_ACTIVE_DEPLOYMENT_PER_CAMERA)) throw alreadyDeployed(camera, null);
        throw error;
      });
      await this.audit.record(
        { action: 'deployment.create', entityType: 'camera_deployment', entityId: saved.id, after: toDeploymentResponse(saved, on) },
        { manager, actor: user },
      );
      // A camera with open faults goes out faulty, not operational.
      await this.cameraState.deploy(manager, camera, placementOf(saved), user);
      return toDeploymentResponse(await this.load(manager, saved.id), on);
    });
  }

  async list(query: DeploymentQueryDto): Promise<Page<DeploymentResponse>> {
    const on = this.clock.today();
    const qb = this.dataSource
      .getRepository(CameraDeployment)
      .createQueryBuilder('d')
      .leftJoinAndSelect('d.camera', 'c')
      .leftJoinAndSelect('d.ward', 'w');
    if (query.review && query.active === false) {
      throw badRequest('invalid_filter', 'review=overdue|due applies to active deployments only');
    }
    if (query.active !== undefined) qb.andWhere('d.status = :status', { status: query.active ? 'active' : 'closed' });
    if (query.review) {
      qb.andWhere("d.status = 'active'");
      if (query.review === 'overdue') qb.andWhere('d.reviewDueOn < :on', { on });
      else {
        const until = addDays(on, query.withinDays ?? DEFAULT_WITHIN_DAYS);
        qb.andWhere('d.reviewDueOn >= :on AND d.reviewDueOn <= :until', { on, until });
      }
    }
    if (query.cameraId) qb.andWhere('d.cameraId = :cameraId', { cameraId: query.cameraId });
    if (query.ward) {
      const ward = await resolveWard(this.dataSource.manager, query.ward);
      qb.andWhere('d.wardId = :wardId', { wardId: ward.id });
    }
    qb.orderBy('d.reviewDueOn', 'ASC').addOrderBy('d.id', 'ASC');
    return paginate(qb, query, (deployment) => toDeploymentResponse(deployment, on));
  }

  async get(id: string): Promise<DeploymentDetailResponse> {
    const manager = this.dataSource.manager;
    const deployment = await this.load(manager, id);
    const reviews = await manager.find(DeploymentReview, {
      where: { deploymentId: id },
      order: { reviewedOn: 'ASC', createdAt: 'ASC' },
    });
    return toDeploymentDetailResponse(deployment, reviews, this.clock.today());
  }

  async review(id: string, dto: CreateReviewDto, user: AuthenticatedUser): Promise<ReviewResultResponse> {
    if (dto.outcome === 'extend' && dto.extendWeeks === undefined) {
      throw badRequest('extend_weeks_required', 'extendWeeks (1–52) is required to extend a deployment');
    }
    if (dto.outcome !== 'extend' && dto.extendWeeks !== undefined) {
      throw badRequest('extend_weeks_not_allowed', `extendWeeks applies only to extend, not ${dto.outcome}`);
    }
    const on = this.clock.today();
    const reviewedOn = dto.reviewedOn ?? on;
    if (reviewedOn > on) throw badRequest('reviewed_on_in_future', 'reviewedOn cannot be in the future');

    return this.dataSource.transaction(async (manager) => {
      // Lock the camera, then the deployment: the same order as deploying and decommissioning, so no deadlock.
      const located = await manager.findOneBy(CameraDeployment, { id });
      if (!located) throw notFound('Deployment', id);
      const camera = await manager.findOneOrFail(Camera, {
        where: { id: located.cameraId },
        lock: { mode: 'pessimistic_write' },
      });
      const deployment = await manager.findOneOrFail(CameraDeployment, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (deployment.status === 'closed') {
        throw conflict('deployment_closed', `Deployment ${id} was closed on ${deployment.closedOn}`, {
          closedOn: deployment.closedOn,
          outcome: deployment.outcome,
        });
      }
      assertCurrentVersion('The deployment', dto.version, deployment.version);
      if (reviewedOn < deployment.deployedOn) {
        throw badRequest('reviewed_before_deployment', `reviewedOn is before the deployment began (${deployment.deployedOn})`);
      }

      const deploymentBefore = toDeploymentResponse(deployment, on);
      const previousReviewDueOn = deployment.reviewDueOn;
      const snapshot = await this.evidence.collect(manager, {
        cameraId: camera.id,
        assetNumber: camera.assetNumber,
        from: deployment.deployedOn,
        to: reviewedOn,
      });
      const earlierReviews = await manager.countBy(DeploymentReview, { deploymentId: id });
      const evidenceConsidered = {
        ...snapshot,
        deployment: {
          deployedOn: deployment.deployedOn,
          reviewDueOn: previousReviewDueOn,
          daysDeployed: daysBetween(deployment.deployedOn, reviewedOn),
          earlierReviews,
        },
      };

      let newReviewDueOn: string | null = null;
      if (dto.outcome === 'extend') {
        newReviewDueOn = addWeeks(laterOf(on, previousReviewDueOn), dto.extendWeeks!);
        deployment.reviewDueOn = newReviewDueOn;
      } else {
        Object.assign(deployment, {
          status: 'closed',
          closedOn: reviewedOn,
          outcome: dto.outcome,
          closedReason: dto.outcome === 'remove' ? 'removed after review' : 'made permanent after review',
        });
        // Closed first: the camera may leave its deployment only once the deployment is over.
        await manager.save(deployment);
        if (dto.outcome === 'remove') await this.cameraState.returnToPool(manager, camera);
        else await this.cameraState.makePermanent(manager, camera, placementOf(deployment));
      }

      const review = await manager.save(
        manager.create(DeploymentReview, {
          deploymentId: id,
          reviewedOn,
          outcome: dto.outcome,
          notes: dto.notes,
          attendees: (dto.attendees ?? []).map((a) => ({ name: a.name, organisation: a.organisation, role: a.role ?? null })),
          evidenceConsidered,
          extendWeeks: dto.extendWeeks ?? null,
          previousReviewDueOn,
          newReviewDueOn,
          reviewerId: user.id,
        }),
      );
      const savedDeployment = await manager.save(deployment);
      const reviewResponse = toReviewResponse(review);
      await this.audit.record(
        { action: 'deployment.review', entityType: 'camera_deployment', entityId: id, before: deploymentBefore, after: reviewResponse },
        { manager },
      );
      const after = toDeploymentResponse(await this.load(manager, savedDeployment.id), on);
      return { ...reviewResponse, deployment: after };
    });
  }

  /** Closes a camera's active deployment (the camera is being decommissioned); returns it, or null if none. */
  async closeActiveForCamera(manager: EntityManager, cameraId: string, reason: string, on: string): Promise<CameraDeployment | null> {
    const active = await manager.findOne(CameraDeployment, {
      where: { cameraId, status: 'active' },
      lock: { mode: 'pessimistic_write' },
    });
    if (!active) return null;
    const before = toDeploymentResponse(active, on);
    Object.assign(active, { status: 'closed', closedOn: on, closedReason: reason, outcome: null });
    const saved = await manager.save(active);
    await this.audit.record(
      { action: 'deployment.close', entityType: 'camera_deployment', entityId: saved.id, before, after: toDeploymentResponse(saved, on) },
      { manager },
    );
    return saved;
  }

  /** A camera's deployments, newest first, for evidence. */
  history(manager: EntityManager, cameraId: string): Promise<CameraDeployment[]> {
    return manager.find(CameraDeployment, { where: { cameraId }, order: { deployedOn: 'DESC', createdAt: 'DESC' } });
  }

  private async load(manager: EntityManager, id: string): Promise<CameraDeployment> {
    const deployment = await manager.findOne(CameraDeployment, { where: { id }, relations: { camera: true, ward: true } });
    if (!deployment) throw notFound('Deployment', id);
    return deployment;
  }
}

function alreadyDeployed(camera: Camera, deploymentId: string | null) {
  return conflict('camera_already_deployed', `${camera.assetNumber} already has an active deployment`, {
    cameraId: camera.id,
    deploymentId,
  });
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError;
  return error instanceof QueryFailedError && driverError?.code === '23505' && driverError.constraint === constraint;
}
