import { CsvError, parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { unprocessable } from '../../common/errors/domain-exception.js';
import type { SheetRow } from './sheet-row.js';

export type TextEncoding = 'utf-8' | 'windows-1252';

const DETECTION_BYTES = 64 * 1024;
const DETECTION_LINES = 20;

/**
 * Streams the rows of a CSV file. The delimiter (comma or semicolon) is detected from the first lines; a UTF-8 BOM,
 * CRLF or LF line ends and quoted fields (with delimiters or line breaks inside) are handled. Row numbers count every
 * record, blank lines included, as a spreadsheet program shows them.
 */
export async function* readCsvRows(source: AsyncIterable<Buffer>, encoding: TextEncoding = 'utf-8'): AsyncGenerator<SheetRow> {
  const text = decode(source, encoding)[Symbol.asyncIterator]();
  let head = '';
  let finished = false;
  while (head.length < DETECTION_BYTES) {
    const next = await text.next();
    if (next.done) {
      finished = true;
      break;
    }
    head += next.value;
  }
  const delimiter = detectDelimiter(head);
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  });
  // csv-parse builds an error object (with a stack trace) for every record whose width differs from the first
  // record's, even when relaxed: a title row first would make that every row. A synthetic first record as wide as
  // the typical row avoids it; it is dropped below.
  const input = Readable.from(
    (async function* () {
      yield `${delimiter.repeat(typicalWidth(head, delimiter) - 1)}${lineEnding(head)}`;
      if (head) yield head;
      while (!finished) {
        const next = await text.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
  );
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let number = -1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      number += 1;
      if (number > 0) yield { number, cells: record };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      // Line numbers without the synthetic first record.
      const message = error.message.replace(/line (\d+)/g, (_, line: string) => `line ${Number(line) - 1}`);
      throw unprocessable('malformed_csv', `The CSV file cannot be read: ${message}`);
    }
    throw error;
  } finally {
    input.destroy();
    await text.return?.(undefined);
  }
}

async function* decode(source: AsyncIterable<Buffer>, encoding: TextEncoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of source) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/** The file's own line ending, so that the synthetic first record does not change how records are split. */
function lineEnding(head: string): string {
  const first = head.indexOf('\n');
  return first > 0 && head[first - 1] === '\r' ? '\r\n' : '\n';
}

/** The most common number of fields per record in the first records (quoted delimiters and line breaks aside). */
export function typicalWidth(head: string, delimiter: string): number {
  const counts = new Map<number, number>();
  let fields = 1;
  let quoted = false;
  let records = 0;
  for (const char of head) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === delimiter) fields += 1;
    else if (!quoted && char === '\n') {
      counts.set(fields, (counts.get(fields) ?? 0) + 1);
      fields = 1;
      if (++records >= 200) break;
    }
  }
  let best = 1;
  for (const [width, count] of counts) {
    if (count > (counts.get(best) ?? 0) || (count === counts.get(best) && width > best)) best = width;
  }
  return best;
}

/** Semicolon when the first lines hold more semicolons than commas outside quotes (European spreadsheet exports). */
export function detectDelimiter(head: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  let lines = 0;
  for (const char of head) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ',') commas += 1;
    else if (!quoted && char === ';') semicolons += 1;
    else if (!quoted && char === '\n' && ++lines >= DETECTION_LINES) break;
  }
  return semicolons > commas ? ';' : ',';
}
