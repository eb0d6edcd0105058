/**
 * Storage of the tree: every perfect-subtree node (level, index) is written once, when its last leaf arrives, and
 * never changes. Appending k leaves to a tree of size n reads the frontier nodes of size n that they complete into
 * parents (one batch; on average one node for one leaf) and yields the new nodes to insert: the k leaf hashes
 * (level 0) and the at most k interior nodes they complete. Appends are O(1) amortised (O(log n) for the rare leaf
 * that completes a large subtree): apart from O(log n) index arithmetic, no read or hash grows with the log.
 *
 * The database implementation is then: one SELECT of the merged frontier ids, one batch INSERT of `nodes` in the
 * same transaction as the leaf rows, and (level, index) as the primary key.
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
  /** Nodes to persist in the order they complete (so each level ascending): every leaf hash (level 0) and each interior node completed. */
  nodes: StoredNode[];
}

function assertHash(hash: Uint8Array, what: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) throw new Error(`${what} must be a ${HASH_SIZE}-byte hash`);
}

/**
 * The frontier nodes of `size` that appending `count` leaves completes into parents: a suffix of rootPlan(size)
 * (the lowest levels), on average one node when one leaf is appended. The rest of the frontier is not touched.
 */
export function mergedFrontier(size: number, count: number): NodeId[] {
  const ids = rootPlan(size);
  let first = ids.length;
  // A frontier node is always a left child; it merges once its right sibling is complete.
  while (first > 0 && (ids[first - 1].index + 2) * 2 ** ids[first - 1].level <= size + count) first -= 1;
  return ids.slice(first);
}

/** The append itself, on a stack that holds (at least) the merged frontier, lowest level last. */
function grow(size: number, stack: StoredNode[], leafHashes: readonly Uint8Array[]): AppendResult {
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
  return { size: next, nodes };
}

const withHashes = (ids: readonly NodeId[], hashes: readonly Uint8Array[], what: string): StoredNode[] => {
  if (hashes.length !== ids.length) throw new Error(`${what}: ${ids.length} nodes needed, ${hashes.length} given`);
  return ids.map((id, i) => {
    assertHash(hashes[i], `frontier node (${id.level}, ${id.index})`);
    return { ...id, hash: hashes[i] };
  });
};

/**
 * Appends leaf hashes to a tree of `size` leaves whose whole frontier (hashes in rootPlan(size) order) is known,
 * e.g. kept in memory by a bulk loader. Pure. Returns the new frontier too; frontierRoot(frontier) is the new root.
 */
export function appendToFrontier(size: number, frontier: readonly Uint8Array[], leafHashes: readonly Uint8Array[]): AppendResult & { frontier: StoredNode[] } {
  const stack = withHashes(rootPlan(size), frontier, `the frontier of tree size ${size}`);
  const appended = grow(size, stack, leafHashes);
  return { ...appended, frontier: stack };
}

/** Root hash of the tree whose frontier this is. */
export function frontierRoot(frontier: readonly StoredNode[]): Uint8Array {
  return foldSubtrees(frontier.map((node) => node.hash));
}

/**
 * Appends through a store: reads only the frontier nodes the new leaves merge (one query) and returns what to
 * persist. Writes nothing; the root, when wanted, is treeRoot(reader, size) after the nodes are stored.
 */
export async function appendLeaves(reader: NodeReader, size: number, leafHashes: readonly Uint8Array[]): Promise<AppendResult> {
  const ids = mergedFrontier(size, leafHashes.length);
  const stack = withHashes(ids, ids.length === 0 ? [] : await reader.getNodes(ids), 'the node store');
  return grow(size, stack, leafHashes);
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
