import { ApiProperty } from '@nestjs/swagger';
import type { ChainProblem, ChainProblemCode } from '../custody-chain.js';
import type { ContentRecord } from '../content-record.js';
import type { CustodyReport, CustodyReportExhibit, IntegrityFailureNotice, NamedParty } from '../custody-report.types.js';
import { CustodyEventResponse } from './custody.dto.js';
import { EvidenceItemResponse, IntegrityFailureResponse, ItemIntegrityResponse } from './evidence-item.dto.js';
import { EvidenceRequestResponse } from './evidence-request.dto.js';

// The OpenAPI description of CustodyReport (JSON form of the custody report); `implements` keeps the two in step.

const CHAIN_PROBLEM_CODES = [
  'content_altered',
  'broken_link',
  'missing_sequence',
  'unexpected_sequence',
  'head_mismatch',
] as const satisfies readonly ChainProblemCode[];

export class ChainProblemResponse implements ChainProblem {
  @ApiProperty({ enum: ['item', 'request'] }) chain: 'item' | 'request';
  @ApiProperty({ enum: CHAIN_PROBLEM_CODES }) code: ChainProblemCode;
  @ApiProperty({ type: 'integer', description: 'The entry concerned; for missing_sequence, the first missing number' })
  sequence: number;
  @ApiProperty() message: string;
}

export class NamedPartyResponse implements NamedParty {
  @ApiProperty({ type: String, nullable: true }) id: string | null;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

export class ReportCameraResponse {
  @ApiProperty() id: string;
  @ApiProperty() assetNumber: string;
  @ApiProperty() name: string;
}

export class ReportGeneratedByResponse {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() role: string;
}

export class ReportRequesterResponse {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

export class RecordedContentResponse implements Omit<ContentRecord, 'sequence'> {
  @ApiProperty({ description: 'SHA-256 recorded in the uploaded custody entry, lower-case hex' }) sha256: string;
  @ApiProperty() size: number;
  @ApiProperty() storageKey: string;
  @ApiProperty({ type: String, nullable: true }) storageVersionId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'S3 ETag at upload (null in entries written before it was recorded)' })
  etag: string | null;
}

export class IntegrityFailureNoticeResponse extends IntegrityFailureResponse implements IntegrityFailureNotice {
  @ApiProperty() itemId: string;
  @ApiProperty() exhibitReference: string;
  @ApiProperty() partNumber: number;
}

export class ReportIntegrityResponse {
  @ApiProperty({ description: 'false when any exhibit failed its integrity check (quarantined)' }) ok: boolean;
  @ApiProperty({ type: [IntegrityFailureNoticeResponse] }) failures: IntegrityFailureNoticeResponse[];
}

export class CustodyReportExhibitResponse implements CustodyReportExhibit {
  @ApiProperty({ type: EvidenceItemResponse }) item: EvidenceItemResponse;
  @ApiProperty({ type: RecordedContentResponse, nullable: true, description: 'The content as the chain of custody records it' })
  recorded: RecordedContentResponse | null;
  @ApiProperty({ type: ItemIntegrityResponse }) integrity: ItemIntegrityResponse;
  @ApiProperty({ type: ReportCameraResponse, nullable: true }) camera: ReportCameraResponse | null;
  @ApiProperty() chainOk: boolean;
  @ApiProperty({ type: [ChainProblemResponse] }) problems: ChainProblemResponse[];
  @ApiProperty({ type: [CustodyEventResponse] }) events: CustodyEventResponse[];
}

export class CustodyReportResponse implements CustodyReport {
  @ApiProperty({ type: ReportIntegrityResponse, description: 'First: whether any exhibit is quarantined, and why' })
  integrity: ReportIntegrityResponse;
  @ApiProperty({ enum: ['item', 'request'] }) scope: 'item' | 'request';
  @ApiProperty() generatedAt: string;
  @ApiProperty() generatedAtLondon: string;
  @ApiProperty({ type: ReportGeneratedByResponse }) generatedBy: ReportGeneratedByResponse;
  @ApiProperty({ type: EvidenceRequestResponse }) request: EvidenceRequestResponse;
  @ApiProperty({ type: NamedPartyResponse }) requestingForce: NamedPartyResponse;
  @ApiProperty({ type: ReportRequesterResponse }) requestedBy: ReportRequesterResponse;
  @ApiProperty({ type: [ReportCameraResponse], description: 'The cameras the request named' })
  requestCameras: ReportCameraResponse[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Organisation names by id' })
  organisations: Record<string, string>;
  @ApiProperty() requestChainOk: boolean;
  @ApiProperty({ type: [ChainProblemResponse] }) requestProblems: ChainProblemResponse[];
  @ApiProperty({ type: [CustodyEventResponse] }) requestEvents: CustodyEventResponse[];
  @ApiProperty({ type: [CustodyReportExhibitResponse] }) exhibits: CustodyReportExhibitResponse[];
  @ApiProperty({ description: 'Every chain re-computed cleanly; content hashes are those recorded at upload (see /verify)' })
  chainsOk: boolean;
  @ApiProperty({ enum: ['SHA-256'] }) hashAlgorithm: 'SHA-256';
  @ApiProperty() custodyHashFormat: string;
}
