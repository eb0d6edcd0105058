import { badRequest, DomainException, unprocessable } from '../../../common/errors/domain-exception.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Hard limits on what reading one XLSX upload may cost. The upload itself is capped by IMPORT_MAX_BYTES; these cap
 * what it expands to, so that no workbook can take more than a few seconds of one core or a few tens of MiB of memory.
 * A Kyndi report of 50,000 camera rows written by LibreOffice (the most verbose producer) expands to about 18 MiB,
 * compresses 15-20:1 and has about 300,000 cells.
 */
export const XLSX_LIMITS = {
  /** Everything inflated from the zip (only the parts a report needs are read). */
  maxExpandedBytes: 64 * MiB,
  /** Each of the small parts: relationships, workbook.xml, styles.xml. */
  maxMetadataPartBytes: 8 * MiB,
  /** Expanded to compressed size of one part; deflate reaches about 1000:1 on a bomb, real sheets 5-40:1. */
  maxCompressionRatio: 200,
  /** Parts smaller than this are not checked for their ratio (a tiny part may compress very well). */
  ratioCheckedFromBytes: 1 * MiB,
  /** Files in the zip; a workbook has a dozen or so, a few hundred with many images. */
  maxEntries: 10_000,
  maxSheets: 1_000,
  /** Cell formats (Excel itself allows about 64,000). */
  maxStyles: 65_536,
  maxSharedStrings: 200_000,
  /** Total length of the shared strings, in UTF-16 code units (what JavaScript strings hold). */
  maxSharedStringChars: 8 * 1024 * 1024,
  /** Columns a value may sit in: A to IV. Blank formatted cells further right are skipped, never materialised. */
  maxColumns: 256,
  /** Row elements of the sheet, blank rows included. */
  maxRows: 200_000,
  /** Cell elements of the sheet, blank ones included. */
  maxCells: 1_000_000,
  /** One XML token (a text, an attribute list, a comment); Excel's longest cell text is 32,767 characters. */
  maxXmlToken: 256 * KiB,
  maxXmlDepth: 64,
};

export type XlsxLimits = typeof XLSX_LIMITS;

export type XlsxLimitName =
  | 'entries'
  | 'sheets'
  | 'styles'
  | 'sharedStrings'
  | 'sharedStringChars'
  | 'columns'
  | 'rows'
  | 'cells'
  | 'xmlToken';

/** 413: the workbook expands to more than the service reads (a zip bomb, or a workbook far bigger than a report). */
export const xlsxTooLarge = (message: string, details: Record<string, unknown>) =>
  new DomainException('xlsx_too_large', 413, message, details);

/** 422: a well-formed workbook with more cells, columns or strings than a report can have. */
export const xlsxLimitExceeded = (limit: XlsxLimitName, max: number, message: string, details: Record<string, unknown> = {}) =>
  unprocessable('xlsx_limit_exceeded', message, { limit, max, ...details });

/** 400: not a readable workbook (corrupt zip, malformed XML, missing parts). */
export const unreadableXlsx = (detail: string) =>
  badRequest(
    'unreadable_xlsx',
    `The XLSX workbook cannot be read (${detail}); save it again from the spreadsheet program or send a CSV`,
  );

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
  if (bytes >= KiB) return `${Math.round(bytes / KiB)} KiB`;
  return `${bytes} bytes`;
}

/** An error's message, whichever realm (or library) threw it. */
export function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message ? message : String(error);
}
