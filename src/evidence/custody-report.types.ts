import type { ContentRecord, IntegrityFailure } from './content-record.js';
import type { ChainProblem } from './custody-chain.js';
import type { CustodyEventResponse } from './dto/custody.dto.js';
import type { EvidenceItemResponse, ItemIntegrityResponse } from './dto/evidence-item.dto.js';
import type { EvidenceRequestResponse } from './dto/evidence-request.dto.js';

export interface NamedParty {
  id: string | null;
  name: string | null;
}

export interface CustodyReportExhibit {
  item: EvidenceItemResponse;
  /** The content as the chain of custody records it (its uploaded entry); null when nothing was uploaded. */
  recorded: Omit<ContentRecord, 'sequence'> | null;
  integrity: ItemIntegrityResponse;
  camera: { id: string; assetNumber: string; name: string } | null;
  chainOk: boolean;
  problems: ChainProblem[];
  events: CustodyEventResponse[];
}

/** What GET …/custody-report returns (JSON) and renders (HTML): one document for a statement or exhibit bundle. */
/** A quarantined exhibit, listed at the top of the report. */
export interface IntegrityFailureNotice extends IntegrityFailure {
  itemId: string;
  exhibitReference: string;
  partNumber: number;
}

export interface CustodyReport {
  /** First, so that no reader misses it: false when any exhibit failed its integrity check (quarantined). */
  integrity: { ok: boolean; failures: IntegrityFailureNotice[] };
  scope: 'item' | 'request';
  generatedAt: string;
  generatedAtLondon: string;
  generatedBy: { id: string; email: string; role: string };
  request: EvidenceRequestResponse;
  requestingForce: NamedParty;
  requestedBy: { id: string; email: string | null; name: string | null };
  /** The cameras the request named. */
  requestCameras: { id: string; assetNumber: string; name: string }[];
  organisations: Record<string, string>;
  requestChainOk: boolean;
  requestProblems: ChainProblem[];
  requestEvents: CustodyEventResponse[];
  exhibits: CustodyReportExhibit[];
  /** Whether every chain re-computed cleanly; content hashes are those recorded at upload (see /verify). */
  chainsOk: boolean;
  hashAlgorithm: 'SHA-256';
  custodyHashFormat: string;
}
