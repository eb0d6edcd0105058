/**
 * C2SP tlog-tiles (c2sp.org/tlog-tiles) from the node store, for publishing the tree (e.g. to S3) so that anyone
 * can compute proofs and check the published checkpoints without asking the service. A tile at level L holds up
 * to 256 consecutive stored nodes of tree level 8·L: no hash has to be computed to publish it.
 */
import { readPlan, type NodeId, type NodeReader } from './merkle.js';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;

export interface TileId {
  level: number;
  index: number;
  /** Number of hashes: 256 for a full tile, 1–255 for a partial one. */
  width: number;
}

/** Tile index as zero-padded 3-digit path elements, all but the last prefixed with x: 1234067 → x001/x234/067. */
export function tileIndexPath(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError('a tile index is a non-negative integer');
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
}

/** `tile/<L>/<N>[.p/<W>]`, relative to the log's prefix. */
export function tilePath(tile: TileId): string {
  return `tile/${tile.level}/${tileIndexPath(tile.index)}${tile.width < TILE_WIDTH ? `.p/${tile.width}` : ''}`;
}

/**
 * The tiles to publish when the tree grows from `fromSize` to `toSize`: each full tile completed in between, and
 * the partial tiles of `toSize` (which a checkpoint of that size needs).
 */
export function tilesToPublish(fromSize: number, toSize: number): TileId[] {
  if (!Number.isSafeInteger(fromSize) || !Number.isSafeInteger(toSize) || fromSize < 0 || fromSize > toSize) {
    throw new RangeError('tile sizes must satisfy 0 <= from <= to');
  }
  const tiles: TileId[] = [];
  for (let level = 0; TILE_WIDTH ** level <= toSize; level += 1) {
    const tileSpan = TILE_WIDTH ** (level + 1);
    for (let index = Math.floor(fromSize / tileSpan); index < Math.floor(toSize / tileSpan); index += 1) {
      tiles.push({ level, index, width: TILE_WIDTH });
    }
    const width = Math.floor(toSize / TILE_WIDTH ** level) % TILE_WIDTH;
    if (width > 0) tiles.push({ level, index: Math.floor(toSize / tileSpan), width });
  }
  return tiles;
}

/** The stored nodes a tile holds, in order. */
export function tileNodes(tile: TileId): NodeId[] {
  const first = tile.index * TILE_WIDTH;
  return Array.from({ length: tile.width }, (_, i) => ({ level: tile.level * TILE_HEIGHT, index: first + i }));
}

/** The tile's bytes: its hashes concatenated (8,192 bytes when full). */
export async function readTile(reader: NodeReader, tile: TileId): Promise<Uint8Array> {
  return Buffer.concat(await readPlan(reader, tileNodes(tile).map((id) => [id])));
}
