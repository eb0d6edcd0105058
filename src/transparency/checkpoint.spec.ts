import {
  CheckpointSigner,
  formatCheckpointBody,
  InconsistentCheckpointError,
  signCheckpoint,
  type CheckpointLedger,
  type SignedCheckpoint,
} from './checkpoint.js';
import { consistencyProof, treeRoot } from './merkle.js';
import { appendLeaves, MemoryNodeStore } from './node-store.js';
import { NoteSigner } from './note.js';
import { EMPTY_ROOT, leafHash, openCheckpoint, parseCheckpointBody, parseNote, VerificationError } from './verify-core.js';

/*
 * Known answers: c2sp.org/tlog-checkpoint and c2sp.org/tlog-cosignature examples (github.com/C2SP/C2SP, commit
 * 5ba5ee8); malformed bodies after github.com/transparency-dev/formats log/checkpoint_test.go.
 */
const SPEC_BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_CHECKPOINT = `${SPEC_BODY}\n— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n`;
const SPEC_COSIGNED = `${SPEC_CHECKPOINT}— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n`;
const ROOT_B64 = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';

const code = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return error instanceof VerificationError ? error.code : (error as Error).message;
  }
};

describe('checkpoint bodies (c2sp.org/tlog-checkpoint)', () => {
  it('parse the spec example and serialise it back byte for byte', () => {
    const checkpoint = parseCheckpointBody(SPEC_BODY);
    expect(checkpoint).toEqual({
      origin: 'example.com/behind-the-sofa',
      size: 20852163,
      rootHash: new Uint8Array(Buffer.from(ROOT_B64, 'base64')),
      extensions: [],
    });
    expect(formatCheckpointBody(checkpoint)).toBe(SPEC_BODY);
    const withExtensions = `${SPEC_BODY}ext one\next two\n`;
    expect(parseCheckpointBody(withExtensions).extensions).toEqual(['ext one', 'ext two']);
    expect(formatCheckpointBody(parseCheckpointBody(withExtensions))).toBe(withExtensions);
  });

  it('read the signature lines of the spec examples (log and witness) and trust neither without their keys', () => {
    expect(parseNote(SPEC_CHECKPOINT).text).toBe(SPEC_BODY);
    expect(parseNote(SPEC_COSIGNED).signatures.map((s) => `${s.name}+${s.keyId}`)).toEqual([
      'example.com/behind-the-sofa+033de0ae',
      'witness.example.com/w1+8d66cf3f',
    ]);
    const someKey = NoteSigner.generate('example.com/behind-the-sofa').signer.verifierKey;
    expect(code(() => openCheckpoint(SPEC_COSIGNED, someKey))).toBe('no_trusted_signature');
  });

  it('refuse malformed bodies', () => {
    const bad = [
      'Head\n9944\n',
      `\n9944\n${ROOT_B64}\n`,
      `Log\n123\n${ROOT_B64}`,
      `Log\nbananas\n${ROOT_B64}\n`,
      `Log\n-34\n${ROOT_B64}\n`,
      `Log\n3438945738945739845734895735\n${ROOT_B64}\n`,
      `Log\n9007199254740992\n${ROOT_B64}\n`,
      "Log\n123\nThisIsn'tBase64\n",
      'Log\n123\nYmFuYW5hcw==\n', // a 7-byte "root": not a SHA-256 tree
      `Log\n0123\n${ROOT_B64}\n`,
      `Log\n+123\n${ROOT_B64}\n`,
      `Log\n 123\n${ROOT_B64}\n`,
      `Log\n123\n${ROOT_B64}\n\n`, // an empty extension line
      `Log\n123\n${ROOT_B64.replace('=', '')}\n`,
    ];
    expect(bad.map((body) => code(() => parseCheckpointBody(body)))).toEqual(bad.map(() => 'malformed_checkpoint'));
    expect(parseCheckpointBody(`Log\n0\n${Buffer.from(EMPTY_ROOT).toString('base64')}\n`).size).toBe(0);
  });

  it('refuse to format what they would not parse', () => {
    const rootHash = EMPTY_ROOT;
    expect(code(() => formatCheckpointBody({ origin: 'two\nlines', size: 0, rootHash, extensions: [] }))).toBe('malformed_checkpoint');
    const sizeLine = `log\n0\n${Buffer.from(rootHash).toString('base64')}`;
    expect(code(() => formatCheckpointBody({ origin: sizeLine, size: 0, rootHash, extensions: [] }))).toBe(
      'the origin and extension lines must be single non-empty lines',
    );
    expect(code(() => formatCheckpointBody({ origin: 'log', size: 0, rootHash, extensions: ['a\nb'] }))).toBe(
      'the origin and extension lines must be single non-empty lines',
    );
    expect(code(() => formatCheckpointBody({ origin: 'log', size: 0, rootHash, extensions: [''] }))).toBe('malformed_checkpoint');
    expect(code(() => formatCheckpointBody({ origin: 'log', size: 1.5, rootHash, extensions: [] }))).toBe('malformed_checkpoint');
    expect(code(() => formatCheckpointBody({ origin: 'log', size: 1, rootHash: rootHash.subarray(1), extensions: [] }))).toBe(
      'the root hash must have 32 bytes',
    );
  });

  it('sign and open: the origin must be the expected one', () => {
    const { signer } = NoteSigner.generate('cctv.medway.example/transparency');
    const signed = signCheckpoint({ origin: signer.name, size: 0, rootHash: EMPTY_ROOT, extensions: [] }, signer);
    expect(signed.note).toMatch(/^cctv\.medway\.example\/transparency\n0\n47DEQpj8HBSa\+\/TImW\+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— cctv\.medway\.example\/transparency [A-Za-z0-9+/]{91}=\n$/);
    expect(openCheckpoint(signed.note, signer.verifierKey).checkpoint).toEqual(signed.checkpoint);
    expect(code(() => openCheckpoint(signed.note, signer.verifierKey, 'another.example/log'))).toBe('wrong_origin');
    const other = NoteSigner.generate('cctv.medway.example/transparency').signer;
    expect(code(() => openCheckpoint(signed.note, other.verifierKey))).toBe('no_trusted_signature');
  });
});

