import { readFileSync } from 'node:fs';
import os from 'node:os';
import { CheckpointSigner, signCheckpoint, type CheckpointLedger, type SignedCheckpoint } from '../src/transparency/checkpoint.js';
import { consistencyPlan, consistencyProof, inclusionPlan, inclusionProof, rootPlan, treeRoot } from '../src/transparency/merkle.js';
import { appendLeaves, appendToFrontier, MemoryNodeStore } from '../src/transparency/node-store.js';
import { NoteSigner } from '../src/transparency/note.js';
import { equalBytes, HASH_SIZE, leafHash, nodeHash, verifyConsistency, verifyInclusion } from '../src/transparency/verify-core.js';
import { fixed, mib } from './support.js';

/**
 * npm run build && node --expose-gc dist/bench/tlog.bench.js — the transparency log's tree code
 * (src/transparency) on the in-memory node store, at 10 million leaves:
 *   - append latency, one leaf per append as one custody event per request (leaf hash, frontier read, new nodes):
 *     p50/p99/max over the first 100,000 appends and over the last 100,000 of the 10-million-leaf log, and their
 *     ratio (flat = about 1);
 *   - bulk append throughput, against the baseline of hashing the same leaves alone (SHA-256(0x00 ‖ entry));
 *   - at 10M leaves: the checkpoint root, a whole checkpoint (root, consistency proof from the last one, its
 *     verification, Ed25519 signature), inclusion and consistency proofs and their verification, each the best
 *     and median of many, with the nodes each reads; against the baseline of the naive MTH recomputed from all
 *     10M leaf hashes (what a log without stored interior nodes does at every checkpoint);
 *   - peak RSS of this process.
 * BENCH_TLOG_LEAVES overrides 10,000,000 and BENCH_TLOG_WINDOW the 100,000; BENCH_TLOG_REPEAT (200) how often
 * each root or proof is timed. Entries are 400-byte stand-ins for canonical custody JSON.
 */
const LEAVES = Number(process.env.BENCH_TLOG_LEAVES ?? 10_000_000);
const WINDOW = Math.min(Number(process.env.BENCH_TLOG_WINDOW ?? 100_000), Math.floor(LEAVES / 2));
const REPEAT = Number(process.env.BENCH_TLOG_REPEAT ?? 200);
const BATCH = 4096;
const ENTRY_BYTES = 400;

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const now = () => process.hrtime.bigint();
const micros = (start: bigint, end: bigint) => Number(end - start) / 1000;
const peakRssMiB = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

/** A deterministic 400-byte entry, stamped with its index. */
const template = Buffer.alloc(ENTRY_BYTES, '{"action":"downloaded","actorEmail":"officer@kent.police.example","details":{}} ');
function entry(index: number): Buffer {
  const bytes = Buffer.from(template);
  bytes.write(String(index).padStart(16, '0'), 0, 'latin1');
  return bytes;
}

/** xorshift: the same "random" indices every run. */
let state = 0x9e3779b9;
function randomBelow(n: number): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return Math.floor(((state >>> 0) / 2 ** 32) * n);
}

interface Stats {
  best: number;
  p50: number;
  p99: number;
  max: number;
}
function stats(samples: Float64Array | number[]): Stats {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { best: sorted[0], p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}
const us = (value: number) => `${fixed(value, value < 10 ? 2 : 1)} µs`;
const line = (label: string, s: Stats, extra = '') =>
  console.log(`  ${label.padEnd(44)} best ${us(s.best).padStart(10)}  p50 ${us(s.p50).padStart(10)}  p99 ${us(s.p99).padStart(10)}  max ${us(s.max).padStart(11)}${extra}`);

/** One leaf per append, through the store, as a request would do it. */
async function appendOneByOne(store: MemoryNodeStore, count: number): Promise<Float64Array> {
  const latencies = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    const started = now();
    const appended = await appendLeaves(store, store.size, [leafHash(entry(store.size))]);
    store.putNodes(appended.nodes);
    latencies[i] = micros(started, now());
  }
  return latencies;
}

