/**
 * Everything a verifier of the transparency log needs, and nothing else: RFC 6962 hashing, RFC 9162 inclusion and
 * consistency proof verification, C2SP signed-note opening (Ed25519) and C2SP tlog-checkpoint parsing.
 *
 * SELF-CONTAINED ON PURPOSE: this file imports only `node:crypto`, so its compiled output
 * (dist/src/transparency/verify-core.js) is the core of the offline `verify.mjs` (Node >= 20, no dependencies)
 * as well as the service's own verification code. A spec checks the rule. Keep it small.
 */
import * as nodeCrypto from 'node:crypto';

export const HASH_SIZE = 32;

/** Ways a verification can fail; `code` of every VerificationError. */
export const VERIFICATION_FAILURES = [
  'malformed_proof',
  'root_mismatch',
  'malformed_note',
  'malformed_key',
  'bad_signature',
  'no_trusted_signature',
  'malformed_checkpoint',
  'wrong_origin',
] as const;
export type VerificationFailure = (typeof VERIFICATION_FAILURES)[number];

export class VerificationError extends Error {
  constructor(
    readonly code: VerificationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'VerificationError';
  }
}

function fail(code: VerificationFailure, message: string): never {
  throw new VerificationError(code, message);
}

// ---- hashing (RFC 6962 §2.1) ---------------------------------------------------------------------------------------

// crypto.hash (Node >= 20.12) is a one-shot digest about a third faster than createHash; older Node 20 falls back.
const oneShot = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined;

export function sha256(data: Uint8Array): Uint8Array {
  return oneShot ? oneShot('sha256', data, 'buffer') : nodeCrypto.createHash('sha256').update(data).digest();
}

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

// Inputs come from Buffer's pool (every byte is written below): a fresh Uint8Array per hash costs more than the hash.

/** SHA-256(0x00 ‖ entry). */
export function leafHash(entry: Uint8Array): Uint8Array {
  const input = Buffer.allocUnsafe(1 + entry.length);
  input[0] = 0;
  input.set(entry, 1);
  return sha256(input);
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

// Tree indices are JavaScript numbers (exact up to 2^53); bit operators would truncate them to 32 bits, so the
// algorithms below shift with arithmetic.
const isOdd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) fail('malformed_proof', `${what} must be a non-negative integer`);
}

function assertHash(value: Uint8Array, what: string): void {
  if (!(value instanceof Uint8Array) || value.length !== HASH_SIZE) fail('malformed_proof', `${what} must be a ${HASH_SIZE}-byte hash`);
}

// ---- inclusion (RFC 9162 §2.1.3.2) ----------------------------------------------------------------------------------

/** The root a leaf's inclusion proof leads to; throws malformed_proof when the proof cannot fit the tree. */
export function rootFromInclusionProof(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  assertCount(index, 'index');
  assertCount(size, 'size');
  if (index >= size) fail('malformed_proof', `index ${index} is not below tree size ${size}`);
  assertHash(leaf, 'leaf hash');
  proof.forEach((p, i) => assertHash(p, `proof[${i}]`));
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) fail('malformed_proof', 'the inclusion proof is longer than the path to the root');
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) fail('malformed_proof', 'the inclusion proof is shorter than the path to the root');
  return r;
}

export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  assertHash(root, 'root hash');
  if (!equalBytes(rootFromInclusionProof(index, size, leaf, proof), root)) {
    fail('root_mismatch', `leaf ${index} is not in the tree of size ${size} with that root hash`);
  }
}

// ---- consistency (RFC 9162 §2.1.4.2) --------------------------------------------------------------------------------

const isPowerOfTwo = (x: number) => {
  while (x > 1 && !isOdd(x)) x = half(x);
  return x === 1;
};

/**
 * Checks that the tree of size `second` with root `secondRoot` extends the tree of size `first` with root
 * `firstRoot`. Requires 0 < first <= second (every tree extends the empty one: nothing to prove); equal sizes need
 * an empty proof and equal roots.
 */
