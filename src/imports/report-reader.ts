import { createReadStream } from 'node:fs';
import { readCsvRows } from './parsing/csv-rows.js';
import type { ReportFileKind } from './parsing/file-type.js';
import { type ParsedReport, parseReport } from './parsing/report-parser.js';
import { readXlsxRows } from './parsing/xlsx-rows.js';

/** Streams a spooled report file through the matching reader into the parser. */
export async function readReportFile(
  path: string,
  kind: ReportFileKind,
  options: { utf8: boolean; maxRows: number },
): Promise<ParsedReport> {
  const stream = createReadStream(path);
  try {
    const rows = kind === 'xlsx' ? readXlsxRows(stream) : readCsvRows(stream, options.utf8 ? 'utf-8' : 'windows-1252');
    return await parseReport(rows, { maxRows: options.maxRows });
  } finally {
    stream.destroy();
  }
}
