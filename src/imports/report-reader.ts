import { createReadStream } from 'node:fs';
import { readCsvRows } from './parsing/csv-rows.js';
import type { ReportFileKind } from './parsing/file-type.js';
import { type ParsedReport, parseReport } from './parsing/report-parser.js';
import { readXlsxRows } from './parsing/xlsx-rows.js';

/**
 * Streams a spooled report file through the matching reader into the parser. A workbook is read from the file by
 * random access (its zip directory is at the end); a CSV as a stream.
 */
export async function readReportFile(
  path: string,
  kind: ReportFileKind,
  options: { utf8: boolean; maxRows: number },
): Promise<ParsedReport> {
  if (kind === 'xlsx') return parseReport(readXlsxRows(path), { maxRows: options.maxRows });
  const stream = createReadStream(path);
  try {
    return await parseReport(readCsvRows(stream, options.utf8 ? 'utf-8' : 'windows-1252'), { maxRows: options.maxRows });
  } finally {
    stream.destroy();
  }
}
