import { merkleTreeHash, rootPlan, treeRoot, type NodeId } from './merkle.js';
import { appendLeaves, appendToFrontier, frontierRoot, MemoryNodeStore, mergedFrontier } from './node-store.js';
import { EMPTY_ROOT, leafHash } from './verify-core.js';

const leaves = (from: number, count: number) => Array.from({ length: count }, (_, i) => leafHash(Buffer.from(`leaf ${from + i}`)));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('appending to stored perfect subtrees', () => {
  it('yields each leaf once and each interior node once, as it completes: 2n − popcount(n) nodes in all', async () => {
    const store = new MemoryNodeStore();
    let written = 0;
    let mostForOneLeaf = 0;
    for (let size = 0; size < 1030; size += 1) {
      const appended = await appendLeaves(store, size, leaves(size, 1));
      store.putNodes(appended.nodes);
      written += appended.nodes.length;
      mostForOneLeaf = Math.max(mostForOneLeaf, appended.nodes.length);
      const n = size + 1;
      expect(written).toBe(2 * n - n.toString(2).split('').filter((bit) => bit === '1').length);
    }
    expect(mostForOneLeaf).toBe(11); // the 1024th leaf completes levels 0..10
  });

  it('reads only the frontier nodes the new leaves complete: one per appended leaf on average, nothing growing with the log', async () => {
    const store = new MemoryNodeStore();
    let reads = 0;
    const counting = { getNodes: (ids: readonly NodeId[]) => ((reads += ids.length), store.getNodes(ids)) };
    for (let size = 0; size < 4096; size += 1) store.putNodes((await appendLeaves(counting, size, leaves(size, 1))).nodes);
    expect(reads).toBe(4096 - 1); // each interior node is built from exactly one stored left sibling
    expect(mergedFrontier(0b1011, 1)).toEqual([
      { level: 1, index: 4 },
      { level: 0, index: 10 },
    ]);
    expect(mergedFrontier(0b1011, 5)).toEqual(rootPlan(0b1011)); // 16 leaves: everything merges
    expect(mergedFrontier(0b1000, 7)).toEqual([]);
    reads = 0;
    const batch = await appendLeaves(counting, 4096, leaves(4096, 1000));
    expect(reads).toBe(0); // 4096 is a perfect tree: its root is a left sibling only once 8192 leaves exist
    store.putNodes(batch.nodes);
    expect(Buffer.from(await treeRoot(store, 5096)).toString('hex')).toBe(hex(merkleTreeHash(leaves(0, 5096))));
  });

  it('is the same in one batch as leaf by leaf, and the returned frontier continues the tree without reads', () => {
    const all = leaves(0, 300);
    const oneBatch = appendToFrontier(0, [], all);
    let size = 0;
    let frontier: Uint8Array[] = [];
    const nodes = [];
    for (const leaf of all) {
      const step = appendToFrontier(size, frontier, [leaf]);
      nodes.push(...step.nodes);
      ({ size } = step);
      frontier = step.frontier.map((n) => n.hash);
    }
    expect(nodes).toEqual(oneBatch.nodes);
    expect(hex(frontierRoot(oneBatch.frontier))).toBe(hex(merkleTreeHash(all)));
    expect(frontierRoot(appendToFrontier(300, frontier, []).frontier)).toEqual(frontierRoot(oneBatch.frontier));
  });

  it('returns the empty root for an empty append to an empty tree', () => {
    expect(appendToFrontier(0, [], [])).toEqual({ size: 0, nodes: [], frontier: [] });
    expect(frontierRoot([])).toEqual(EMPTY_ROOT);
  });

  it('refuses a frontier that does not fit the size, or a hash that is not 32 bytes', () => {
    const frontier = appendToFrontier(0, [], leaves(0, 5)).frontier.map((n) => n.hash);
    expect(() => appendToFrontier(7, frontier, leaves(7, 1))).toThrow('the frontier of tree size 7: 3 nodes needed, 2 given');
    expect(() => appendToFrontier(5, frontier.slice(1), leaves(5, 1))).toThrow('2 nodes needed, 1 given');
    expect(() => appendToFrontier(5, frontier, [new Uint8Array(31)])).toThrow('32-byte hash');
  });
});

describe('MemoryNodeStore', () => {
  it('refuses a node out of order or written twice, and reports a missing node', () => {
    const store = new MemoryNodeStore();
    const [a, b] = leaves(0, 2);
    store.putNodes([{ level: 0, index: 0, hash: a }]);
    expect(() => store.putNodes([{ level: 0, index: 0, hash: b }])).toThrow('out of order');
    expect(() => store.putNodes([{ level: 0, index: 2, hash: b }])).toThrow('out of order');
    expect(() => store.getNodes([{ level: 0, index: 1 }])).toThrow('node (0, 1) is not stored');
    expect(store.get(0, 0)).toEqual(a);
  });

  it('grows past its reserved capacity and returns copies that later writes cannot change', () => {
    const store = new MemoryNodeStore(4);
    const appended = appendToFrontier(0, [], leaves(0, 100));
    store.putNodes(appended.nodes);
    const copy = store.get(0, 3);
    copy.fill(0);
    expect(store.get(0, 3)).toEqual(leaves(3, 1)[0]);
    expect(store.size).toBe(100);
  });
});