export function verifyConsistency(
  first: number,
  second: number,
  proof: readonly Uint8Array[],
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
): void {
  assertCount(first, 'first size');
  assertCount(second, 'second size');
  if (first === 0) fail('malformed_proof', 'a consistency proof from the empty tree is meaningless');
  if (first > second) fail('malformed_proof', `first size ${first} is larger than second size ${second}`);
  assertHash(firstRoot, 'first root hash');
  assertHash(secondRoot, 'second root hash');
  proof.forEach((p, i) => assertHash(p, `proof[${i}]`));
  if (first === second) {
    if (proof.length > 0) fail('malformed_proof', 'equal tree sizes need an empty consistency proof');
    if (!equalBytes(firstRoot, secondRoot)) fail('root_mismatch', `two different root hashes for tree size ${first}`);
    return;
  }
  if (proof.length === 0) fail('malformed_proof', 'the consistency proof is empty');
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : proof;
  let fn = first - 1;
  let sn = second - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) fail('malformed_proof', 'the consistency proof is too long');
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) fail('malformed_proof', 'the consistency proof is too short');
  if (!equalBytes(fr, firstRoot)) fail('root_mismatch', `the proof does not lead to the root hash of tree size ${first}`);
  if (!equalBytes(sr, secondRoot)) fail('root_mismatch', `the proof does not lead to the root hash of tree size ${second}`);
}

// ---- base64 (RFC 4648 §4, canonical only) ---------------------------------------------------------------------------

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const encodeBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');

/** Standard base64 with padding, in its one canonical spelling (Buffer's own decoder skips junk silently); else null. */
export function decodeBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

// ---- signed notes (c2sp.org/signed-note) ----------------------------------------------------------------------------

export const SIGNATURE_TYPE_ED25519 = 0x01;
/** Go's reference implementation refuses notes with more signatures; the spec asks for at least 16. */
export const MAX_NOTE_SIGNATURES = 100;
const SIGNATURE_PREFIX = '\u2014 ';

export interface NoteVerifierKey {
  name: string;
  /** 8 lowercase hex digits: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]. */
  keyId: string;
  /** 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
}

export interface NoteSignature {
  name: string;
  keyId: string;
  /** The signature bytes after the key id. */
  signature: Uint8Array;
}

export interface ParsedNote {
  /** The signed text, ending in a newline. */
  text: string;
  signatures: NoteSignature[];
}

export interface OpenedNote extends ParsedNote {
  /** Signatures by the given keys, each checked (one per key). */
  verified: NoteSignature[];
  /** Signatures by keys not given: ignored, as the spec requires. */
  unverified: NoteSignature[];
}

