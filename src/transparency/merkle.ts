/**
 * RFC 9162 Merkle tree over stored perfect subtrees: which nodes a root, an inclusion proof (§2.1.3.1) or a
 * consistency proof (§2.1.4.1) needs, and building them from a NodeReader that fetches those nodes in one batch.
 *
 * A node (level, index) is the root of the perfect subtree over leaves [index·2^level, (index+1)·2^level). Once its
 * last leaf is appended its hash never changes, so stored nodes are immutable and every hash the tree can ever need
 * is a right fold of at most log2(n) of them: no root or proof ever reads all leaves.
 */
import { EMPTY_ROOT, nodeHash } from './verify-core.js';

export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** Reads stored perfect-subtree nodes, in the order asked; a missing node is an error, not an empty result. */
export interface NodeReader {
  getNodes(ids: readonly NodeId[]): Promise<readonly Uint8Array[]> | readonly Uint8Array[];
}

/** Each element of a proof is the right fold of these stored nodes (one node when the element is a perfect subtree). */
export type ProofPlan = readonly (readonly NodeId[])[];

/** A requested index or size outside the tree (the caller's input, so a 4xx). */
export class TreeRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'TreeRangeError';
  }
}

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new TreeRangeError(`${what} must be a non-negative integer`);
}

/** Largest power of two strictly below n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The perfect subtrees covering [start, end), strictly largest first, so that their right fold is MTH(D[start:end]).
 * Every range the RFC 9162 recursion produces decomposes so (its start is a multiple of a power of two >= its
 * length); any other range is refused.
 */
export function subtreeNodes(start: number, end: number): NodeId[] {
  const ids: NodeId[] = [];
  let width = 1;
  let level = 0;
  while (width * 2 <= end - start) {
    width *= 2;
    level += 1;
  }
  // Widths only shrink: each piece is the widest aligned block that fits below the previous one.
  for (let position = start; position < end; position += width) {
    while (position % width !== 0 || position + width > end) {
      width /= 2;
      level -= 1;
    }
    if (ids.length > 0 && ids[ids.length - 1].level === level) throw new Error(`[${start}, ${end}) is not an aligned subtree range`);
    ids.push({ level, index: position / width });
  }
  return ids;
}

/** MTH of an aligned range from its subtrees, largest first: h1 ‖ (h2 ‖ (… ‖ hk)). */
export function foldSubtrees(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return EMPTY_ROOT;
  let hash = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i -= 1) hash = nodeHash(hashes[i], hash);
  return hash;
}

/** The stored nodes whose fold is the root of the tree of this size (also the tree's right-edge "frontier"). */
export function rootPlan(size: number): NodeId[] {
  assertCount(size, 'size');
  return subtreeNodes(0, size);
}

/** PATH(index, D[size]) of RFC 9162 §2.1.3.1, leaf's sibling first. */
export function inclusionPlan(index: number, size: number): ProofPlan {
  assertCount(index, 'index');
  assertCount(size, 'size');
  if (index >= size) throw new TreeRangeError(`index ${index} is not below tree size ${size}`);
  const siblings: [number, number][] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      siblings.push([lo + k, hi]);
      hi = lo + k;
    } else {
      siblings.push([lo, lo + k]);
      lo += k;
    }
  }
  return siblings.reverse().map(([start, end]) => subtreeNodes(start, end));
}

/** PROOF(from, D[to]) of RFC 9162 §2.1.4.1; requires 0 < from <= to (equal sizes: an empty proof). */
export function consistencyPlan(from: number, to: number): ProofPlan {
  assertCount(from, 'from');
  assertCount(to, 'to');
  if (from === 0) throw new TreeRangeError('a consistency proof starts from a non-empty tree');
  if (from > to) throw new TreeRangeError(`from ${from} is larger than to ${to}`);
  const ranges: [number, number][] = [];
  let lo = 0;
  let hi = to;
  let wholeOldTree = true; // the RFC's b: still on the path where the old tree's root is the known first hash
  while (from !== hi) {
    const k = splitPoint(hi - lo);
    if (from <= lo + k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
      wholeOldTree = false;
    }
  }
  if (!wholeOldTree) ranges.push([lo, hi]);
  return ranges.reverse().map(([start, end]) => subtreeNodes(start, end));
}

/** Fetches every node of a plan in one read and folds each element. */
export async function readPlan(reader: NodeReader, plan: ProofPlan): Promise<Uint8Array[]> {
  const ids = plan.flat();
  const hashes = await reader.getNodes(ids);
  if (hashes.length !== ids.length) throw new Error(`the node store returned ${hashes.length} nodes for ${ids.length} asked`);
  let offset = 0;
  return plan.map((element) => {
    const folded = foldSubtrees(hashes.slice(offset, offset + element.length));
    offset += element.length;
    return folded;
  });
}

export async function treeRoot(reader: NodeReader, size: number): Promise<Uint8Array> {
  const [root] = await readPlan(reader, [rootPlan(size)]);
  return root;
}

export function inclusionProof(reader: NodeReader, index: number, size: number): Promise<Uint8Array[]> {
  return readPlan(reader, inclusionPlan(index, size));
}

export function consistencyProof(reader: NodeReader, from: number, to: number): Promise<Uint8Array[]> {
  return readPlan(reader, consistencyPlan(from, to));
}

/** MTH(D[start:end]) of RFC 9162 §2.1.1 straight from its definition, over leaf hashes: the reference for tests. */
export function merkleTreeHash(leafHashes: readonly Uint8Array[], start = 0, end = leafHashes.length): Uint8Array {
  const n = end - start;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leafHashes[start];
  const k = splitPoint(n);
  return nodeHash(merkleTreeHash(leafHashes, start, start + k), merkleTreeHash(leafHashes, start + k, end));
}
