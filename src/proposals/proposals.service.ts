import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { Camera } from '../cameras/camera.entity.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-exception.js';
import { assertCurrentVersion } from '../common/errors/stale-version.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { Clock } from '../common/time/clock.js';
import { assertInMedway, resolveWard } from '../deployments/medway-location.js';
import type { Ward } from '../wards/ward.entity.js';
import { CameraProposal } from './camera-proposal.entity.js';
import { DecommissionService } from './decommission.service.js';
import type { CreateProposalDto, DecisionDto, ProposalQueryDto, ProposalResponse, StartReviewDto } from './proposal.dto.js';
import { DEFAULT_DECISION_BODY, type ProposalStatus, UNDECIDED_STATUSES } from './proposal.enums.js';
import { ProposalEvidenceService } from './proposal-evidence.service.js';
import { toProposalResponse } from './proposal.mapper.js';
import { ProposalNotifier } from './proposal-notifier.service.js';

@Injectable()
export class ProposalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly evidence: ProposalEvidenceService,
    private readonly decommission: DecommissionService,
    private readonly notifier: ProposalNotifier,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateProposalDto, user: AuthenticatedUser): Promise<ProposalResponse> {
    const needsCamera = dto.type !== 'new_camera';
    const needsLocation = dto.type !== 'decommission';
    if (needsCamera && !dto.cameraId) throw badRequest('camera_required', `A ${dto.type} proposal names the camera (cameraId)`);
    if (!needsCamera && dto.cameraId) {
      throw badRequest('camera_not_allowed', 'A new camera proposal has no cameraId; the camera is added to the registry once approved');
    }
    const givenLocation = [dto.address, dto.ward, dto.latitude, dto.longitude].some((v) => v !== undefined);
    if (!needsLocation && givenLocation) {
      throw badRequest('location_not_allowed', 'A decommission proposal has no proposed location');
    }
    if (needsLocation && (!dto.address || !dto.ward)) {
      throw badRequest('location_required', `A ${dto.type} proposal gives the proposed address and ward`);
    }
    if ((dto.latitude === undefined) !== (dto.longitude === undefined)) {
      throw badRequest('incomplete_coordinates', 'Give both latitude and longitude, or neither');
    }
    if (dto.latitude !== undefined) assertInMedway(dto.latitude, dto.longitude!);

    const on = this.clock.today();
    return this.dataSource.transaction(async (manager) => {
      const ward: Ward | null = dto.ward ? await resolveWard(manager, dto.ward) : null;
      let camera: Camera | null = null;
      if (dto.cameraId) {
        camera = await manager.findOneBy(Camera, { id: dto.cameraId });
        if (!camera) throw badRequest('unknown_camera', `Camera ${dto.cameraId} does not exist`);
        if (camera.status === 'decommissioned') {
          throw conflict('camera_decommissioned', `${camera.assetNumber} was decommissioned on ${camera.decommissionedOn}`);
        }
        const open = await manager.findOneBy(CameraProposal, {
          cameraId: camera.id,
          type: dto.type,
          status: In(UNDECIDED_STATUSES),
        });
        if (open) {
          throw conflict('proposal_already_open', `There is already an undecided ${dto.type} proposal for ${camera.assetNumber}`, {
            proposalId: open.id,
          });
        }
      }
      const saved = await manager.save(
        manager.create(CameraProposal, {
          type: dto.type,
          cameraId: camera?.id ?? null,
          address: dto.address?.trim() ?? null,
          wardId: ward?.id ?? null,
          latitude: dto.latitude ?? null,
          longitude: dto.longitude ?? null,
          proposedBy: dto.proposedBy.trim(),
          proposerType: dto.proposerType,
          proposerEmail: dto.proposerEmail?.trim().toLowerCase() ?? null,
          rationale: dto.rationale.trim(),
          evidence: await this.evidence.gather(manager, on, camera, ward),
          status: 'submitted',
          createdById: user.id,
        }),
      );
      const response = toProposalResponse(await this.load(manager, saved.id));
      await this.audit.record(
        { action: 'proposal.create', entityType: 'camera_proposal', entityId: saved.id, after: response },
        { manager },
      );
      return response;
    });
  }

  list(query: ProposalQueryDto): Promise<Page<ProposalResponse>> {
    const qb = this.dataSource
      .getRepository(CameraProposal)
      .createQueryBuilder('p')
      .leftJoinAndSelect('p.camera', 'c')
      .leftJoinAndSelect('p.ward', 'w');
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.type) qb.andWhere('p.type = :type', { type: query.type });
    if (query.cameraId) qb.andWhere('p.cameraId = :cameraId', { cameraId: query.cameraId });
    qb.orderBy('p.createdAt', 'DESC').addOrderBy('p.id', 'ASC');
    return paginate(qb, query, toProposalResponse);
  }

  async get(id: string): Promise<ProposalResponse> {
    return toProposalResponse(await this.load(this.dataSource.manager, id));
  }

  /** submitted → under_review: the proposal is on the Community Safety Partnership's agenda. */
  async startReview(id: string, dto: StartReviewDto, user: AuthenticatedUser): Promise<ProposalResponse> {
    return this.dataSource.transaction(async (manager) => {
      const proposal = await this.lock(manager, id, dto.version);
      if (proposal.status !== 'submitted') throw invalidTransition(proposal.status, 'under_review');
      const before = { status: proposal.status };
      Object.assign(proposal, { status: 'under_review', reviewStartedAt: new Date(), reviewStartedById: user.id });
      await manager.save(proposal);
      await this.audit.record(
        { action: 'proposal.review', entityType: 'camera_proposal', entityId: id, before, after: { status: proposal.status } },
        { manager },
      );
      return toProposalResponse(await this.load(manager, id));
    });
  }

  /**
   * under_review → approved | rejected: the Community Safety Partnership decides what it has reviewed, so a submitted
   * proposal is refused (409 proposal_not_under_review). An approved decommission takes the camera out of service in
   * the same transaction and tells the ward's members; the proposer is told of any decision when they gave an email.
   */
  async decide(id: string, dto: DecisionDto, user: AuthenticatedUser): Promise<ProposalResponse> {
    const on = this.clock.today();
    const decidedOn = dto.decidedOn ?? on;
    if (decidedOn > on) throw badRequest('decided_on_in_future', 'decidedOn cannot be in the future');
    return this.dataSource.transaction(async (manager) => {
      const proposal = await this.lock(manager, id, dto.version);
      const next: ProposalStatus = dto.approve ? 'approved' : 'rejected';
      if (proposal.status === 'submitted') {
        throw conflict(
          'proposal_not_under_review',
          'The proposal has not been put to the Community Safety Partnership yet: start its review (POST /api/v1/proposals/:id/review) first',
          { status: proposal.status },
        );
      }
      if (proposal.status !== 'under_review') throw invalidTransition(proposal.status, next);
      const before = { status: proposal.status };
      Object.assign(proposal, {
        status: next,
        decidedById: user.id,
        decidedOn,
        decisionRationale: dto.rationale.trim(),
        decisionBody: dto.body?.trim() || DEFAULT_DECISION_BODY,
      });
      await manager.save(proposal);
      const decided = await this.load(manager, id);
      const response = toProposalResponse(decided);
      await this.audit.record(
        { action: 'proposal.decide', entityType: 'camera_proposal', entityId: id, before, after: { status: next, decision: response.decision } },
        { manager },
      );

      const notified = new Set<string>();
      if (decided.type === 'decommission' && dto.approve) {
        const camera = await this.decommission.apply(manager, decided.cameraId!, on, decided);
        for (const email of await this.notifier.tellWardMembers(manager, decided, camera)) notified.add(email);
      }
      await this.notifier.tellProposer(manager, decided, notified);
      return response;
    });
  }

  private async lock(manager: EntityManager, id: string, version: number | undefined): Promise<CameraProposal> {
    const proposal = await manager.findOne(CameraProposal, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!proposal) throw notFound('Proposal', id);
    assertCurrentVersion('The proposal', version, proposal.version);
    return proposal;
  }

  private async load(manager: EntityManager, id: string): Promise<CameraProposal> {
    const proposal = await manager.findOne(CameraProposal, { where: { id }, relations: { camera: true, ward: true } });
    if (!proposal) throw notFound('Proposal', id);
    return proposal;
  }
}

function invalidTransition(from: ProposalStatus, to: ProposalStatus) {
  return conflict('invalid_transition', `A proposal that is ${from} cannot become ${to}`, { from, to });
}
