import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { DomainException } from '../../../common/errors/domain-exception.js';
import { formatBytes, messageOf, unreadableXlsx, xlsxLimitExceeded, type XlsxLimits, xlsxTooLarge } from './xlsx-limits.js';

/**
 * A workbook's zip, read through its central directory (yauzl: the authoritative index at the end of the file, which
 * a front-to-back stream reader cannot trust). Parts are inflated one at a time and only when asked for; the sizes the
 * zip declares are checked before inflating anything (yauzl fails a part whose content exceeds its declared size),
 * and the bytes actually inflated are counted against one budget for the whole workbook.
 */
export class ZipArchive {
  private expanded = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    private readonly limits: XlsxLimits,
  ) {}

  /** `source` is the path of the spooled upload, or the bytes themselves. */
  static async open(source: string | Buffer, limits: XlsxLimits): Promise<ZipArchive> {
    const options = { lazyEntries: true, autoClose: false };
    const zip = await (typeof source === 'string' ? yauzl.openPromise(source, options) : yauzl.fromBufferPromise(source, options)).catch(
      (error: unknown) => {
        throw unreadableXlsx(`not a zip archive: ${messageOf(error)}`);
      },
    );
    // Errors after the directory is read surface on the part streams; an unhandled 'error' event would crash.
    zip.on('error', () => undefined);
    try {
      if (zip.entryCount > limits.maxEntries) {
        throw xlsxLimitExceeded('entries', limits.maxEntries, `The workbook's zip holds ${zip.entryCount} files, more than the ${limits.maxEntries} a workbook has`);
      }
      const entries = new Map<string, yauzl.Entry>();
      for await (const entry of zip.eachEntry()) {
        // Only XML parts are ever read; keeping no other entries bounds memory whatever the directory holds.
        const name = normalisePartName(entry.fileName);
        if (name.length <= MAX_PART_NAME && /\.(xml|rels)$/.test(name)) entries.set(name, entry);
      }
      return new ZipArchive(zip, entries, limits);
    } catch (error) {
      zip.close();
      throw error instanceof DomainException ? error : unreadableXlsx(`damaged zip: ${messageOf(error)}`);
    }
  }

  has(name: string): boolean {
    return this.entries.has(normalisePartName(name));
  }

  /**
   * The part's text, decoded from UTF-8 (or UTF-16 with a byte order mark), chunk by chunk. `maxBytes` caps this part
   * on top of the workbook's budget.
   */
  async *text(name: string, maxBytes = this.limits.maxExpandedBytes): AsyncGenerator<string> {
    const entry = this.entries.get(normalisePartName(name));
    if (!entry) throw unreadableXlsx(`the part ${name} is missing`);
    this.checkDeclaredSize(name, entry, maxBytes);
    if (!entry.canDecodeFileData()) throw unreadableXlsx(`${name} is encrypted or uses an unsupported compression method`);
    const stream: Readable = await this.zip.openReadStreamPromise(entry).catch((error: unknown) => {
      throw unreadableXlsx(`${name}: ${messageOf(error)}`);
    });
    let decoder: TextDecoder | undefined;
    let read = 0;
    let checksum = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        read += chunk.length;
        this.expanded += chunk.length;
        // Belt and braces: yauzl already enforces the declared size checked above.
        if (read > maxBytes || this.expanded > this.limits.maxExpandedBytes) throw this.tooLarge(name, read, maxBytes);
        checksum = crc32(chunk, checksum);
        decoder ??= new TextDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8');
        const text = decoder.decode(chunk, { stream: true });
        if (text) yield text;
      }
    } catch (error) {
      throw error instanceof DomainException ? error : unreadableXlsx(`${name}: ${messageOf(error)}`);
    } finally {
      stream.destroy();
    }
    // yauzl does not check CRC-32; a damaged stored part, or deflate data that happens to inflate, is caught here.
    if (checksum >>> 0 !== entry.crc32 >>> 0) throw unreadableXlsx(`${name} is damaged (its checksum does not match)`);
    const tail = decoder?.decode() ?? '';
    if (tail) yield tail;
  }

  close(): void {
    this.zip.close();
  }

  private checkDeclaredSize(name: string, entry: yauzl.Entry, maxBytes: number): void {
    const size = entry.uncompressedSize;
    if (size > maxBytes || this.expanded + size > this.limits.maxExpandedBytes) throw this.tooLarge(name, size, maxBytes);
    const ratio = size / Math.max(entry.compressedSize, 1);
    if (size >= this.limits.ratioCheckedFromBytes && ratio > this.limits.maxCompressionRatio) {
      throw xlsxTooLarge(
        `${name} is compressed ${Math.round(ratio)}:1 (${formatBytes(size)} from ${formatBytes(entry.compressedSize)}), ` +
          `more than the ${this.limits.maxCompressionRatio}:1 of any spreadsheet: it looks like a zip bomb and was not opened`,
        { limit: 'compressionRatio', max: this.limits.maxCompressionRatio, part: name },
      );
    }
  }

  private tooLarge(name: string, size: number, maxBytes: number) {
    const partLimit = maxBytes < this.limits.maxExpandedBytes;
    const max = partLimit ? maxBytes : this.limits.maxExpandedBytes;
    const what = partLimit ? `this part may expand to at most ${formatBytes(max)}` : `the parts read may expand to at most ${formatBytes(max)} together`;
    return xlsxTooLarge(
      `The workbook is too large once decompressed: ${name} expands to ${formatBytes(size)} and ${what}; ` +
        'send the report on its own, or as a CSV',
      { limit: 'expandedBytes', max, part: name },
    );
  }
}

const MAX_PART_NAME = 512;

/** Part names are case-insensitive (OPC); some zip tools write backslashes or a leading slash. */
export function normalisePartName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}
