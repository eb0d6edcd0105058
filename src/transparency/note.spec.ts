import { inspect } from 'node:util';
import { formatVerifierKey, NoteSigner, SignerKeyError, signNote } from './note.js';
import { openNote, parseNote, parseVerifierKey, VerificationError, type NoteVerifierKey } from './verify-core.js';

/*
 * Known answers:
 *  - golang.org/x/mod/sumdb/note (github.com/golang/mod, BSD-3-Clause): note.go package documentation and
 *    note_test.go (TestNewVerifier, TestNewSigner, TestOpen): the PeterNeumann and EnochRoot keys and notes.
 *  - c2sp.org/signed-note (github.com/C2SP/C2SP signed-note.md, commit 5ba5ee8): the example.com/foo verifier key and
 *    note, and the opening quasimodo.example note.
 */
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE =
  'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
const QUASIMODO_NOTE =
  'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n' +
  '— quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';

const peter = parseVerifierKey(PETER_VKEY);
const enoch = parseVerifierKey(ENOCH_VKEY);
const failure = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof VerificationError) return error.code;
    if (error instanceof SignerKeyError) return 'signer_key';
    throw error;
  }
};
const ids = (signatures: { name: string; keyId: string }[]) => signatures.map((s) => `${s.name}+${s.keyId}`);

/** Every proper substring and every one-character change of a key: all must be refused (as Go's tests do). */
function manglings(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= key.length; i += 1) for (let j = i + 1; j <= key.length; j += 1) if (i !== 0 || j !== key.length) out.push(key.slice(i, j));
  for (let i = 0; i < key.length; i += 1) out.push(key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1));
  return out;
}

