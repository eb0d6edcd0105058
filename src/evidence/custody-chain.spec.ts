import { canonicalJson, custodyHash, type StoredCustodyEntry, verifyChain } from './custody-chain.js';

function chain(length: number): StoredCustodyEntry[] {
  const entries: StoredCustodyEntry[] = [];
  for (let sequence = 1; sequence <= length; sequence += 1) {
    const entry = {
      chainId: 'c0ffee00-0000-4000-8000-000000000001',
      sequence,
      requestId: 'c0ffee00-0000-4000-8000-000000000002',
      itemId: 'c0ffee00-0000-4000-8000-000000000001',
      action: sequence === 1 ? 'created' : 'accessed',
      actorId: null,
      actorEmail: 'system:test',
      actorRole: 'system',
      organisationId: null,
      occurredAt: new Date(Date.UTC(2025, 2, 14, 21, 30, sequence)),
      details: { b: 1, a: { y: [1, 'two'], x: null } },
      correlationId: null,
      clientIp: null,
      previousHash: entries.at(-1)?.hash ?? null,
    };
    entries.push({ ...entry, hash: custodyHash(entry) });
  }
  return entries;
}

describe('custody chain', () => {
  it('serialises with sorted keys at every level, so key order does not change the hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    const [entry] = chain(1);
    expect(custodyHash({ ...entry, details: { a: { x: null, y: [1, 'two'] }, b: 1 } })).toBe(entry.hash);
  });

  it('accepts an intact chain and pinpoints alteration, broken links, gaps and a missing tail', () => {
    const entries = chain(5);
    const head = { sequence: 5, hash: entries[4].hash };
    expect(verifyChain('item', entries, head)).toEqual([]);

    const altered = entries.map((e) => (e.sequence === 3 ? { ...e, actorEmail: 'x@y' } : e));
    expect(verifyChain('item', altered, head).map((p) => [p.code, p.sequence])).toEqual([['content_altered', 3]]);

    const rehashed = { ...entries[1], actorEmail: 'x@y' };
    const relinked = entries.map((e) => (e.sequence === 2 ? { ...rehashed, hash: custodyHash(rehashed) } : e));
    expect(verifyChain('item', relinked, head).map((p) => [p.code, p.sequence])).toEqual([['broken_link', 3]]);

    expect(verifyChain('item', entries.filter((e) => e.sequence !== 2 && e.sequence !== 3), head).map((p) => [p.code, p.sequence])).toEqual([
      ['missing_sequence', 2],
    ]);
    expect(verifyChain('item', entries.slice(0, 4), head).map((p) => [p.code, p.sequence])).toEqual([['missing_sequence', 5]]);
  });
});
