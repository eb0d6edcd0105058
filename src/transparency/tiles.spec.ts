import { merkleTreeHash } from './merkle.js';
import { appendToFrontier, MemoryNodeStore } from './node-store.js';
import { readTile, tileIndexPath, tilePath, tilesToPublish } from './tiles.js';
import { leafHash } from './verify-core.js';

// Known answers from c2sp.org/tlog-tiles (github.com/C2SP/C2SP tlog-tiles.md, commit 5ba5ee8).
describe('tlog tiles', () => {
  it('encode tile paths as the spec does', () => {
    expect(tileIndexPath(1234067)).toBe('x001/x234/067');
    expect(tileIndexPath(0)).toBe('000');
    expect(tileIndexPath(1000)).toBe('x001/000');
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 2, index: 0, width: 1 })).toBe('tile/2/000.p/1');
  });

  it('name the spec’s tiles for trees of 70,000 and 256 leaves', () => {
    const tiles = tilesToPublish(0, 70_000);
    const summary = (level: number) => {
      const atLevel = tiles.filter((t) => t.level === level);
      return { full: atLevel.filter((t) => t.width === 256).length, partial: atLevel.filter((t) => t.width < 256).map((t) => t.width) };
    };
    expect([0, 1, 2, 3].map(summary)).toEqual([
      { full: 273, partial: [112] },
      { full: 1, partial: [17] },
      { full: 0, partial: [1] },
      { full: 0, partial: [] },
    ]);
    expect(tilesToPublish(0, 256)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
  });

  it('publish only what changed: tiles completed since the last size, and the new partial tiles', () => {
    expect(tilesToPublish(70_000, 70_200)).toEqual([
      { level: 0, index: 273, width: 256 },
      { level: 0, index: 274, width: 56 },
      { level: 1, index: 1, width: 18 },
      { level: 2, index: 0, width: 1 },
    ]);
    expect(tilesToPublish(512, 512)).toEqual([{ level: 1, index: 0, width: 2 }]);
    expect(() => tilesToPublish(5, 4)).toThrow(RangeError);
  });

  it('hold the leaf hashes at level 0 and the hashes of whole lower tiles above, read from stored nodes', async () => {
    const leaves = Array.from({ length: 70_000 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
    const store = new MemoryNodeStore(70_000);
    store.putNodes(appendToFrontier(0, [], leaves).nodes);
    const level0 = await readTile(store, { level: 0, index: 273, width: 112 });
    expect(Buffer.from(level0)).toEqual(Buffer.concat(leaves.slice(273 * 256)));
    const level1 = await readTile(store, { level: 1, index: 1, width: 17 });
    expect(level1.length).toBe(17 * 32);
    for (let i = 0; i < 17; i += 1) {
      const start = (256 + i) * 256;
      expect(Buffer.from(level1.subarray(i * 32, (i + 1) * 32))).toEqual(Buffer.from(merkleTreeHash(leaves, start, start + 256)));
    }
    const level2 = await readTile(store, { level: 2, index: 0, width: 1 });
    expect(Buffer.from(level2)).toEqual(Buffer.from(merkleTreeHash(leaves, 0, 65_536)));
  });
});