async function timed<T>(count: number, run: (i: number) => Promise<T> | T): Promise<{ stats: Stats; last: T }> {
  const samples = new Float64Array(count);
  let last!: T;
  for (let i = 0; i < count; i += 1) {
    const started = now();
    last = await run(i);
    samples[i] = micros(started, now());
  }
  return { stats: stats(samples), last };
}

/** MTH of all leaves bottom-up from the stored leaf hashes, with no interior node stored: the naive baseline. */
function naiveRoot(store: MemoryNodeStore, size: number): Uint8Array {
  const level = new Uint8Array(size * HASH_SIZE);
  for (let i = 0; i < size; i += 1) level.set(store.get(0, i), i * HASH_SIZE);
  let width = size;
  while (width > 1) {
    const pairs = Math.floor(width / 2);
    for (let i = 0; i < pairs; i += 1) {
      const parent = nodeHash(level.subarray(2 * i * HASH_SIZE, (2 * i + 1) * HASH_SIZE), level.subarray((2 * i + 1) * HASH_SIZE, (2 * i + 2) * HASH_SIZE));
      level.set(parent, i * HASH_SIZE);
    }
    if (width % 2 === 1) level.copyWithin(pairs * HASH_SIZE, (width - 1) * HASH_SIZE, width * HASH_SIZE); // RFC 6962: a lone node moves up as is
    width = pairs + (width % 2);
  }
  return level.slice(0, HASH_SIZE);
}

class OneCheckpointLedger implements CheckpointLedger {
  constructor(private last: SignedCheckpoint) {}
  lastSigned() {
    return this.last;
  }
  record(signed: SignedCheckpoint) {
    this.last = signed;
  }
}

console.log(
  `Transparency log benchmark: ${LEAVES.toLocaleString('en-GB')} leaves of ${ENTRY_BYTES} bytes, in-memory node store; ` +
    `Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => fixed(l, 1)).join(' ')}`,
);
const store = new MemoryNodeStore(LEAVES);

gc();
const first = stats(await appendOneByOne(store, WINDOW));

// Wall time and this process's CPU time: on a shared machine the CPU time is what the code costs.
const cpuMicros = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};
let hashingMicros = 0;
let treeMicros = 0;
let hashingCpu = 0;
let treeCpu = 0;
let frontier = (await store.getNodes(rootPlan(store.size))) as Uint8Array[];
const bulkStart = store.size;
while (store.size < LEAVES - WINDOW) {
  const count = Math.min(BATCH, LEAVES - WINDOW - store.size);
  const [t0, c0] = [now(), cpuMicros()];
  const hashes = Array.from({ length: count }, (_, i) => leafHash(entry(store.size + i)));
  const [t1, c1] = [now(), cpuMicros()];
  const appended = appendToFrontier(store.size, frontier, hashes);
  store.putNodes(appended.nodes);
  frontier = appended.frontier.map((n) => n.hash);
  hashingMicros += micros(t0, t1);
  treeMicros += micros(t1, now());
  hashingCpu += c1 - c0;
  treeCpu += cpuMicros() - c1;
}
const bulkLeaves = store.size - bulkStart;

const signer = NoteSigner.generate('bench.medway.example/transparency').signer;
const checkpoints = new CheckpointSigner({ signer });
const seedSize = store.size;
const seed = signCheckpoint({ origin: signer.name, size: seedSize, rootHash: await treeRoot(store, seedSize), extensions: [] }, signer);

gc();
const last = stats(await appendOneByOne(store, WINDOW));
const size = store.size;

