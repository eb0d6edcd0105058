import { ApiProperty } from '@nestjs/swagger';
import type { IntegrityProblemCode } from '../content-record.js';
import type { CustodyEvent } from '../entities/custody-event.entity.js';
import { CUSTODY_ACTIONS, type CustodyAction } from '../evidence.enums.js';
import { formatLondon } from '../london-time.js';
import { ApiJsonValueProperty } from '../../common/openapi/api-responses.decorator.js';

export class CustodyActorResponse {
  @ApiProperty({ type: String, nullable: true, description: 'Null for the system (scheduled jobs)' }) id: string | null;
  @ApiProperty() email: string;
  @ApiProperty() role: string;
}

export class CustodyEventResponse {
  @ApiProperty() sequence: number;
  @ApiProperty({ type: String, nullable: true, description: 'Null for request-level entries' }) itemId: string | null;
  @ApiProperty({ enum: CUSTODY_ACTIONS }) action: CustodyAction;
  @ApiProperty({ type: CustodyActorResponse }) actor: CustodyActorResponse;
  @ApiProperty({ type: String, nullable: true }) organisationId: string | null;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ example: '2025-03-15 09:12:00 GMT' }) occurredAtLondon: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) correlationId: string | null;
  @ApiProperty({ type: String, nullable: true }) clientIp: string | null;
  @ApiProperty({ type: String, nullable: true }) previousHash: string | null;
  @ApiProperty() hash: string;
}

export function toCustodyEventResponse(event: CustodyEvent): CustodyEventResponse {
  return {
    sequence: event.sequence,
    itemId: event.itemId,
    action: event.action,
    actor: { id: event.actorId, email: event.actorEmail, role: event.actorRole },
    organisationId: event.organisationId,
    occurredAt: event.occurredAt.toISOString(),
    occurredAtLondon: formatLondon(event.occurredAt),
    details: event.details,
    correlationId: event.correlationId,
    clientIp: event.clientIp,
    previousHash: event.previousHash,
    hash: event.hash,
  };
}

export class CustodyChainResponse {
  @ApiProperty() itemId: string;
  @ApiProperty() requestId: string;
  @ApiProperty({ description: 'The last sequence number recorded on the item' }) headSequence: number;
  @ApiProperty({ type: String, nullable: true }) headHash: string | null;
  @ApiProperty({ type: [CustodyEventResponse], description: "The item's chain" }) events: CustodyEventResponse[];
  @ApiProperty({ type: [CustodyEventResponse], description: "The request's chain (approval, sharing, closure)" })
  requestEvents: CustodyEventResponse[];
}

export type VerificationProblemCode = IntegrityProblemCode;

export class VerificationProblem {
  @ApiProperty({ enum: ['item', 'request', 'object', 'row'], description: 'row: the item record disagrees with its chain' })
  chain: 'item' | 'request' | 'object' | 'row';
  @ApiProperty({
    enum: [
      'content_altered',
      'broken_link',
      'missing_sequence',
      'unexpected_sequence',
      'head_mismatch',
      'object_hash_mismatch',
      'object_size_mismatch',
      'object_etag_mismatch',
      'object_missing',
      'row_altered',
    ] satisfies VerificationProblemCode[],
  })
  code: VerificationProblemCode;
  @ApiProperty({ required: false, description: 'The custody entry concerned' }) sequence?: number;
  @ApiProperty() message: string;
  @ApiJsonValueProperty({ optional: true, description: 'What the chain of custody records (a SHA-256, a size or an ETag)' })
  expected?: string | number;
  @ApiJsonValueProperty({ optional: true, description: 'What was found' }) actual?: string | number;
  @ApiProperty({ required: false, type: [String], description: 'row_altered: the item fields that disagree with the chain' })
  fields?: string[];
}

export class VerificationResponse {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Null when there is no content to check (not uploaded, or deleted)' })
  objectHashOk: boolean | null;
  @ApiProperty() chainOk: boolean;
  @ApiProperty({ type: [VerificationProblem] }) problems: VerificationProblem[];
  @ApiProperty({ type: String, nullable: true, description: "From the chain's uploaded entry (the record), not the item row" })
  recordedSha256: string | null;
  @ApiProperty({ type: String, nullable: true }) actualSha256: string | null;
  @ApiProperty({ type: Number, nullable: true }) recordedSize: number | null;
  @ApiProperty({ type: Number, nullable: true }) actualSize: number | null;
  @ApiProperty() checkedAt: string;
  @ApiProperty({ description: 'The item is (now) quarantined: status integrity_failed, no download is served' })
  quarantined: boolean;
}
