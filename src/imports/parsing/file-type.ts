import { extname } from 'node:path';
import { badRequest, DomainException } from '../../common/errors/domain-exception.js';

export type ReportFileKind = 'csv' | 'xlsx';

const unsupported = (message: string) => new DomainException('unsupported_file_type', 415, message);
const EXPECTED = 'Send the Kyndi report as CSV (.csv) or Excel workbook (.xlsx)';

const BINARY_SIGNATURES: [Buffer, string][] = [
  [Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 'an old-style Excel .xls workbook: save it as .xlsx or CSV'],
  [Buffer.from('%PDF'), 'a PDF'],
  [Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'a PNG image'],
  [Buffer.from([0xff, 0xd8, 0xff]), 'a JPEG image'],
  [Buffer.from([0x1f, 0x8b]), 'a gzip archive'],
  [Buffer.from([0xff, 0xfe]), 'UTF-16 text: save it as "CSV UTF-8"'],
  [Buffer.from([0xfe, 0xff]), 'UTF-16 text: save it as "CSV UTF-8"'],
];
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Decides CSV or XLSX from the content, checked against the file name's extension: an XLSX is a zip, a CSV is text.
 * `head` is the first few KiB of the file.
 */
export function detectFileKind(fileName: string, head: Buffer, size: number): ReportFileKind {
  const extension = extname(fileName).toLowerCase();
  if (!['.csv', '.xlsx', '.txt', ''].includes(extension)) {
    throw unsupported(`${EXPECTED}; '${extension}' files are not accepted`);
  }
  if (size === 0) throw badRequest('empty_file', 'The uploaded file is empty');
  if (head.subarray(0, 4).equals(ZIP)) {
    if (extension === '.csv' || extension === '.txt') {
      throw unsupported(`The file is named ${extension} but is a zip archive (an Excel workbook?); name it .xlsx`);
    }
    return 'xlsx';
  }
  const known = BINARY_SIGNATURES.find(([signature]) => head.subarray(0, signature.length).equals(signature));
  if (known) throw unsupported(`${EXPECTED}; this file is ${known[1]}`);
  if (head.includes(0)) throw unsupported(`${EXPECTED}; this file is binary, not text`);
  if (extension === '.xlsx') {
    throw badRequest('unreadable_xlsx', 'The file is named .xlsx but is not an Excel workbook (no zip signature)');
  }
  if (isBlankText(head, size)) throw badRequest('empty_file', 'The uploaded file has no content');
  return 'csv';
}

function isBlankText(head: Buffer, size: number): boolean {
  if (size > head.length) return false;
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  return text.trim().replace(/[,;\s]/g, '') === '';
}
