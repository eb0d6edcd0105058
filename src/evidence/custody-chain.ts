import { createHash } from 'node:crypto';

/** Identifies the serialisation; a future change of the hashed fields gets a new value. */
export const CUSTODY_HASH_FORMAT = 'medway-custody/1';

/** The fields of a custody entry that its hash covers (everything but the database id and the hash itself). */
export interface CustodyHashInput {
  chainId: string;
  sequence: number;
  requestId: string;
  itemId: string | null;
  action: string;
  actorId: string | null;
  actorEmail: string;
  actorRole: string;
  organisationId: string | null;
  occurredAt: Date;
  details: Record<string, unknown>;
  correlationId: string | null;
  clientIp: string | null;
  previousHash: string | null;
}

export interface StoredCustodyEntry extends CustodyHashInput {
  hash: string;
}

export type ChainProblemCode = 'content_altered' | 'broken_link' | 'missing_sequence' | 'unexpected_sequence' | 'head_mismatch';

export interface ChainProblem {
  chain: 'item' | 'request';
  code: ChainProblemCode;
  /** The entry concerned; for missing_sequence, the first missing number. */
  sequence: number;
  message: string;
}

/** JSON with object keys sorted at every level, so the same values always serialise to the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('Custody details cannot hold NaN/Infinity');
  return JSON.stringify(value);
}

export function custodyHash(entry: CustodyHashInput): string {
  const payload = canonicalJson({
    format: CUSTODY_HASH_FORMAT,
    chainId: entry.chainId,
    sequence: entry.sequence,
    requestId: entry.requestId,
    itemId: entry.itemId,
    action: entry.action,
    actorId: entry.actorId,
    actorEmail: entry.actorEmail,
    actorRole: entry.actorRole,
    organisationId: entry.organisationId,
    occurredAt: entry.occurredAt,
    details: entry.details,
    correlationId: entry.correlationId,
    clientIp: entry.clientIp,
    previousHash: entry.previousHash,
  });
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}

/**
 * Re-computes every link of a chain (entries in sequence order) and checks it against the head recorded on the item
 * or request. Reports each altered entry, each broken link, each gap in the numbering and a missing tail.
 */
export function verifyChain(
  chain: 'item' | 'request',
  entries: StoredCustodyEntry[],
  head: { sequence: number; hash: string | null },
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const add = (code: ChainProblemCode, sequence: number, message: string) =>
    problems.push({ chain, code, sequence, message });
  let previous: StoredCustodyEntry | null = null;
  for (const entry of entries) {
    const expected = (previous?.sequence ?? 0) + 1;
    if (entry.sequence > expected) {
      const last = entry.sequence - 1;
      add('missing_sequence', expected, expected === last ? `Entry ${expected} is missing` : `Entries ${expected}–${last} are missing`);
    } else if (entry.sequence < expected) {
      add('unexpected_sequence', entry.sequence, `Entry ${entry.sequence} is out of order or duplicated`);
    } else if (entry.previousHash !== (previous?.hash ?? null)) {
      add('broken_link', entry.sequence, `Entry ${entry.sequence} does not link to the hash of entry ${expected - 1}`);
    }
    if (custodyHash(entry) !== entry.hash) {
      add('content_altered', entry.sequence, `Entry ${entry.sequence} was altered: its content no longer matches its hash`);
    }
    previous = entry;
  }
  const lastSequence = previous?.sequence ?? 0;
  if (lastSequence < head.sequence) {
    add(
      'missing_sequence',
      lastSequence + 1,
      lastSequence + 1 === head.sequence
        ? `Entry ${head.sequence} (the last recorded) is missing`
        : `Entries ${lastSequence + 1}–${head.sequence} (the last recorded) are missing`,
    );
  } else if (lastSequence > head.sequence || (previous && previous.hash !== head.hash)) {
    add('head_mismatch', lastSequence, `The chain ends at entry ${lastSequence}, which is not the recorded head (${head.sequence})`);
  }
  return problems;
}
