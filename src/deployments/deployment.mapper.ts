import type { CameraDeployment } from './camera-deployment.entity.js';
import type { DeploymentReview } from './deployment-review.entity.js';
import type { DeploymentDetailResponse, DeploymentResponse, ReviewResponse } from './deployment.dto.js';
import { daysBetween } from '../common/time/calendar.js';

/**
 * `deployment.camera` and `deployment.ward` should be loaded for the asset number and ward name; `on` is today (the
 * service's Clock), from which the days until the review are counted.
 */
export function toDeploymentResponse(deployment: CameraDeployment, on: string): DeploymentResponse {
  return {
    id: deployment.id,
    cameraId: deployment.cameraId,
    cameraAssetNumber: deployment.camera?.assetNumber ?? null,
    cameraName: deployment.camera?.name ?? null,
    address: deployment.address,
    ward: deployment.wardId,
    wardName: deployment.ward?.name ?? null,
    latitude: deployment.latitude,
    longitude: deployment.longitude,
    deployedOn: deployment.deployedOn,
    reason: deployment.reason,
    crimeTypes: deployment.crimeTypes,
    requestedBy: deployment.requestedBy,
    status: deployment.status,
    reviewDueOn: deployment.reviewDueOn,
    daysUntilReview: deployment.status === 'active' ? daysBetween(on, deployment.reviewDueOn) : null,
    closedOn: deployment.closedOn,
    closedReason: deployment.closedReason,
    outcome: deployment.outcome,
    isDemo: deployment.isDemo,
    version: deployment.version,
    createdAt: deployment.createdAt.toISOString(),
    updatedAt: deployment.updatedAt.toISOString(),
  };
}

export function toReviewResponse(review: DeploymentReview): ReviewResponse {
  return {
    id: review.id,
    deploymentId: review.deploymentId,
    reviewedOn: review.reviewedOn,
    outcome: review.outcome,
    notes: review.notes,
    attendees: review.attendees.map((a) => ({ name: a.name, organisation: a.organisation, role: a.role ?? null })),
    evidenceConsidered: review.evidenceConsidered,
    extendWeeks: review.extendWeeks,
    previousReviewDueOn: review.previousReviewDueOn,
    newReviewDueOn: review.newReviewDueOn,
    reviewerId: review.reviewerId,
    createdAt: review.createdAt.toISOString(),
  };
}

export function toDeploymentDetailResponse(deployment: CameraDeployment, reviews: DeploymentReview[], on: string): DeploymentDetailResponse {
  return { ...toDeploymentResponse(deployment, on), reviews: reviews.map(toReviewResponse) };
}