/** No lone UTF-16 surrogate (String.prototype.isWellFormed is ES2024). */
const isWellFormed = (text: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

/** Non-empty, no Unicode white space, no plus, no control character. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\p{White_Space}+\p{Cc}]/u.test(name) && isWellFormed(name);
}

/** SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4] as hex. */
export function ed25519KeyId(name: string, publicKey: Uint8Array): string {
  const nameBytes = Buffer.from(name, 'utf8');
  const input = new Uint8Array(nameBytes.length + 2 + publicKey.length);
  input.set(nameBytes, 0);
  input[nameBytes.length] = 0x0a;
  input[nameBytes.length + 1] = SIGNATURE_TYPE_ED25519;
  input.set(publicKey, nameBytes.length + 2);
  return Buffer.from(sha256(input).subarray(0, 4)).toString('hex');
}

/** Splits at the first `parts - 1` plus signs (the base64 key itself may hold some). */
export function splitKey(text: string, parts: number): string[] {
  const fields: string[] = [];
  let rest = text;
  for (let i = 1; i < parts; i += 1) {
    const plus = rest.indexOf('+');
    if (plus < 0) return [...fields, rest];
    fields.push(rest.slice(0, plus));
    rest = rest.slice(plus + 1);
  }
  return [...fields, rest];
}

/** `<name>+<hex key id>+<base64(0x01 ‖ Ed25519 public key)>`, strictly. */
export function parseVerifierKey(vkey: string): NoteVerifierKey {
  const fields = splitKey(vkey, 3);
  if (fields.length !== 3) fail('malformed_key', 'a verifier key is <name>+<key id>+<key>');
  const [name, keyId, encoded] = fields;
  if (!isValidKeyName(name)) fail('malformed_key', 'the key name is empty or holds spaces, plus signs or control characters');
  if (!/^[0-9a-f]{8}$/.test(keyId)) fail('malformed_key', 'the key id must be 8 lowercase hex digits');
  const key = decodeBase64(encoded);
  if (!key || key.length === 0) fail('malformed_key', 'the key is not base64');
  if (key[0] !== SIGNATURE_TYPE_ED25519) fail('malformed_key', `unsupported signature type 0x${key[0].toString(16).padStart(2, '0')}`);
  const publicKey = key.subarray(1);
  if (publicKey.length !== 32) fail('malformed_key', 'an Ed25519 public key has 32 bytes');
  if (ed25519KeyId(name, publicKey) !== keyId) fail('malformed_key', 'the key id does not match the name and key');
  return { name, keyId, publicKey };
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function noteString(message: Uint8Array | string): string {
  let text: string;
  if (typeof message === 'string') {
    text = message;
    if (!isWellFormed(text)) fail('malformed_note', 'the note is not valid Unicode');
  } else {
    try {
      text = utf8.decode(message);
    } catch {
      return fail('malformed_note', 'the note is not valid UTF-8');
    }
  }
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) fail('malformed_note', 'the note holds a control character other than newline');
  return text;
}

/** Splits a signed note into its text and signature lines, checking the syntax only. */
export function parseNote(message: Uint8Array | string): ParsedNote {
  const note = noteString(message);
  const split = note.lastIndexOf('\n\n');
  if (split < 0) fail('malformed_note', 'no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) fail('malformed_note', 'the signature lines must end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) fail('malformed_note', `more than ${MAX_NOTE_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIGNATURE_PREFIX)) fail('malformed_note', 'a signature line must start with an em dash and a space');
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const bytes = space < 0 ? null : decodeBase64(rest.slice(space + 1));
    if (!isValidKeyName(name) || !bytes || bytes.length < 5) fail('malformed_note', 'a signature line is "— <key name> <base64 signature>"');
    return { name, keyId: Buffer.from(bytes.subarray(0, 4)).toString('hex'), signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    const key = nodeCrypto.createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
    return nodeCrypto.verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/**
 * Opens a signed note: every signature by one of `keys` must verify (a bad one rejects the note), signatures by
 * other keys are ignored, and at least one of `keys` must have signed.
 */
export function openNote(message: Uint8Array | string, keys: readonly NoteVerifierKey[]): OpenedNote {
  const note = parseNote(message);
  const id = (k: { name: string; keyId: string }) => `${k.name}+${k.keyId}`;
  const known = new Map<string, NoteVerifierKey>();
  for (const key of keys) {
    const other = known.get(id(key));
    if (other && !equalBytes(other.publicKey, key.publicKey)) fail('malformed_key', `two different keys are named ${id(key)}`);
    known.set(id(key), key);
  }
  const textBytes = Buffer.from(note.text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const signature of note.signatures) {
    const key = known.get(id(signature));
    if (!key) {
      const line = `${id(signature)} ${encodeBase64(signature.signature)}`;
      if (!seen.has(line)) unverified.push(signature);
      seen.add(line);
      continue;
    }
    if (seen.has(id(signature))) continue;
    seen.add(id(signature));
    if (!ed25519Verify(key.publicKey, textBytes, signature.signature)) fail('bad_signature', `the signature by ${id(key)} does not verify`);
    verified.push(signature);
  }
  if (verified.length === 0) fail('no_trusted_signature', 'the note carries no signature by a trusted key');
  return { ...note, verified, unverified };
}

// ---- checkpoints (c2sp.org/tlog-checkpoint) -------------------------------------------------------------------------

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  /** Optional, non-empty lines after the root hash. */
  extensions: string[];
}

/** The note text of a checkpoint: origin, decimal size, base64 root hash, extension lines, each ending in a newline. */
export function parseCheckpointBody(text: string): Checkpoint {
  if (!text.endsWith('\n')) fail('malformed_checkpoint', 'a checkpoint ends with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) fail('malformed_checkpoint', 'a checkpoint has an origin, a tree size and a root hash line');
  if (lines.some((line) => line.length === 0)) fail('malformed_checkpoint', 'a checkpoint has no empty lines');
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeLine)) fail('malformed_checkpoint', 'the tree size is a decimal number without leading zeroes');
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) fail('malformed_checkpoint', 'the tree size is too large');
  const rootHash = decodeBase64(rootLine);
  if (!rootHash || rootHash.length !== HASH_SIZE) fail('malformed_checkpoint', 'the root hash is not a base64 SHA-256 hash');
  return { origin, size, rootHash, extensions };
}

/**
 * Opens a signed checkpoint with the log's key and checks its origin (by default the key name, as the spec
 * recommends). Other signatures (witnesses) are ignored.
 */
export function openCheckpoint(
  message: Uint8Array | string,
  logKey: NoteVerifierKey,
  origin: string = logKey.name,
): { checkpoint: Checkpoint; note: OpenedNote } {
  const note = openNote(message, [logKey]);
  const checkpoint = parseCheckpointBody(note.text);
  if (checkpoint.origin !== origin) fail('wrong_origin', `the checkpoint is from "${checkpoint.origin}", not "${origin}"`);
  return { checkpoint, note };
}
