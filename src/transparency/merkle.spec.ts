import { readFileSync } from 'node:fs';
import {
  consistencyPlan,
  consistencyProof,
  inclusionPlan,
  inclusionProof,
  merkleTreeHash,
  rootPlan,
  subtreeNodes,
  treeRoot,
  TreeRangeError,
  type NodeId,
  type NodeReader,
} from './merkle.js';
import { appendLeaves, MemoryNodeStore } from './node-store.js';
import { EMPTY_ROOT, leafHash, nodeHash, verifyConsistency, verifyInclusion, VerificationError } from './verify-core.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const unhex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const b64 = (text: string | null) => new Uint8Array(Buffer.from(text ?? '', 'base64'));

/*
 * Known answers from github.com/transparency-dev/merkle (Apache-2.0; the RFC 6962 vectors first published with
 * Certificate Transparency's C++ merkle_tree_test), commit 417fb0c:
 *   rfc6962/rfc6962_test.go            TestRFC6962Hasher
 *   testonly/constants.go              LeafInputs, NodeHashes, RootHashes
 *   testonly/reference_test.go         TestRefInclusionProof, TestRefConsistencyProof
 */
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
const NODE_HASHES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  ['d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];
const ROOT_HASHES = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const [L, N, G] = [NODE_HASHES[0], NODE_HASHES[1], NODE_HASHES[2]];
const INCLUSION_PROOFS: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  { index: 0, size: 2, proof: [L[1]] },
  { index: 1, size: 2, proof: [L[0]] },
  { index: 2, size: 3, proof: [N[0]] },
  { index: 1, size: 5, proof: [L[0], N[1], L[4]] },
  { index: 0, size: 8, proof: [L[1], N[1], G[1]] },
  { index: 5, size: 8, proof: [L[4], N[3], G[0]] },
];
const CONSISTENCY_PROOFS: { from: number; to: number; proof: string[] }[] = [
  { from: 1, to: 1, proof: [] },
  { from: 1, to: 8, proof: [L[1], N[1], G[1]] },
  { from: 2, to: 5, proof: [N[1], L[4]] },
  { from: 6, to: 8, proof: [N[2], N[3], G[0]] },
];

/** The transparency-dev/merkle verifier probes: happy paths and ~180 malformed or tampered proofs. */
interface Probes {
  inclusion: { file: string; leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[] | null; wantErr: boolean }[];
  consistency: { file: string; size1: number; size2: number; root1: string; root2: string; proof: string[] | null; wantErr: boolean }[];
}
const probes = JSON.parse(readFileSync('src/transparency/testdata/transparency-dev-merkle-probes.json', 'utf8')) as Probes;
/** Where we are stricter than the Go verifier on purpose: roots of equal-size trees must still be 32-byte hashes. */
const STRICTER_THAN_UPSTREAM = new Set(['consistency/additional/sizes-are-equal-one-and-proof-is-empty.json']);

async function storeOf(leafHashes: readonly Uint8Array[], batch = 1): Promise<MemoryNodeStore> {
  const store = new MemoryNodeStore();
  for (let i = 0; i < leafHashes.length; i += batch) {
    const appended = await appendLeaves(store, store.size, leafHashes.slice(i, i + batch));
    store.putNodes(appended.nodes);
  }
  return store;
}

function leavesOf(count: number, seed = 0): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => leafHash(Buffer.from(`entry ${seed}:${i}`)));
}

// RFC 9162 §2.1.3.1 and §2.1.4.1 literally, over the whole leaf list: the reference the stored-node proofs must equal.
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
function referencePath(m: number, leaves: Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...referencePath(m, leaves.slice(0, k)), merkleTreeHash(leaves.slice(k))]
    : [...referencePath(m - k, leaves.slice(k)), merkleTreeHash(leaves.slice(0, k))];
}
function referenceSubproof(m: number, leaves: Uint8Array[], whole: boolean): Uint8Array[] {
  if (m === leaves.length) return whole ? [] : [merkleTreeHash(leaves)];
  const k = split(leaves.length);
  return m <= k
    ? [...referenceSubproof(m, leaves.slice(0, k), whole), merkleTreeHash(leaves.slice(k))]
    : [...referenceSubproof(m - k, leaves.slice(k), false), merkleTreeHash(leaves.slice(0, k))];
}

