/**
 * C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint) bodies and the log's one signing rule: never sign a checkpoint
 * that is inconsistent with one signed before (smaller, a different root for the same size, or a tree that the
 * store cannot prove extends the last one).
 */
import { NoteSigner, signNote } from './note.js';
import {
  EMPTY_ROOT,
  equalBytes,
  HASH_SIZE,
  encodeBase64,
  openCheckpoint,
  parseCheckpointBody,
  verifyConsistency,
  VerificationError,
  type Checkpoint,
  type NoteVerifierKey,
} from './verify-core.js';

export type { Checkpoint } from './verify-core.js';

export interface TreeHead {
  size: number;
  rootHash: Uint8Array;
}

export interface SignedCheckpoint {
  checkpoint: Checkpoint;
  /** The whole signed note, as served at /checkpoint and published. */
  note: string;
}

/** Origin, decimal size, base64 root hash and extension lines, each ending in a newline. */
export function formatCheckpointBody(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions } = checkpoint;
  if (rootHash.length !== HASH_SIZE) throw new Error(`the root hash must have ${HASH_SIZE} bytes`);
  const text = [origin, String(size), encodeBase64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
  const parsed = parseCheckpointBody(text); // one set of rules: what we write must be what we accept
  if (parsed.origin !== origin || parsed.size !== size || parsed.extensions.length !== extensions.length) {
    throw new Error('the origin and extension lines must be single non-empty lines');
  }
  return text;
}

export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): SignedCheckpoint {
  return { checkpoint, note: signNote(formatCheckpointBody(checkpoint), [signer]) };
}

export const CHECKPOINT_REFUSALS = ['smaller_size', 'fork', 'inconsistent', 'untrusted_previous'] as const;
export type CheckpointRefusal = (typeof CHECKPOINT_REFUSALS)[number];

export class InconsistentCheckpointError extends Error {
  constructor(
    readonly code: CheckpointRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'InconsistentCheckpointError';
  }
}

/** Consistency proof between two sizes of the log's own tree (e.g. consistencyProof over the node store). */
export type ConsistencyProver = (from: number, to: number) => Promise<readonly Uint8Array[]> | readonly Uint8Array[];

/** Throws unless `next` extends `previous` (null: nothing signed yet), proving it when the tree grew. */
export async function assertExtends(previous: TreeHead | null, next: TreeHead, prove: ConsistencyProver): Promise<void> {
  if (!previous) return;
  const refuse = (code: CheckpointRefusal, message: string): never => {
    throw new InconsistentCheckpointError(code, `refusing to sign tree size ${next.size}: ${message}`);
  };
  if (next.size < previous.size) refuse('smaller_size', `a checkpoint of size ${previous.size} was signed already`);
  if (next.size === previous.size) {
    if (!equalBytes(next.rootHash, previous.rootHash)) refuse('fork', `a different root hash was signed for this size`);
    return;
  }
  if (previous.size === 0) {
    if (!equalBytes(previous.rootHash, EMPTY_ROOT)) refuse('inconsistent', 'the signed empty tree has a root other than the empty hash');
    return;
  }
  try {
    verifyConsistency(previous.size, next.size, await prove(previous.size, next.size), previous.rootHash, next.rootHash);
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    refuse('inconsistent', `it does not extend the signed tree of size ${previous.size} (${error.message})`);
  }
}

/** Where signed checkpoints are kept: in the database, read and written in one transaction under one lock. */
export interface CheckpointLedger {
  /** The latest checkpoint signed (the largest size), or null. */
  lastSigned(): Promise<SignedCheckpoint | null> | SignedCheckpoint | null;
  record(signed: SignedCheckpoint): Promise<void> | void;
}

export interface CheckpointSignerOptions {
  signer: NoteSigner;
  /** The log's origin line; by default the key name, as the spec recommends. */
  origin?: string;
  /** Earlier keys of this log, so that a checkpoint signed before a key rotation is still trusted as the last one. */
  previousKeys?: readonly NoteVerifierKey[];
}

/**
 * Signs checkpoints, each only after checking it extends the last one in the ledger (whose signature it checks too,
 * so a row slipped into the table cannot steer it). Calls are serialised within the process; across processes the
 * ledger's transaction and lock must serialise them.
 */
export class CheckpointSigner {
  readonly origin: string;
  private readonly signer: NoteSigner;
  private readonly trustedKeys: readonly NoteVerifierKey[];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: CheckpointSignerOptions) {
    this.signer = options.signer;
    this.origin = options.origin ?? options.signer.name;
    this.trustedKeys = [options.signer.verifierKey, ...(options.previousKeys ?? [])];
  }

  /** The verifier key to serve and print. */
  get vkey(): string {
    return this.signer.vkey;
  }

  sign(head: TreeHead, context: { ledger: CheckpointLedger; prove: ConsistencyProver }): Promise<SignedCheckpoint> {
    const run = this.queue.then(() => this.signNext(head, context));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async signNext(head: TreeHead, { ledger, prove }: { ledger: CheckpointLedger; prove: ConsistencyProver }): Promise<SignedCheckpoint> {
    const last = await ledger.lastSigned();
    const previous = last ? this.trusted(last) : null;
    await assertExtends(previous, head, prove);
    if (last && previous && previous.size === head.size) return last;
    const signed = signCheckpoint({ origin: this.origin, size: head.size, rootHash: head.rootHash, extensions: [] }, this.signer);
    await ledger.record(signed);
    return signed;
  }

  private trusted(last: SignedCheckpoint): Checkpoint {
    for (const key of this.trustedKeys) {
      try {
        return openCheckpoint(last.note, key, this.origin).checkpoint;
      } catch (error) {
        if (!(error instanceof VerificationError)) throw error;
      }
    }
    throw new InconsistentCheckpointError('untrusted_previous', 'the last checkpoint in the ledger is not one this log signed');
  }
}
