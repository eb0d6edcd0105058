import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Camera } from '../cameras/camera.entity.js';
import type { NotificationKind } from '../notifications/notification-kinds.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { Ward } from '../wards/ward.entity.js';
import { WardsService } from '../wards/wards.service.js';
import type { CameraProposal } from './camera-proposal.entity.js';

export const DECOMMISSION_DECISION_KIND: NotificationKind = 'camera_decommission_decision';
export const PROPOSAL_DECISION_KIND: NotificationKind = 'proposal_decision';

const PROPOSER_LABEL: Record<CameraProposal['proposerType'], string> = {
  ward_member: 'ward member',
  public: 'member of the public',
  officer: 'council officer',
  police: 'police',
};

const TYPE_LABEL: Record<CameraProposal['type'], string> = {
  decommission: 'decommission',
  redeploy: 'redeploy',
  new_camera: 'add a new camera',
};

/** The messages a decision sends, written to the outbox inside the decision's transaction. */
@Injectable()
export class ProposalNotifier {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly wards: WardsService,
  ) {}

  /**
   * Every member for the camera's ward hears that its removal was approved, with the rationale. With no members on
   * record, the SPOC is told instead so that someone passes the decision on. Returns the addresses written to.
   */
  async tellWardMembers(manager: EntityManager, proposal: CameraProposal, camera: Camera): Promise<string[]> {
    const ward = camera.wardId ? await manager.findOneBy(Ward, { id: camera.wardId }) : null;
    const members = ward ? await this.wards.membersOf(manager, ward.id) : [];
    const where = `${camera.address ?? 'no recorded address'}${ward ? `, ${ward.name} ward` : ''}`;
    const subject = `CCTV camera ${camera.assetNumber} (${where}): decommissioning approved`;
    const decision =
      `The ${proposal.decisionBody} decided on ${proposal.decidedOn} to approve the proposal to decommission CCTV ` +
      `camera ${camera.assetNumber} (${camera.name}) at ${where}.\n\n` +
      `Rationale for the decision: ${proposal.decisionRationale}\n\n` +
      `The proposal came from ${proposal.proposedBy} (${PROPOSER_LABEL[proposal.proposerType]}): ${proposal.rationale}\n\n` +
      `The camera was taken out of service on ${camera.decommissionedOn}.`;
    const related = { relatedEntityType: 'camera_proposal', relatedEntityId: proposal.id };
    if (members.length === 0) {
      await this.notifications.enqueue(
        {
          kind: DECOMMISSION_DECISION_KIND,
          recipientRole: 'spoc',
          subject,
          body: `No ward members are on record for ${ward ? `${ward.name} ward` : 'this camera'}; please pass this on.\n\n${decision}`,
          ...related,
          dedupeKey: `${proposal.id}:role:spoc`,
        },
        manager,
      );
      return [];
    }
    for (const member of members) {
      await this.notifications.enqueue(
        {
          kind: DECOMMISSION_DECISION_KIND,
          recipientEmail: member.email,
          recipientName: member.name,
          subject,
          body: `Dear ${member.name},\n\n${decision}\n\nMedway Council CCTV`,
          ...related,
          dedupeKey: `${proposal.id}:${member.email}`,
        },
        manager,
      );
    }
    return members.map((m) => m.email);
  }

  /** The proposer hears the outcome when they left an email, unless they were just written to as a ward member. */
  async tellProposer(manager: EntityManager, proposal: CameraProposal, alreadyTold: Set<string>): Promise<void> {
    const email = proposal.proposerEmail;
    if (!email || alreadyTold.has(email)) return;
    const outcome = proposal.status === 'approved' ? 'approved' : 'not approved';
    const subject = proposal.camera
      ? `Your proposal to ${TYPE_LABEL[proposal.type]} CCTV camera ${proposal.camera.assetNumber}: ${outcome}`
      : `Your proposal to ${TYPE_LABEL[proposal.type]} at ${proposal.address}: ${outcome}`;
    await this.notifications.enqueue(
      {
        kind: PROPOSAL_DECISION_KIND,
        recipientEmail: email,
        recipientName: proposal.proposedBy,
        subject,
        body:
          `Dear ${proposal.proposedBy},\n\nThe ${proposal.decisionBody} considered your proposal on ` +
          `${proposal.decidedOn} and it was ${outcome}.\n\nRationale: ${proposal.decisionRationale}\n\nMedway Council CCTV`,
        relatedEntityType: 'camera_proposal',
        relatedEntityId: proposal.id,
        dedupeKey: `${proposal.id}:proposer`,
      },
      manager,
    );
  }
}