/** Deterministic pseudo-random integers (xorshift), so failures reproduce. */
function random(seed: number): (below: number) => number {
  let x = seed;
  return (below) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % below;
  };
}

describe('RFC 6962 hashing (known answers)', () => {
  it('hashes the empty tree, leaves with 0x00 and nodes with 0x01', () => {
    expect(hex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(leafHash(new Uint8Array(0)))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(hex(leafHash(Buffer.from('L123456')))).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    expect(hex(nodeHash(Buffer.from('N123'), Buffer.from('N456')))).toBe('aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb');
  });

  it('gives the reference tree its leaf, node and root hashes at every size, naively and from stored nodes', async () => {
    const leaves = LEAF_INPUTS.map(leafHash);
    expect(leaves.map(hex)).toEqual(NODE_HASHES[0]);
    for (let size = 0; size <= 8; size += 1) expect(hex(merkleTreeHash(leaves.slice(0, size)))).toBe(ROOT_HASHES[size]);

    const store = new MemoryNodeStore();
    for (let size = 0; size < 8; size += 1) {
      store.putNodes((await appendLeaves(store, size, [leaves[size]])).nodes);
      expect(hex(await treeRoot(store, size + 1))).toBe(ROOT_HASHES[size + 1]);
    }
    expect(hex(await treeRoot(store, 0))).toBe(ROOT_HASHES[0]);
    NODE_HASHES.forEach((row, level) => row.forEach((hash, index) => expect(hex(store.get(level, index))).toBe(hash)));
    expect(() => store.get(1, 4)).toThrow('not stored');
  });
});

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  it('match the reference proofs and verify against the reference roots', async () => {
    const leaves = LEAF_INPUTS.map(leafHash);
    const store = await storeOf(leaves);
    for (const { index, size, proof } of INCLUSION_PROOFS) {
      const generated = await inclusionProof(store, index, size);
      expect({ index, size, proof: generated.map(hex) }).toEqual({ index, size, proof });
      expect(() => verifyInclusion(index, size, leaves[index], generated, unhex(ROOT_HASHES[size]))).not.toThrow();
    }
  });

  it('verification accepts exactly the transparency-dev probes that are valid', () => {
    expect(probes.inclusion.length).toBeGreaterThan(90);
    const outcomes = probes.inclusion.map((p) => {
      try {
        verifyInclusion(p.leafIdx, p.treeSize, b64(p.leafHash), (p.proof ?? []).map(b64), b64(p.root));
        return { file: p.file, error: false };
      } catch (error) {
        expect(error).toBeInstanceOf(VerificationError);
        return { file: p.file, error: true };
      }
    });
    expect(outcomes).toEqual(probes.inclusion.map((p) => ({ file: p.file, error: p.wantErr })));
  });

  it('equal the RFC definition for every leaf of every tree up to 70 leaves, stored in uneven batches', async () => {
    const leaves = leavesOf(70);
    const store = await storeOf(leaves, 3);
    for (let size = 1; size <= 70; size += 1) {
      const root = merkleTreeHash(leaves.slice(0, size));
      for (let index = 0; index < size; index += 1) {
        const proof = await inclusionProof(store, index, size);
        expect(proof.map(hex)).toEqual(referencePath(index, leaves.slice(0, size)).map(hex));
        verifyInclusion(index, size, leaves[index], proof, root);
      }
    }
  });

  it('fail when the leaf, index, size, root or any proof hash is wrong', async () => {
    const leaves = leavesOf(37);
    const store = await storeOf(leaves, 5);
    const root = await treeRoot(store, 37);
    const proof = await inclusionProof(store, 21, 37);
    const code = (run: () => void) => {
      try {
        run();
        return 'verified';
      } catch (error) {
        return (error as VerificationError).code;
      }
    };
    expect(code(() => verifyInclusion(21, 37, leaves[21], proof, root))).toBe('verified');
    expect(code(() => verifyInclusion(21, 37, leaves[22], proof, root))).toBe('root_mismatch');
    expect(code(() => verifyInclusion(20, 37, leaves[21], proof, root))).toBe('root_mismatch');
    // A size of another shape cannot use the proof; sizes of the same shape (36) are bound by the signed checkpoint.
    expect(code(() => verifyInclusion(21, 22, leaves[21], proof, root))).toBe('malformed_proof');
    expect(code(() => verifyInclusion(21, 36, leaves[21], proof, root))).toBe('verified');
    expect(code(() => verifyInclusion(21, 37, leaves[21], proof, leaves[0]))).toBe('root_mismatch');
    expect(code(() => verifyInclusion(21, 37, leaves[21], proof.slice(1), root))).toBe('malformed_proof');
    expect(code(() => verifyInclusion(21, 37, leaves[21], [...proof, root], root))).toBe('malformed_proof');
    expect(code(() => verifyInclusion(37, 37, leaves[21], proof, root))).toBe('malformed_proof');
    for (let i = 0; i < proof.length; i += 1) {
      const tampered = proof.map((p, j) => (j === i ? Uint8Array.from(p, (byte, k) => (k === 7 ? byte ^ 1 : byte)) : p));
      expect(code(() => verifyInclusion(21, 37, leaves[21], tampered, root))).toBe('root_mismatch');
    }
  });

  it('refuse an index outside the tree with a TreeRangeError', () => {
    expect(() => inclusionPlan(5, 5)).toThrow(TreeRangeError);
    expect(() => inclusionPlan(-1, 5)).toThrow(TreeRangeError);
    expect(() => inclusionPlan(0.5, 5)).toThrow(TreeRangeError);
    expect(() => inclusionPlan(0, 0)).toThrow(TreeRangeError);
  });
});

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  it('match the reference proofs and verify against the reference roots', async () => {
    const store = await storeOf(LEAF_INPUTS.map(leafHash));
    for (const { from, to, proof } of CONSISTENCY_PROOFS) {
      const generated = await consistencyProof(store, from, to);
      expect({ from, to, proof: generated.map(hex) }).toEqual({ from, to, proof });
      expect(() => verifyConsistency(from, to, generated, unhex(ROOT_HASHES[from]), unhex(ROOT_HASHES[to]))).not.toThrow();
    }
  });

  it('verification accepts exactly the transparency-dev probes that are valid', () => {
    expect(probes.consistency.length).toBeGreaterThan(90);
    const outcomes = probes.consistency.map((p) => {
      try {
        verifyConsistency(p.size1, p.size2, (p.proof ?? []).map(b64), b64(p.root1), b64(p.root2));
        return { file: p.file, error: false };
      } catch (error) {
        expect(error).toBeInstanceOf(VerificationError);
        return { file: p.file, error: true };
      }
    });
    expect(outcomes).toEqual(probes.consistency.map((p) => ({ file: p.file, error: p.wantErr || STRICTER_THAN_UPSTREAM.has(p.file) })));
  });

  it('equal the RFC definition for every pair of sizes up to 70 leaves, and a tampered hash fails', async () => {
    const leaves = leavesOf(70, 1);
    const store = await storeOf(leaves, 7);
    const roots = Array.from({ length: 71 }, (_, n) => merkleTreeHash(leaves.slice(0, n)));
    for (let to = 1; to <= 70; to += 1) {
      for (let from = 1; from <= to; from += 1) {
        const proof = await consistencyProof(store, from, to);
        expect(proof.map(hex)).toEqual(referenceSubproof(from, leaves.slice(0, to), true).map(hex));
        verifyConsistency(from, to, proof, roots[from], roots[to]);
        if (proof.length > 0) {
          const tampered = [...proof];
          tampered[tampered.length - 1] = roots[0];
          expect(() => verifyConsistency(from, to, tampered, roots[from], roots[to])).toThrow(VerificationError);
          if (from > 1) expect(() => verifyConsistency(from, to, proof, roots[from - 1], roots[to])).toThrow(VerificationError);
        }
      }
    }
  });

  it('detect a deleted leaf: the shortened log cannot prove itself consistent with the older checkpoint', async () => {
    const leaves = leavesOf(40, 2);
    const honest = await storeOf(leaves);
    const published = { size: 30, root: await treeRoot(honest, 30) };
    const withoutLeaf12 = await storeOf([...leaves.slice(0, 12), ...leaves.slice(13)]);
    const proof = await consistencyProof(withoutLeaf12, 30, 39);
    expect(() => verifyConsistency(30, 39, proof, published.root, merkleTreeHash([...leaves.slice(0, 12), ...leaves.slice(13)]))).toThrow(
      VerificationError,
    );
  });

  it('refuse sizes that cannot be proved with a TreeRangeError', () => {
    expect(() => consistencyPlan(0, 5)).toThrow(TreeRangeError);
    expect(() => consistencyPlan(6, 5)).toThrow(TreeRangeError);
    expect(consistencyPlan(5, 5)).toEqual([]);
  });
});

