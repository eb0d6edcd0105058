/**
 * The signing half of C2SP signed notes (c2sp.org/signed-note) with Ed25519, key encodings as in Go's
 * golang.org/x/mod/sumdb/note: the signer key `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ 32-byte seed)>` (a
 * secret: configuration only, never logged) and the verifier key `<name>+<hex key id>+<base64(0x01 ‖ public key)>`
 * (public: served and printed). Opening notes lives in verify-core.ts, shared with the offline verifier.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  decodeBase64,
  ed25519KeyId,
  encodeBase64,
  isValidKeyName,
  parseNote,
  parseVerifierKey,
  SIGNATURE_TYPE_ED25519,
  splitKey,
  type NoteVerifierKey,
} from './verify-core.js';

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SIGNATURE_PREFIX = '\u2014 ';

/** A malformed signer key; the message never repeats the key. */
export class SignerKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignerKeyError';
  }
}

export function formatVerifierKey(key: NoteVerifierKey): string {
  return `${key.name}+${key.keyId}+${encodeBase64(Uint8Array.of(SIGNATURE_TYPE_ED25519, ...key.publicKey))}`;
}

/** An Ed25519 note signer. Holds the private key as a KeyObject; the seed is not kept or exposed. */
export class NoteSigner implements NoteVerifierKey {
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  readonly #privateKey: KeyObject;

  private constructor(
    readonly name: string,
    seed: Uint8Array,
  ) {
    this.#privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    this.publicKey = new Uint8Array(createPublicKey(this.#privateKey).export({ format: 'der', type: 'spki' }).subarray(-32));
    this.keyId = ed25519KeyId(name, this.publicKey);
  }

  /** Parses `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>`, checking the key id against the derived public key. */
  static fromSignerKey(skey: string): NoteSigner {
    const fields = splitKey(skey, 5);
    if (fields.length !== 5 || fields[0] !== 'PRIVATE' || fields[1] !== 'KEY') throw new SignerKeyError('a signer key is PRIVATE+KEY+<name>+<key id>+<key>');
    const [, , name, keyId, encoded] = fields;
    if (!isValidKeyName(name)) throw new SignerKeyError('the key name is empty or holds spaces, plus signs or control characters');
    if (!/^[0-9a-f]{8}$/.test(keyId)) throw new SignerKeyError('the key id must be 8 lowercase hex digits');
    const key = decodeBase64(encoded);
    if (!key || key[0] !== SIGNATURE_TYPE_ED25519 || key.length !== 33) throw new SignerKeyError('the key must be base64 of 0x01 and a 32-byte Ed25519 seed');
    const signer = new NoteSigner(name, key.subarray(1));
    if (signer.keyId !== keyId) throw new SignerKeyError('the key id does not match the name and key');
    return signer;
  }

  /** A new random key; `skey` is the secret to keep in configuration. */
  static generate(name: string): { signer: NoteSigner; skey: string } {
    if (!isValidKeyName(name)) throw new SignerKeyError('the key name is empty or holds spaces, plus signs or control characters');
    const { privateKey } = generateKeyPairSync('ed25519');
    const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
    const signer = new NoteSigner(name, seed);
    return { signer, skey: `PRIVATE+KEY+${name}+${signer.keyId}+${encodeBase64(Uint8Array.of(SIGNATURE_TYPE_ED25519, ...seed))}` };
  }

  /** The public verifier key, in its text form. */
  get vkey(): string {
    return formatVerifierKey(this);
  }

  /** The public verifier key, parsed (what openNote takes). */
  get verifierKey(): NoteVerifierKey {
    return parseVerifierKey(this.vkey);
  }

  /** Ed25519 signature (64 bytes) over the bytes. */
  sign(message: Uint8Array): Uint8Array {
    return new Uint8Array(sign(null, message, this.#privateKey));
  }
}

/** The signed note: text (ending in a newline), a blank line, one signature line per signer. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n')) throw new Error('a note text ends with a newline');
  if (signers.length === 0) throw new Error('a note needs at least one signature');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    const signature = Uint8Array.of(...Buffer.from(signer.keyId, 'hex'), ...signer.sign(message));
    return `${SIGNATURE_PREFIX}${signer.name} ${encodeBase64(signature)}\n`;
  });
  const note = `${text}\n${lines.join('')}`;
  if (parseNote(note).text !== text) throw new Error('the text cannot be signed as a note');
  return note;
}
