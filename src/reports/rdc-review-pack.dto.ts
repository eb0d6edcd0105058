import { ApiProperty } from '@nestjs/swagger';
import { ApiCountsProperty } from '../common/openapi/api-responses.decorator.js';
import { ActivityFigures } from '../imports/activity-figures.dto.js';
import type { EvidenceRequestSummary, PeriodActivity, RdcReviewPack } from './rdc-review-pack.service.js';

// The OpenAPI description of RdcReviewPack; `implements` keeps the two in step.

type ReviewPackDeployment = RdcReviewPack['deployment'];

export class ReviewPackDeploymentResponse implements ReviewPackDeployment {
  @ApiProperty() id: string;
  @ApiProperty() cameraId: string;
  @ApiProperty() assetNumber: string;
  @ApiProperty() address: string;
  @ApiProperty() wardId: string;
  @ApiProperty({ type: String, nullable: true }) wardName: string | null;
  @ApiProperty({ example: '2025-03-01' }) deployedOn: string;
  @ApiProperty({ type: String, nullable: true }) closedOn: string | null;
  @ApiProperty() status: string;
  @ApiProperty() reviewDueOn: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [String] }) crimeTypes: string[];
}

export class WardOtherCamerasActivity extends ActivityFigures {
  @ApiProperty({ type: 'integer', description: 'Other cameras now in the ward' }) cameras: number;
}

export class PeriodActivityResponse implements PeriodActivity {
  @ApiProperty({ example: '2025-03' }) from: string;
  @ApiProperty({ example: '2025-05' }) to: string;
  @ApiProperty({ type: [String] }) months: string[];
  @ApiProperty({ type: [String], description: 'Months of the period without a committed Kyndi report' })
  monthsWithoutReport: string[];
  @ApiProperty({ type: ActivityFigures }) camera: ActivityFigures;
  @ApiProperty({ type: WardOtherCamerasActivity }) wardOtherCameras: WardOtherCamerasActivity;
}

export class EvidenceRequestSummaryResponse implements EvidenceRequestSummary {
  @ApiProperty() id: string;
  @ApiProperty() offenceType: string;
  @ApiProperty() status: string;
  @ApiProperty() urgency: string;
  @ApiProperty() windowStart: string;
  @ApiProperty() windowEnd: string;
  @ApiProperty() createdAt: string;
}

export class ReviewPackEvidenceRequests {
  @ApiProperty({ type: 'integer' }) count: number;
  @ApiProperty({ type: [EvidenceRequestSummaryResponse] }) items: EvidenceRequestSummaryResponse[];
}

export class ReviewPackFaults {
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiCountsProperty({ description: 'Faults raised during the deployment, by category' }) byCategory: Record<string, number>;
}

export class RdcReviewPackResponse implements RdcReviewPack {
  @ApiProperty({ type: ReviewPackDeploymentResponse }) deployment: ReviewPackDeploymentResponse;
  @ApiProperty({ type: PeriodActivityResponse, description: 'Every month the deployment touches' }) during: PeriodActivityResponse;
  @ApiProperty({ type: PeriodActivityResponse, description: 'The same number of months before it' }) before: PeriodActivityResponse;
  @ApiProperty({ type: ActivityFigures, description: 'during − before' }) change: ActivityFigures;
  @ApiProperty({ type: ReviewPackEvidenceRequests }) evidenceRequests: ReviewPackEvidenceRequests;
  @ApiProperty({ type: ReviewPackFaults }) faultsRaised: ReviewPackFaults;
}