describe('stored perfect subtrees', () => {
  it('give the naive MTH for random sizes up to 5,000, appended in random batches', async () => {
    const next = random(20251201);
    const leaves = leavesOf(5000, 3);
    const store = new MemoryNodeStore();
    while (store.size < leaves.length) {
      const batch = leaves.slice(store.size, store.size + 1 + next(300));
      const appended = await appendLeaves(store, store.size, batch);
      store.putNodes(appended.nodes);
      expect(hex(await treeRoot(store, appended.size))).toBe(hex(merkleTreeHash(leaves, 0, appended.size)));
    }
    for (let i = 0; i < 40; i += 1) {
      const size = 1 + next(leaves.length);
      const index = next(size);
      expect(hex(await treeRoot(store, size))).toBe(hex(merkleTreeHash(leaves, 0, size)));
      verifyInclusion(index, size, leaves[index], await inclusionProof(store, index, size), merkleTreeHash(leaves, 0, size));
      const from = 1 + next(size);
      verifyConsistency(from, size, await consistencyProof(store, from, size), merkleTreeHash(leaves, 0, from), merkleTreeHash(leaves, 0, size));
    }
  });

  it('read O(log n) nodes per root or proof, even for a billion leaves', () => {
    const n = 1_000_000_007;
    expect(rootPlan(n).length).toBeLessThanOrEqual(30);
    expect(inclusionPlan(123_456_789, n).flat().length).toBeLessThanOrEqual(2 * 30);
    expect(consistencyPlan(987_654_321, n).flat().length).toBeLessThanOrEqual(2 * 30);
    expect(subtreeNodes(0, 13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(() => subtreeNodes(1, 3)).toThrow('not an aligned subtree range');
  });

  it('index arithmetic stays exact beyond 2^32 leaves (a virtual tree whose leaves are all equal)', async () => {
    const levels = [leafHash(Buffer.from('same'))];
    for (let level = 1; level < 64; level += 1) levels.push(nodeHash(levels[level - 1], levels[level - 1]));
    const virtual: NodeReader = { getNodes: (ids: readonly NodeId[]) => ids.map((id) => levels[id.level]) };
    const size = 2 ** 40 + 12_345;
    const root = await treeRoot(virtual, size);
    for (const index of [0, 2 ** 33 + 7, 2 ** 40 - 1, 2 ** 40, size - 1]) {
      verifyInclusion(index, size, levels[0], await inclusionProof(virtual, index, size), root);
    }
    const from = 2 ** 35 + 3;
    verifyConsistency(from, size, await consistencyProof(virtual, from, size), await treeRoot(virtual, from), root);
    expect(() => verifyInclusion(5, size - 1, levels[0], [], root)).toThrow(VerificationError);
  });
});
