import type { ChainProblemCode } from './custody-chain.js';
import { type CustodyAction, type ItemStatus, STORED_CONTENT_STATUSES } from './evidence.enums.js';

/**
 * What the chain of custody says the evidence is: the `uploaded` entry's digest, size and storage location. The
 * item row is a mutable copy kept for queries; every check compares the stored object, and the row, with this.
 */
export interface ContentRecord {
  /** The `uploaded` entry's sequence number. */
  sequence: number;
  sha256: string;
  size: number;
  storageKey: string;
  storageVersionId: string | null;
  /** S3 ETag of the stored object at upload (absent in entries written before it was recorded). */
  etag: string | null;
}

export type IntegrityProblemCode =
  | ChainProblemCode
  | 'object_hash_mismatch'
  | 'object_size_mismatch'
  | 'object_etag_mismatch'
  | 'object_missing'
  | 'row_altered';

export interface IntegrityProblem {
  chain: 'item' | 'request' | 'object' | 'row';
  code: IntegrityProblemCode;
  /** The custody entry concerned. */
  sequence?: number;
  message: string;
  expected?: string | number;
  actual?: string | number;
  /** row_altered: the item fields that disagree with the chain. */
  fields?: string[];
}

/** Where a failed check was made. */
export const INTEGRITY_TRIGGERS = ['api', 'sweep', 'download', 'download_url', 'custody_report'] as const;
export type IntegrityTrigger = (typeof INTEGRITY_TRIGGERS)[number];

/** Why an item is quarantined: kept on the item and shown in its metadata and custody report. */
export interface IntegrityFailure {
  detectedAt: string;
  trigger: IntegrityTrigger;
  problems: IntegrityProblem[];
}

/** An observed stored object: from a HEAD, or a GET's response headers (total size for a ranged GET). */
export interface ObservedObject {
  size: number;
  etag: string | null;
}

interface ChainEntry {
  sequence: number;
  action: CustodyAction;
  details: Record<string, unknown>;
}

/** Statuses in which the item claims to hold uploaded content. */
const WITH_CONTENT = STORED_CONTENT_STATUSES;

/**
 * Actions that decide whether the content may be served, in chain order, the last one deciding: a quarantine, a
 * deletion or the recycle bin forbid it; a restore from the recycle bin allows it again.
 */
const UNSERVABLE_AFTER: CustodyAction[] = ['quarantined', 'deleted', 'deletion_scheduled'];
const SERVABLE_AGAIN_AFTER: CustodyAction[] = ['restored'];