describe('signed notes: keys', () => {
  it('derive the reference verifier key and key id from the reference signer key', () => {
    const signer = NoteSigner.fromSignerKey(PETER_SKEY);
    expect(signer.vkey).toBe(PETER_VKEY);
    expect({ name: signer.name, keyId: signer.keyId }).toEqual({ name: 'PeterNeumann', keyId: 'c74f20a3' });
    expect(formatVerifierKey(peter)).toBe(PETER_VKEY);
    expect(parseVerifierKey(SPEC_VKEY)).toMatchObject({ name: 'example.com/foo', keyId: '530d903a' });
  });

  it('refuse every truncation and one-character change of a verifier key or signer key', () => {
    const vkeys = manglings(PETER_VKEY);
    expect(vkeys.filter((k) => failure(() => parseVerifierKey(k)) !== 'malformed_key')).toEqual([]);
    const skeys = manglings(PETER_SKEY);
    expect(skeys.filter((k) => failure(() => NoteSigner.fromSignerKey(k)) !== 'signer_key')).toEqual([]);
    // Go's: a wrong-length key and an unknown algorithm, each with a matching key id.
    expect(failure(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='))).toBe('malformed_key');
    expect(failure(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('malformed_key');
    expect(failure(() => parseVerifierKey('PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('malformed_key');
  });

  it('generate keys whose signer key round-trips and never shows the secret', () => {
    const { signer, skey } = NoteSigner.generate('cctv.medway.example/transparency');
    const [, secret] = /^PRIVATE\+KEY\+cctv\.medway\.example\/transparency\+[0-9a-f]{8}\+([A-Za-z0-9+/]{44})$/.exec(skey) ?? [];
    expect(secret).toBeDefined();
    expect(NoteSigner.fromSignerKey(skey).vkey).toBe(signer.vkey);
    expect(`${JSON.stringify(signer)} ${String(signer)} ${inspect(signer, { showHidden: true })}`).not.toContain(secret);
    expect(() => NoteSigner.fromSignerKey(skey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow('does not match');
    expect(() => NoteSigner.generate('has space')).toThrow(SignerKeyError);
    // The base64 key itself may hold plus signs: only the first ones separate the fields.
    const keyPart = (vkey: string) => vkey.split('+').slice(2).join('+');
    let withPlus: NoteSigner;
    do withPlus = NoteSigner.generate('example.com/log').signer;
    while (!keyPart(withPlus.vkey).includes('+'));
    expect(parseVerifierKey(withPlus.vkey).publicKey).toEqual(withPlus.publicKey);
  });
});

describe('signed notes: signing and opening', () => {
  it('signs the reference text byte for byte as Go does (Ed25519 is deterministic)', () => {
    expect(signNote(TEXT, [NoteSigner.fromSignerKey(PETER_SKEY)])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('opens the reference notes: the C2SP example, and Go’s with known and unknown keys', () => {
    expect(openNote(SPEC_NOTE, [parseVerifierKey(SPEC_VKEY)]).text).toBe('This is an example message.\n');

    const both = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    const byPeter = openNote(both, [peter]);
    expect({ text: byPeter.text, verified: ids(byPeter.verified), unverified: ids(byPeter.unverified) }).toEqual({
      text: TEXT,
      verified: ['PeterNeumann+c74f20a3'],
      unverified: ['EnochRoot+af0cfe78'],
    });
    expect(ids(openNote(both, [peter, enoch]).verified)).toEqual(['PeterNeumann+c74f20a3', 'EnochRoot+af0cfe78']);
    expect(ids(openNote(new TextEncoder().encode(both), [enoch]).verified)).toEqual(['EnochRoot+af0cfe78']);
  });

  it('needs a signature by a trusted key: unknown keys are ignored, not trusted', () => {
    expect(failure(() => openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, []))).toBe('no_trusted_signature');
    expect(failure(() => openNote(QUASIMODO_NOTE, [peter]))).toBe('no_trusted_signature');
    const quasimodo = parseNote(QUASIMODO_NOTE);
    expect(quasimodo.text).toBe('Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n');
    expect(ids(quasimodo.signatures)).toEqual(['quasimodo.example/salvatore+367ba04b']);
    // Same name, other key (another id): ignored. Same name and id, other key: must verify, and fails.
    const impostor = NoteSigner.generate('PeterNeumann').signer;
    expect(failure(() => openNote(signNote(TEXT, [impostor]), [peter]))).toBe('no_trusted_signature');
    const colliding: NoteVerifierKey = { ...impostor.verifierKey, keyId: peter.keyId };
    expect(failure(() => openNote(`${TEXT}\n${PETER_SIG}`, [colliding]))).toBe('bad_signature');
  });

  it('rejects a note whose trusted signature does not verify, even beside a good one', () => {
    const altered = `${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(failure(() => openNote(altered, [peter]))).toBe('bad_signature');
    expect(failure(() => openNote(`${TEXT.replace('answer', 'Answer')}\n${PETER_SIG}`, [peter]))).toBe('bad_signature');
    expect(failure(() => openNote(`${TEXT}\n${ENOCH_SIG}${PETER_SIG.replace('NIuGUgYN', 'NIuGUgYM')}`, [peter, enoch]))).toBe('bad_signature');
  });

  it('ignores repeated signatures and refuses more than 100', () => {
    const repeated = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}`, [peter]);
    expect(ids(repeated.verified)).toEqual(['PeterNeumann+c74f20a3']);
    expect(ids(repeated.unverified)).toEqual(['EnochRoot+af0cfe78']);
    expect(failure(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, [peter]))).toBe('malformed_note');
    expect(failure(() => openNote(`${TEXT}\n${PETER_SIG.repeat(100)}`, [peter]))).toBe('ok');
  });

  it('rejects malformed notes (Go’s list, plus BOM-free UTF-8 and control characters)', () => {
    const bad = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.replace('— ', '– ')}`,
      `${TEXT}\n${PETER_SIG.replace('JnAM=', 'JnAM')}`,
      `${TEXT}\n${PETER_SIG.replace('\n', '\r\n')}`,
      `${TEXT.replace('\n', '\t\n')}\n${PETER_SIG}`,
      `${TEXT}\n— PeterNeumann\n`,
      `${TEXT}\n— PeterNeumann AAAA\n`,
      `${TEXT}\n${PETER_SIG}\n`,
      `\uD800${TEXT}\n${PETER_SIG}`,
    ];
    expect(bad.map((note) => failure(() => openNote(note, [peter])))).toEqual(bad.map(() => 'malformed_note'));
    const invalidUtf8 = Buffer.concat([Buffer.from([0xff]), Buffer.from(`${TEXT}\n${PETER_SIG}`)]);
    expect(failure(() => openNote(invalidUtf8, [peter]))).toBe('malformed_note');
    // A byte-order mark is text like any other: kept, and so it breaks the signature rather than vanishing.
    expect(failure(() => openNote(Buffer.from(`\uFEFF${TEXT}\n${PETER_SIG}`), [peter]))).toBe('bad_signature');
  });

  it('signs texts with empty lines (the last blank line separates the signatures) and refuses unsignable texts', () => {
    const { signer } = NoteSigner.generate('example.com/log');
    for (const text of ['a\n\nb\n', 'a\n\n', 'emoji ✔ and ünïcode\n']) {
      expect(openNote(signNote(text, [signer]), [signer]).text).toBe(text);
    }
    expect(() => signNote('no newline', [signer])).toThrow('ends with a newline');
    expect(failure(() => signNote('bell \u0007\n', [signer]))).toBe('malformed_note');
    expect(() => signNote('x\n', [])).toThrow('at least one signature');
  });
});
