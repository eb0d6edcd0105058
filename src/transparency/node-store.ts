/**
 * Storage of the tree: every perfect-subtree node (level, index) is written once, when its last leaf arrives, and
 * never changes. Appending k leaves to a tree of size n reads the right-edge frontier of size n (at most log2(n)
 * nodes, one batch) and yields the new nodes to insert: the k leaf hashes (level 0) and the at most k interior nodes
 * they complete, so appends are O(1) amortised (O(log n) for the rare leaf that completes a large subtree).
 *
 * The database implementation is then: one SELECT of the frontier ids, one batch INSERT of `nodes` in the same
 * transaction as the leaf rows, and (level, index) as the primary key.
 */
import { HASH_SIZE, nodeHash } from './verify-core.js';
import { foldSubtrees, rootPlan, type NodeId, type NodeReader } from './merkle.js';

export interface StoredNode extends NodeId {
  readonly hash: Uint8Array;
}

export interface NodeStore extends NodeReader {
  /** Persists new nodes; a node is never written twice. */
  putNodes(nodes: readonly StoredNode[]): Promise<void> | void;
}

export interface AppendResult {
  /** Tree size after the append. */
  size: number;
  /** Root hash of the tree of that size. */
  root: Uint8Array;
  /** Nodes to persist in the order they complete (so each level ascending): every leaf hash (level 0) and each interior node completed. */
  nodes: StoredNode[];
  /** The frontier of the new size (what rootPlan(size) names), e.g. to keep for the next append. */
  frontier: StoredNode[];
}

function assertHash(hash: Uint8Array, what: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) throw new Error(`${what} must be a ${HASH_SIZE}-byte hash`);
}

/**
 * Appends leaf hashes to a tree of `size` leaves whose frontier hashes (in rootPlan(size) order) are given.
 * Pure: nothing is read or written.
 */
export function appendToFrontier(size: number, frontier: readonly Uint8Array[], leafHashes: readonly Uint8Array[]): AppendResult {
  const ids = rootPlan(size);
  if (frontier.length !== ids.length) throw new Error(`a tree of size ${size} has ${ids.length} frontier nodes, not ${frontier.length}`);
  const stack: StoredNode[] = ids.map((id, i) => {
    assertHash(frontier[i], `frontier node (${id.level}, ${id.index})`);
    return { ...id, hash: frontier[i] };
  });
  const nodes: StoredNode[] = [];
  let next = size;
  for (const hash of leafHashes) {
    assertHash(hash, `leaf ${next}`);
    let node: StoredNode = { level: 0, index: next, hash };
    nodes.push(node);
    next += 1;
    // A right child completes its parent whenever the node below it on the stack is its left sibling.
    while (stack.length > 0 && stack[stack.length - 1].level === node.level) {
      const left = stack.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
      nodes.push(node);
    }
    stack.push(node);
  }
  if (!Number.isSafeInteger(next)) throw new Error('the tree would outgrow exact integer indices');
  return { size: next, root: foldSubtrees(stack.map((n) => n.hash)), nodes, frontier: stack };
}

/** Reads the frontier of `size` from the store and appends: returns what to persist (does not write it). */
export async function appendLeaves(reader: NodeReader, size: number, leafHashes: readonly Uint8Array[]): Promise<AppendResult> {
  const ids = rootPlan(size);
  const frontier = await reader.getNodes(ids);
  return appendToFrontier(size, frontier, leafHashes);
}

/**
 * In-memory NodeStore on one growing byte array per level (32 bytes a node), for tests and benchmarks: a tree of
 * n leaves holds about 2n nodes, 64 MiB per million leaves. Nodes must arrive in order at each level, as
 * appendToFrontier yields them, which also checks that no node is ever rewritten.
 */
export class MemoryNodeStore implements NodeStore {
  private readonly levels: { bytes: Uint8Array; count: number }[] = [];

  /** @param expectedLeaves capacity to reserve up front (avoids copying large arrays while growing) */
  constructor(private readonly expectedLeaves = 0) {}

  /** Number of leaves (level-0 nodes) stored. */
  get size(): number {
    return this.levels[0]?.count ?? 0;
  }

  get(level: number, index: number): Uint8Array {
    const row = this.levels[level];
    if (!row || !Number.isSafeInteger(index) || index < 0 || index >= row.count) throw new Error(`node (${level}, ${index}) is not stored`);
    return row.bytes.slice(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }

  getNodes(ids: readonly NodeId[]): Uint8Array[] {
    return ids.map((id) => this.get(id.level, id.index));
  }

  putNodes(nodes: readonly StoredNode[]): void {
    for (const node of nodes) {
      assertHash(node.hash, `node (${node.level}, ${node.index})`);
      const row = this.row(node.level);
      if (node.index !== row.count) throw new Error(`node (${node.level}, ${node.index}) is out of order: level ${node.level} holds ${row.count}`);
      if ((row.count + 1) * HASH_SIZE > row.bytes.length) this.grow(row);
      row.bytes.set(node.hash, row.count * HASH_SIZE);
      row.count += 1;
    }
  }

  private row(level: number) {
    while (this.levels.length <= level) {
      const reserve = Math.floor(this.expectedLeaves / 2 ** this.levels.length);
      this.levels.push({ bytes: new Uint8Array(Math.max(reserve, 16) * HASH_SIZE), count: 0 });
    }
    return this.levels[level];
  }

  private grow(row: { bytes: Uint8Array; count: number }): void {
    const bytes = new Uint8Array(row.bytes.length * 2);
    bytes.set(row.bytes);
    row.bytes = bytes;
  }
}
