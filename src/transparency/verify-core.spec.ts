import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { signCheckpoint } from './checkpoint.js';
import { inclusionProof, treeRoot } from './merkle.js';
import { appendLeaves, MemoryNodeStore } from './node-store.js';
import { NoteSigner } from './note.js';
import { leafHash } from './verify-core.js';

const SOURCE = 'src/transparency/verify-core.ts';

/** What an offline verify.mjs does with the core: check a checkpoint's signature, then an entry's inclusion. */
const DRIVER = `
import { readFileSync } from 'node:fs';
import * as core from './verify-core.mjs';
const input = JSON.parse(readFileSync(0, 'utf8'));
try {
  const { checkpoint } = core.openCheckpoint(input.checkpoint, core.parseVerifierKey(input.vkey));
  const proof = input.proof.map((hash) => Buffer.from(hash, 'base64'));
  core.verifyInclusion(input.index, checkpoint.size, core.leafHash(Buffer.from(input.entry, 'utf8')), proof, checkpoint.rootHash);
  console.log(JSON.stringify({ verified: true, size: checkpoint.size }));
} catch (error) {
  console.log(JSON.stringify({ verified: false, code: error.code }));
}
`;

describe('verify-core stays copyable into a single-file offline verifier', () => {
  it('imports nothing but node:crypto', () => {
    const source = readFileSync(SOURCE, 'utf8');
    const imports = [...source.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'|\brequire\s*\(\s*'([^']+)'/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(imports).toEqual(['node:crypto']);
  });

  it('runs as plain JavaScript in a bare Node process and verifies a signed checkpoint and an inclusion proof', async () => {
    const entries = Array.from({ length: 21 }, (_, i) => `{"kind":"custody","sequence":${i}}`);
    const store = new MemoryNodeStore();
    store.putNodes((await appendLeaves(store, 0, entries.map((e) => leafHash(Buffer.from(e, 'utf8'))))).nodes);
    const { signer } = NoteSigner.generate('cctv.medway.example/transparency');
    const signed = signCheckpoint({ origin: signer.name, size: 21, rootHash: await treeRoot(store, 21), extensions: [] }, signer);
    const proof = (await inclusionProof(store, 13, 21)).map((hash) => Buffer.from(hash).toString('base64'));

    const javascript = ts.transpileModule(readFileSync(SOURCE, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const directory = mkdtempSync(join(tmpdir(), 'medway-verify-core-'));
    try {
      writeFileSync(join(directory, 'verify-core.mjs'), javascript);
      writeFileSync(join(directory, 'verify.mjs'), DRIVER);
      const run = (input: object) => {
        const child = spawnSync(process.execPath, ['verify.mjs'], { cwd: directory, input: JSON.stringify(input), env: { PATH: process.env.PATH }, encoding: 'utf8' });
        expect(child.stderr).toBe('');
        return JSON.parse(child.stdout) as { verified: boolean; size?: number; code?: string };
      };
      const good = { vkey: signer.vkey, checkpoint: signed.note, index: 13, entry: entries[13], proof };
      expect(run(good)).toEqual({ verified: true, size: 21 });
      expect(run({ ...good, entry: entries[12] })).toEqual({ verified: false, code: 'root_mismatch' });
      expect(run({ ...good, checkpoint: signed.note.replace('\n21\n', '\n22\n') })).toEqual({ verified: false, code: 'bad_signature' });
      expect(run({ ...good, vkey: NoteSigner.generate(signer.name).signer.vkey })).toEqual({ verified: false, code: 'no_trusted_signature' });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
