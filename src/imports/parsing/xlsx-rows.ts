import type { SheetRow } from './sheet-row.js';
import { SheetHandler } from './xlsx/sheet-handler.js';
import {
  type Relationship,
  relationshipsHandler,
  type SheetEntry,
  sharedStringsHandler,
  stylesHandler,
  type WorkbookInfo,
  workbookHandler,
} from './xlsx/workbook-parts.js';
import { unreadableXlsx, XLSX_LIMITS, type XlsxLimits } from './xlsx/xlsx-limits.js';
import { parseXml, parseXmlPart } from './xlsx/xml-stream.js';
import { ZipArchive } from './xlsx/zip-archive.js';

interface SheetInfo {
  name: string;
  state?: string;
}

/** The sheet a report lives on: one named like "Activity", else the first visible sheet. */
export function pickSheet(sheets: SheetInfo[]): string | undefined {
  const visible = sheets.filter((sheet) => !sheet.state || sheet.state === 'visible');
  return (visible.find((sheet) => /activity/i.test(sheet.name)) ?? visible[0] ?? sheets[0])?.name;
}

const CONTENT_TYPES = '[Content_Types].xml';
const IGNORE = { open() {}, close() {} };

/** What reading the chosen sheet needs from the rest of the workbook. */
interface WorkbookModel {
  sheet: SheetEntry & { part: string };
  sharedStrings: string[];
  dateStyles: boolean[];
  date1904: boolean;
}

/**
 * Streams the rows of the report's sheet. The workbook (a zip) is read through its central directory: the package
 * relationships lead to the workbook, its relationships to the sheets, shared strings and styles, which are read in
 * full (capped), then the chosen sheet is streamed row by row. Every part is inflated and parsed as a stream under
 * the caps of `XLSX_LIMITS`. Corrupt files are a 400 `unreadable_xlsx`; caps give 413 `xlsx_too_large` or 422
 * `xlsx_limit_exceeded`.
 */
export async function* readXlsxRows(source: string | Buffer, limits: XlsxLimits = XLSX_LIMITS): AsyncGenerator<SheetRow> {
  const archive = await ZipArchive.open(source, limits);
  try {
    const model = await readWorkbookModel(archive, limits);
    const handler = new SheetHandler(
      {
        sheetName: model.sheet.name,
        sharedStrings: model.sharedStrings,
        dateStyles: model.dateStyles,
        date1904: model.date1904,
      },
      limits,
    );
    for await (const _ of parseXml(model.sheet.part, archive.text(model.sheet.part), handler, limits)) {
      if (handler.rows.length > 0) yield* handler.rows.splice(0);
    }
    yield* handler.rows.splice(0);
  } finally {
    archive.close();
  }
}

async function readWorkbookModel(archive: ZipArchive, limits: XlsxLimits): Promise<WorkbookModel> {
  const metadata = limits.maxMetadataPartBytes;
  // Every OPC package has one; reading it checks the file is intact where a zip tool would look first.
  if (archive.has(CONTENT_TYPES)) await parseXmlPart(CONTENT_TYPES, archive.text(CONTENT_TYPES, metadata), IGNORE, limits);
  const workbookPart = await findWorkbookPart(archive, limits);
  const workbook: WorkbookInfo = { sheets: [], date1904: false };
  await parseXmlPart(workbookPart, archive.text(workbookPart, metadata), workbookHandler(workbook, limits), limits);
  const relationships = await readWorkbookRelationships(archive, workbookPart, workbook, limits);
  const sheet = chooseSheet(archive, workbook, relationships);
  const partOf = (type: string, fallback: string) =>
    [...relationships.values()].find((relationship) => relationship.type === type)?.part ?? fallback;

  const dateStyles: boolean[] = [];
  const stylesPart = partOf('styles', 'xl/styles.xml');
  if (archive.has(stylesPart)) {
    await parseXmlPart(stylesPart, archive.text(stylesPart, metadata), stylesHandler(dateStyles, limits), limits);
  }
  const sharedStrings: string[] = [];
  const stringsPart = partOf('sharedStrings', 'xl/sharedStrings.xml');
  if (archive.has(stringsPart)) {
    await parseXmlPart(stringsPart, archive.text(stringsPart), sharedStringsHandler(sharedStrings, limits), limits);
  }
  return { sheet, sharedStrings, dateStyles, date1904: workbook.date1904 };
}

/** The workbook's relationships to its sheets, shared strings and styles (others are not kept). */
async function readWorkbookRelationships(
  archive: ZipArchive,
  workbookPart: string,
  workbook: WorkbookInfo,
  limits: XlsxLimits,
): Promise<Map<string, Relationship>> {
  const relationships = new Map<string, Relationship>();
  const part = relationshipsPartOf(workbookPart);
  if (!archive.has(part)) return relationships;
  const sheetIds = new Set(workbook.sheets.map((sheet) => sheet.relationshipId));
  const wanted = (id: string, type: string) => sheetIds.has(id) || type === 'sharedStrings' || type === 'styles';
  await parseXmlPart(part, archive.text(part, limits.maxMetadataPartBytes), relationshipsHandler(workbookPart, wanted, relationships), limits);
  return relationships;
}

/** The report's worksheet among those present (chartsheets and dangling entries are not candidates). */
function chooseSheet(archive: ZipArchive, workbook: WorkbookInfo, relationships: Map<string, Relationship>): SheetEntry & { part: string } {
  const worksheets = workbook.sheets.flatMap((sheet, index) => {
    const relationship = relationships.get(sheet.relationshipId);
    if (relationship && relationship.type !== 'worksheet') return [];
    // Without any relationships, fall back on the conventional name of the n-th sheet.
    const part = relationship?.part ?? (relationships.size === 0 ? `xl/worksheets/sheet${index + 1}.xml` : undefined);
    return part && archive.has(part) ? [{ ...sheet, part }] : [];
  });
  const chosen = pickSheet(worksheets);
  const sheet = worksheets.find((worksheet) => worksheet.name === chosen);
  if (!sheet) throw unreadableXlsx('it has no worksheet');
  return sheet;
}

/** The workbook part named by the package relationships (`_rels/.rels`), conventionally xl/workbook.xml. */
async function findWorkbookPart(archive: ZipArchive, limits: XlsxLimits): Promise<string> {
  const relationships = new Map<string, Relationship>();
  if (archive.has('_rels/.rels')) {
    const wanted = (_: string, type: string) => type === 'officeDocument';
    await parseXmlPart('_rels/.rels', archive.text('_rels/.rels', limits.maxMetadataPartBytes), relationshipsHandler('', wanted, relationships), limits);
  }
  const named = [...relationships.values()].map((relationship) => relationship.part).find((part) => archive.has(part));
  if (named) return named;
  if (archive.has('xl/workbook.xml')) return 'xl/workbook.xml';
  throw unreadableXlsx('it has no workbook part (xl/workbook.xml): is it an Excel workbook?');
}

/** xl/workbook.xml → xl/_rels/workbook.xml.rels */
function relationshipsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}