const asString = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export const normaliseEtag = (etag: string | null | undefined): string | null => (etag ? etag.replace(/"/g, '') : null);

/** The last `uploaded` entry of an item's chain (entries in sequence order), or null if nothing was uploaded. */
export function contentRecord(entries: ChainEntry[]): ContentRecord | null {
  const uploaded = [...entries].reverse().find((entry) => entry.action === 'uploaded');
  if (!uploaded) return null;
  const { sha256, size, storageKey, storageVersionId, etag } = uploaded.details;
  if (typeof sha256 !== 'string' || typeof size !== 'number' || typeof storageKey !== 'string') return null;
  return { sequence: uploaded.sequence, sha256, size, storageKey, storageVersionId: asString(storageVersionId), etag: normaliseEtag(asString(etag)) };
}

/** Whether the chain records the content's deletion after its upload: then there is no object to check. */
export function contentDeleted(entries: ChainEntry[], record: ContentRecord): boolean {
  return entries.some((entry) => entry.sequence > record.sequence && entry.action === 'deleted');
}

/** Whether the chain, after its upload, records a quarantine or a deletion (the row must then not say available). */
function chainForbidsServing(entries: ChainEntry[], record: ContentRecord): CustodyAction | null {
  const last = [...entries]
    .reverse()
    .find((entry) => entry.sequence > record.sequence && [...UNSERVABLE_AFTER, ...SERVABLE_AGAIN_AFTER].includes(entry.action));
  return last && UNSERVABLE_AFTER.includes(last.action) ? last.action : null;
}

/** The item row against the chain: what was changed in the database behind the chain's back. */
export function rowProblems(
  item: { status: ItemStatus; sha256: string | null; sizeBytes: number | null; storageKey: string; storageVersionId: string | null },
  entries: ChainEntry[],
): IntegrityProblem[] {
  const record = contentRecord(entries);
  if (!record) {
    if (!WITH_CONTENT.includes(item.status)) return [];
    return [
      {
        chain: 'row',
        code: 'row_altered',
        message: `The item record says ${item.status}, but its chain of custody records no upload`,
        fields: ['status'],
      },
    ];
  }
  const fields: string[] = [];
  if (WITH_CONTENT.includes(item.status)) {
    if (item.sha256 !== record.sha256) fields.push('sha256');
    if (item.sizeBytes !== record.size) fields.push('size');
    if (item.storageKey !== record.storageKey) fields.push('storageKey');
    if ((item.storageVersionId ?? null) !== record.storageVersionId) fields.push('storageVersionId');
  }
  const forbidding = chainForbidsServing(entries, record);
  const hiddenDeletion = item.status === 'deleted' && !contentDeleted(entries, record);
  if ((item.status === 'available' && forbidding) || hiddenDeletion) fields.unshift('status');
  if (fields.length === 0) return [];
  return [
    {
      chain: 'row',
      code: 'row_altered',
      sequence: record.sequence,
      message: `The item record disagrees with its chain of custody (entry ${record.sequence}, uploaded${
        hiddenDeletion ? ', never deleted' : forbidding && fields[0] === 'status' ? `, later ${forbidding}` : ''
      }): ${fields.join(', ')}`,
      fields,
    },
  ];
}

/** The cheap check (HEAD or GET headers): the same size and ETag as recorded at upload. */
export function storedObjectProblems(record: ContentRecord, observed: ObservedObject): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  if (observed.size !== record.size) {
    problems.push({
      chain: 'object',
      code: 'object_size_mismatch',
      message: 'The stored content no longer has the size recorded at upload',
      expected: record.size,
      actual: observed.size,
    });
  }
  const etag = normaliseEtag(observed.etag);
  if (record.etag && etag !== record.etag) {
    problems.push({
      chain: 'object',
      code: 'object_etag_mismatch',
      message: 'The stored object was replaced after upload: its ETag is not the one recorded',
      expected: record.etag,
      actual: etag ?? '(none)',
    });
  }
  return problems;
}

/**
 * The full check: the re-computed SHA-256 and size against the record. A replaced object whose bytes hash the same is
 * still reported (by its ETag), since something other than the upload wrote it.
 */
export function contentProblems(record: ContentRecord, actual: { sha256: string; size: number; etag: string | null }): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  if (actual.sha256 !== record.sha256) {
    problems.push({
      chain: 'object',
      code: 'object_hash_mismatch',
      message: 'The stored content no longer matches the SHA-256 recorded at upload',
      expected: record.sha256,
      actual: actual.sha256,
    });
  }
  if (actual.size !== record.size) {
    problems.push({
      chain: 'object',
      code: 'object_size_mismatch',
      message: 'The stored content no longer has the size recorded at upload',
      expected: record.size,
      actual: actual.size,
    });
  }
  if (problems.length === 0) problems.push(...storedObjectProblems(record, { size: actual.size, etag: actual.etag }));
  return problems;
}

export const objectMissing = (storageKey: string): IntegrityProblem => ({
  chain: 'object',
  code: 'object_missing',
  message: `The stored object ${storageKey} is missing`,
});

/** The short form kept in custody entries. */
export const problemCodes = (problems: IntegrityProblem[]) =>
  problems.map(({ chain, code, sequence, fields }) => ({ chain, code, sequence: sequence ?? null, ...(fields ? { fields } : {}) }));

/** The quarantined items among `items`, with why, for the top of a custody report. */
export function integrityFailureNotices(
  items: { id: string; exhibitReference: string; partNumber: number; integrityFailure: IntegrityFailure | null }[],
) {
  return items
    .filter((item) => item.integrityFailure !== null)
    .map((item) => ({ itemId: item.id, exhibitReference: item.exhibitReference, partNumber: item.partNumber, ...item.integrityFailure! }));
}