class ArrayLedger implements CheckpointLedger {
  readonly signed: SignedCheckpoint[] = [];
  lastSigned() {
    return this.signed.at(-1) ?? null;
  }
  async record(checkpoint: SignedCheckpoint) {
    await new Promise((resolve) => setTimeout(resolve, 1)); // a real ledger is asynchronous: let calls interleave
    this.signed.push(checkpoint);
  }
}

async function logOf(entries: string[]) {
  const store = new MemoryNodeStore();
  store.putNodes((await appendLeaves(store, 0, entries.map((e) => leafHash(Buffer.from(e))))).nodes);
  return { store, prove: (from: number, to: number) => consistencyProof(store, from, to), head: async (size: number) => ({ size, rootHash: await treeRoot(store, size) }) };
}

const entries = (count: number, prefix = 'custody') => Array.from({ length: count }, (_, i) => `${prefix} ${i}`);

describe('CheckpointSigner', () => {
  const signer = NoteSigner.generate('cctv.medway.example/transparency').signer;

  it('signs a growing log and refuses smaller sizes and forks', async () => {
    const log = await logOf(entries(20));
    const ledger = new ArrayLedger();
    const checkpoints = new CheckpointSigner({ signer });
    const context = { ledger, prove: log.prove };
    for (const size of [0, 1, 5, 8, 8, 20]) await checkpoints.sign(await log.head(size), context);
    expect(ledger.signed.map((s) => s.checkpoint.size)).toEqual([0, 1, 5, 8, 20]); // the same head again is not re-signed
    expect(ledger.signed.every((s) => openCheckpoint(s.note, signer.verifierKey).checkpoint.size === s.checkpoint.size)).toBe(true);

    const refusal = (promise: Promise<unknown>) => promise.then(() => 'signed', (error: InconsistentCheckpointError) => error.code);
    expect(await refusal(checkpoints.sign(await log.head(19), context))).toBe('smaller_size');
    expect(await refusal(checkpoints.sign({ size: 20, rootHash: (await log.head(19)).rootHash }, context))).toBe('fork');
    expect(ledger.signed).toHaveLength(5);
  });

  it('refuses a tree that does not extend the last checkpoint: a leaf deleted or rewritten, or a lying prover', async () => {
    const honest = await logOf(entries(30));
    const ledger = new ArrayLedger();
    const checkpoints = new CheckpointSigner({ signer });
    await checkpoints.sign(await honest.head(16), { ledger, prove: honest.prove });

    const refusal = (promise: Promise<unknown>) => promise.then(() => 'signed', (error: InconsistentCheckpointError) => error.code);
    const deleted = await logOf(entries(30).filter((_, i) => i !== 3));
    expect(await refusal(checkpoints.sign(await deleted.head(29), { ledger, prove: deleted.prove }))).toBe('inconsistent');
    const rewritten = await logOf(entries(30).map((e, i) => (i === 15 ? 'rewritten' : e)));
    expect(await refusal(checkpoints.sign(await rewritten.head(30), { ledger, prove: rewritten.prove }))).toBe('inconsistent');
    // Proving the rewritten tree with the honest store's proof does not help: the roots do not join up.
    expect(await refusal(checkpoints.sign(await rewritten.head(30), { ledger, prove: honest.prove }))).toBe('inconsistent');
    expect(await refusal(checkpoints.sign(await honest.head(30), { ledger, prove: () => [] }))).toBe('inconsistent');
    expect(ledger.signed.map((s) => s.checkpoint.size)).toEqual([16]);
    expect((await checkpoints.sign(await honest.head(30), { ledger, prove: honest.prove })).checkpoint.size).toBe(30);
  });

  it('trusts only a last checkpoint it signed itself (or with a previous key of the log)', async () => {
    const log = await logOf(entries(10));
    const forged = signCheckpoint({ origin: signer.name, size: 1, rootHash: (await log.head(1)).rootHash, extensions: [] }, NoteSigner.generate(signer.name).signer);
    const ledger = new ArrayLedger();
    ledger.signed.push(forged);
    const refusal = await new CheckpointSigner({ signer }).sign(await log.head(10), { ledger, prove: log.prove }).catch((error: InconsistentCheckpointError) => error.code);
    expect(refusal).toBe('untrusted_previous');

    const oldKey = NoteSigner.generate(signer.name).signer;
    const rotated = new ArrayLedger();
    rotated.signed.push(signCheckpoint({ origin: signer.name, size: 4, rootHash: (await log.head(4)).rootHash, extensions: [] }, oldKey));
    const afterRotation = new CheckpointSigner({ signer, previousKeys: [oldKey.verifierKey] });
    expect((await afterRotation.sign(await log.head(10), { ledger: rotated, prove: log.prove })).checkpoint.size).toBe(10);
    const refused = await afterRotation.sign(await log.head(3), { ledger: rotated, prove: log.prove }).catch((error: InconsistentCheckpointError) => error.code);
    expect(refused).toBe('smaller_size');
  });

  it('serialises concurrent calls, so two racing requests cannot both pass the check against the same last checkpoint', async () => {
    const log = await logOf(entries(12));
    const forkedLog = await logOf(entries(12).map((e, i) => (i === 0 ? 'forked' : e)));
    const ledger = new ArrayLedger();
    const checkpoints = new CheckpointSigner({ signer });
    const results = await Promise.allSettled([
      checkpoints.sign(await log.head(6), { ledger, prove: log.prove }),
      checkpoints.sign(await forkedLog.head(6), { ledger, prove: forkedLog.prove }),
      checkpoints.sign(await log.head(12), { ledger, prove: log.prove }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(InconsistentCheckpointError);
    expect(ledger.signed.map((s) => s.checkpoint.size)).toEqual([6, 12]);
  });
});
