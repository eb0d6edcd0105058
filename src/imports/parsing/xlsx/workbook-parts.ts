import { isDateFormat } from './number-format.js';
import { xlsxLimitExceeded, type XlsxLimits } from './xlsx-limits.js';
import type { XmlHandler } from './xml-stream.js';

export interface Relationship {
  /** The last segment of the relationship type: worksheet, sharedStrings, styles, officeDocument, ... */
  type: string;
  /** The target part's name, resolved against the source part (relative or absolute targets alike). */
  part: string;
}

/**
 * A relationships part (`_rels/.rels`, `xl/_rels/workbook.xml.rels`). Only relationships the caller wants are kept.
 * Targets are relative to the source part's folder (`worksheets/sheet1.xml`) or absolute (`/xl/worksheets/sheet1.xml`,
 * as openpyxl writes); Strict OOXML uses other type URIs with the same last segment.
 */
export function relationshipsHandler(sourcePart: string, wanted: (id: string, type: string) => boolean, into: Map<string, Relationship>): XmlHandler {
  return {
    open(name, attributes) {
      if (name !== 'Relationship' || attributes.TargetMode === 'External') return;
      const id = attributes.Id ?? '';
      const type = (attributes.Type ?? '').split('/').pop() ?? '';
      if (!attributes.Target || !wanted(id, type)) return;
      into.set(id, { type, part: resolveTarget(sourcePart, attributes.Target) });
    },
    close() {},
  };
}

export function resolveTarget(sourcePart: string, target: string): string {
  let path = target;
  try {
    path = decodeURIComponent(target);
  } catch {
    // Not percent-encoded after all.
  }
  const segments = path.startsWith('/') ? [] : sourcePart.split('/').slice(0, -1);
  for (const segment of path.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

export interface SheetEntry {
  name: string;
  state?: string;
  relationshipId: string;
}

export interface WorkbookInfo {
  sheets: SheetEntry[];
  date1904: boolean;
}

export function workbookHandler(into: WorkbookInfo, limits: XlsxLimits): XmlHandler {
  return {
    open(name, attributes) {
      if (name === 'workbookPr') into.date1904 = isTrue(attributes.date1904);
      if (name !== 'sheet') return;
      if (into.sheets.length >= limits.maxSheets) {
        throw xlsxLimitExceeded('sheets', limits.maxSheets, `The workbook has more than ${limits.maxSheets} sheets`);
      }
      const relationship = Object.entries(attributes).find(([key]) => key.endsWith(':id'));
      into.sheets.push({ name: attributes.name ?? '', state: attributes.state, relationshipId: relationship?.[1] ?? '' });
    },
    close() {},
  };
}

/**
 * styles.xml: which cell formats (the `s` index of a cell) show numbers as dates, from `cellXfs` and the custom
 * `numFmts` they refer to.
 */
export function stylesHandler(dateStyles: boolean[], limits: XlsxLimits): XmlHandler {
  const formatCodes = new Map<number, string>();
  const formatIds: number[] = [];
  let section = '';
  return {
    open(name, attributes) {
      if (name === 'numFmts' || name === 'cellXfs') section = name;
      else if (name === 'numFmt' && section === 'numFmts') {
        if (formatCodes.size >= limits.maxStyles) throw tooManyStyles(limits);
        formatCodes.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
      } else if (name === 'xf' && section === 'cellXfs') {
        if (formatIds.length >= limits.maxStyles) throw tooManyStyles(limits);
        formatIds.push(Number(attributes.numFmtId ?? 0));
      }
    },
    close(name) {
      if (name === section) section = '';
      if (name === 'styleSheet') for (const id of formatIds) dateStyles.push(isDateFormat(id, formatCodes.get(id)));
    },
  };
}

const tooManyStyles = (limits: XlsxLimits) =>
  xlsxLimitExceeded('styles', limits.maxStyles, `The workbook defines more than ${limits.maxStyles} cell formats`);

/**
 * sharedStrings.xml: the text of each `<si>`, whether plain (`<t>`) or rich (runs of `<r><t>`), without phonetic
 * guides (`<rPh>`). Capped in count and in total length, which bounds the memory they take.
 */
export function sharedStringsHandler(into: string[], limits: XlsxLimits): XmlHandler {
  let inItem = false;
  let inText = false;
  let inPhonetic = false;
  let text = '';
  let chars = 0;
  return {
    open(name) {
      if (name === 'si') {
        if (into.length >= limits.maxSharedStrings) {
          throw xlsxLimitExceeded(
            'sharedStrings',
            limits.maxSharedStrings,
            `The workbook has more than ${limits.maxSharedStrings.toLocaleString('en-GB')} different texts (shared strings), more than a report has`,
          );
        }
        inItem = true;
        text = '';
      } else if (name === 'rPh') inPhonetic = true;
      else if (name === 't' && inItem && !inPhonetic) inText = true;
    },
    text(value) {
      if (!inText) return;
      text += value;
      chars += value.length;
      if (chars > limits.maxSharedStringChars) {
        throw xlsxLimitExceeded(
          'sharedStringChars',
          limits.maxSharedStringChars,
          `The workbook's texts (shared strings) add up to more than ${limits.maxSharedStringChars.toLocaleString('en-GB')} characters, more than a report has`,
        );
      }
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si') {
        into.push(decodeEscapes(text));
        inItem = false;
      }
    },
  };
}

/** OOXML writes characters XML cannot hold as _xHHHH_ (e.g. _x000D_ for a carriage return). */
export function decodeEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}
