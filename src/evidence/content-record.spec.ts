import { contentProblems, contentRecord, rowProblems, storedObjectProblems } from './content-record.js';
import type { CustodyAction } from './evidence.enums.js';

const uploaded = { sha256: 'a'.repeat(64), size: 10, storageKey: 'evidence/r/i', storageVersionId: null, etag: '"abc"' };
const chain = (...actions: [CustodyAction, Record<string, unknown>?][]) =>
  actions.map(([action, details], i) => ({ sequence: i + 1, action, details: details ?? {} }));
const row = { status: 'available' as const, sha256: uploaded.sha256, sizeBytes: 10, storageKey: 'evidence/r/i', storageVersionId: null };

describe('content record', () => {
  it('is the uploaded entry of the chain, ETag without quotes', () => {
    expect(contentRecord(chain(['created'], ['upload_started'], ['uploaded', uploaded], ['accessed']))).toEqual({
      sequence: 3,
      sha256: uploaded.sha256,
      size: 10,
      storageKey: 'evidence/r/i',
      storageVersionId: null,
      etag: 'abc',
    });
    expect(contentRecord(chain(['created'], ['upload_failed']))).toBeNull();
  });

  it('names every row field that disagrees with the chain', () => {
    const events = chain(['created'], ['uploaded', uploaded]);
    expect(rowProblems(row, events)).toEqual([]);
    const altered = rowProblems({ ...row, sha256: 'b'.repeat(64), sizeBytes: 11, storageVersionId: 'v2' }, events);
    expect(altered).toMatchObject([{ chain: 'row', code: 'row_altered', sequence: 2, fields: ['sha256', 'size', 'storageVersionId'] }]);
  });

  it('flags a row that claims content never uploaded, serves what the chain quarantined, or hides what it never deleted', () => {
    expect(rowProblems(row, chain(['created']))).toMatchObject([{ fields: ['status'] }]);
    expect(rowProblems(row, chain(['created'], ['uploaded', uploaded], ['quarantined']))).toMatchObject([{ fields: ['status'] }]);
    expect(rowProblems({ ...row, status: 'integrity_failed' }, chain(['created'], ['uploaded', uploaded], ['quarantined']))).toEqual([]);
    expect(rowProblems({ ...row, status: 'deleted' }, chain(['created'], ['uploaded', uploaded]))).toMatchObject([{ fields: ['status'] }]);
    expect(rowProblems({ ...row, status: 'deleted' }, chain(['created'], ['uploaded', uploaded], ['deleted']))).toEqual([]);
  });

  it('compares a stored object by size and ETag, and by content when re-hashed', () => {
    const record = contentRecord(chain(['uploaded', uploaded]))!;
    expect(storedObjectProblems(record, { size: 10, etag: '"abc"' })).toEqual([]);
    expect(storedObjectProblems(record, { size: 9, etag: 'def' }).map((p) => p.code)).toEqual(['object_size_mismatch', 'object_etag_mismatch']);
    expect(storedObjectProblems({ ...record, etag: null }, { size: 10, etag: 'def' })).toEqual([]);
    expect(contentProblems(record, { sha256: 'c'.repeat(64), size: 10, etag: 'def' }).map((p) => p.code)).toEqual(['object_hash_mismatch']);
    expect(contentProblems(record, { sha256: uploaded.sha256, size: 10, etag: 'def' }).map((p) => p.code)).toEqual(['object_etag_mismatch']);
  });
});
