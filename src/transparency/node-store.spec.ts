import { merkleTreeHash, rootPlan } from './merkle.js';
import { appendLeaves, appendToFrontier, MemoryNodeStore } from './node-store.js';
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
      expect(appended.frontier.map(({ level, index }) => ({ level, index }))).toEqual(rootPlan(n));
    }
    expect(mostForOneLeaf).toBe(11); // the 1024th leaf completes levels 0..10
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
    expect(hex(oneBatch.root)).toBe(hex(merkleTreeHash(all)));
    expect(appendToFrontier(300, frontier, []).root).toEqual(oneBatch.root);
  });

  it('returns the empty root for an empty append to an empty tree', () => {
    expect(appendToFrontier(0, [], [])).toEqual({ size: 0, root: EMPTY_ROOT, nodes: [], frontier: [] });
  });

  it('refuses a frontier that does not fit the size, or a hash that is not 32 bytes', () => {
    const frontier = appendToFrontier(0, [], leaves(0, 5)).frontier.map((n) => n.hash);
    expect(() => appendToFrontier(7, frontier, leaves(7, 1))).toThrow('a tree of size 7 has 3 frontier nodes, not 2');
    expect(() => appendToFrontier(5, frontier.slice(1), leaves(5, 1))).toThrow('has 2 frontier nodes, not 1');
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
