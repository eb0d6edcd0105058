import type { CameraProposal } from './camera-proposal.entity.js';
import type { ProposalResponse } from './proposal.dto.js';

/** `proposal.camera` and `proposal.ward` should be loaded for the asset number and ward name. */
export function toProposalResponse(proposal: CameraProposal): ProposalResponse {
  const hasLocation = proposal.address !== null || proposal.wardId !== null || proposal.latitude !== null;
  const decided = proposal.status === 'approved' || proposal.status === 'rejected';
  return {
    id: proposal.id,
    type: proposal.type,
    status: proposal.status,
    cameraId: proposal.cameraId,
    cameraAssetNumber: proposal.camera?.assetNumber ?? null,
    cameraName: proposal.camera?.name ?? null,
    proposedLocation: hasLocation
      ? {
          address: proposal.address,
          ward: proposal.wardId,
          wardName: proposal.ward?.name ?? null,
          latitude: proposal.latitude,
          longitude: proposal.longitude,
        }
      : null,
    proposedBy: proposal.proposedBy,
    proposerType: proposal.proposerType,
    proposerEmail: proposal.proposerEmail,
    rationale: proposal.rationale,
    evidence: proposal.evidence,
    reviewStartedAt: proposal.reviewStartedAt?.toISOString() ?? null,
    decision: decided
      ? {
          approved: proposal.status === 'approved',
          decidedBy: proposal.decidedById,
          decidedOn: proposal.decidedOn!,
          rationale: proposal.decisionRationale!,
          body: proposal.decisionBody!,
        }
      : null,
    isDemo: proposal.isDemo,
    version: proposal.version,
    createdAt: proposal.createdAt.toISOString(),
    updatedAt: proposal.updatedAt.toISOString(),
  };
}