gc();
const root = await timed(REPEAT, () => treeRoot(store, size));
const checkpoint = await timed(REPEAT, async () =>
  checkpoints.sign({ size, rootHash: await treeRoot(store, size) }, { ledger: new OneCheckpointLedger(seed), prove: (from, to) => consistencyProof(store, from, to) }),
);
const indices = Array.from({ length: REPEAT }, () => randomBelow(size));
const inclusion = await timed(REPEAT, (i) => inclusionProof(store, indices[i], size));
const inclusionProofs = await Promise.all(indices.map((index) => inclusionProof(store, index, size)));
const inclusionVerify = await timed(REPEAT, (i) => verifyInclusion(indices[i], size, store.get(0, indices[i]), inclusionProofs[i], root.last));
const froms = Array.from({ length: REPEAT }, () => 1 + randomBelow(size - 1));
const consistency = await timed(REPEAT, (i) => consistencyProof(store, froms[i], size));
const fromRoots = await Promise.all(froms.map((from) => treeRoot(store, from)));
const consistencyProofs = await Promise.all(froms.map((from) => consistencyProof(store, from, size)));
const consistencyVerify = await timed(REPEAT, (i) => verifyConsistency(froms[i], size, consistencyProofs[i], fromRoots[i], root.last));

gc();
const [naiveStart, naiveCpuStart] = [now(), cpuMicros()];
const naive = naiveRoot(store, size);
const naiveMicros = micros(naiveStart, now());
const naiveCpu = cpuMicros() - naiveCpuStart;

const most = (plans: number[]) => Math.max(...plans);
console.log(`append one leaf per call (leaf hash + frontier read + new nodes), ${WINDOW.toLocaleString('en-GB')} calls each:`);
line(`leaves 0–${WINDOW.toLocaleString('en-GB')}`, first);
line(`last ${WINDOW.toLocaleString('en-GB')} up to ${size.toLocaleString('en-GB')}`, last);
console.log(`  ratio last/first p50 ${fixed(last.p50 / first.p50)}, p99 ${fixed(last.p99 / first.p99)}   (flat = 1)`);
console.log(`bulk append, ${bulkLeaves.toLocaleString('en-GB')} leaves in batches of ${BATCH}:`);
const rate = (microseconds: number) => fixed(bulkLeaves / microseconds, 2).padStart(6);
console.log(`  leaf hashing alone (baseline)                ${rate(hashingMicros)} M leaves/s wall, ${rate(hashingCpu)} M/s of CPU`);
console.log(
  `  leaf hashing + tree nodes + store            ${rate(hashingMicros + treeMicros)} M leaves/s wall, ${rate(hashingCpu + treeCpu)} M/s of CPU   ` +
    `ratio to baseline ${fixed(hashingMicros / (hashingMicros + treeMicros))} wall, ${fixed(hashingCpu / (hashingCpu + treeCpu))} CPU`,
);
console.log(`at ${size.toLocaleString('en-GB')} leaves (${REPEAT} of each):`);
line(`checkpoint root (${rootPlan(size).length} nodes read)`, root.stats);
line('whole checkpoint (root, proof, verify, sign)', checkpoint.stats);
line(`inclusion proof (≤ ${most(indices.map((i) => inclusionPlan(i, size).flat().length))} nodes read)`, inclusion.stats);
line('inclusion proof verification', inclusionVerify.stats);
line(`consistency proof (≤ ${most(froms.map((f) => consistencyPlan(f, size).flat().length))} nodes read)`, consistency.stats);
line('consistency proof verification', consistencyVerify.stats);
console.log(`  naive MTH from all ${size.toLocaleString('en-GB')} leaf hashes (baseline)  ${fixed(naiveMicros / 1e6, 2)} s wall, ${fixed(naiveCpu / 1e6, 2)} s CPU`);
console.log(
  `  ratio checkpoint root / naive ${(root.stats.p50 / naiveMicros).toExponential(1)}; whole checkpoint p50 ${us(checkpoint.stats.p50)} ` +
    `(target < 1 s: ${checkpoint.stats.max < 1e6 ? 'OK' : 'MISSED'}); roots agree: ${equalBytes(naive, root.last) ? 'yes' : 'NO'}`,
);
const memory = process.memoryUsage();
console.log(
  `memory: node store ${fixed(mib(2 * size * HASH_SIZE), 0)} MiB of hashes (2n × 32 B); peak RSS ${fixed(peakRssMiB(), 0)} MiB ` +
    `(includes the naive baseline's ${fixed(mib(size * HASH_SIZE), 0)} MiB copy of the leaf hashes); heap now ${fixed(mib(memory.heapUsed), 0)} MiB`,
);
