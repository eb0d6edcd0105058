import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Builds XLSX files byte by byte for tests: workbooks shaped like a given producer's, and hostile ones (zip bombs,
 * wide blank rows, lying sizes) that no spreadsheet program would write.
 */

export interface ZipEntry {
  name: string;
  /** Content, or the raw deflate stream when `deflated` is set. */
  data: Buffer | string;
  /** Already-deflated data with its true sizes (for bombs built from repeated blocks). */
  deflated?: { size: number; crc: number };
  store?: boolean;
  /** Lie about the uncompressed size in the zip's directory. */
  declaredSize?: number;
}

/** A zip archive (local headers, data, central directory), deflated unless `store`. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const data = entry.deflated || entry.store ? raw : deflateRawSync(raw);
    const size = entry.declaredSize ?? entry.deflated?.size ?? raw.length;
    const crc = entry.deflated?.crc ?? crc32(raw);
    const method = entry.store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A deflate stream that inflates to `head`, then `block` repeated `times`, then `tail`, built without ever holding
 * the expansion: each piece is flushed to a byte boundary with a fresh dictionary, so one compressed block can be
 * repeated. 1.5 GB of repeated text costs about 1.5 MB.
 */
export function repeatedDeflate(head: string, block: string, times: number, tail: string): { data: Buffer; size: number; crc: number } {
  const flush = { finishFlush: constants.Z_FULL_FLUSH, level: 9 };
  const blockBytes = Buffer.from(block);
  const compressedBlock = deflateRawSync(blockBytes, flush);
  const pieces = [deflateRawSync(Buffer.from(head), flush)];
  for (let i = 0; i < times; i += 1) pieces.push(compressedBlock);
  pieces.push(deflateRawSync(Buffer.from(tail), { level: 9 }));
  // The checksum of the whole expansion, computed piece by piece.
  let crc = crc32(head);
  for (let i = 0; i < times; i += 1) crc = crc32(blockBytes, crc);
  crc = crc32(tail, crc);
  return { data: Buffer.concat(pieces), size: Buffer.byteLength(head) + blockBytes.length * times + Buffer.byteLength(tail), crc };
}

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';

export const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const contentTypes = (sheets: string[], extra = '') =>
  `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  sheets.map((part) => `<Override PartName="/${part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
  `${extra}</Types>`;

const packageRels = () =>
  `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

/** The parts of a one-sheet workbook around a given sheet; `sharedStrings` may be given as the whole part. */
export function simpleWorkbook(options: {
  sheetData?: string;
  sheetEntry?: Partial<ZipEntry>;
  sharedStrings?: string[] | Partial<ZipEntry>;
  styles?: string;
}): Buffer {
  const sharedStrings = Array.isArray(options.sharedStrings)
    ? { data: `${XML_DECLARATION}<sst xmlns="${MAIN_NS}">${options.sharedStrings.map((text) => `<si><t>${escapeXml(text)}</t></si>`).join('')}</sst>` }
    : options.sharedStrings;
  const entries: ZipEntry[] = [
    { name: '[Content_Types].xml', data: contentTypes(['xl/worksheets/sheet1.xml']) },
    { name: '_rels/.rels', data: packageRels() },
    {
      name: 'xl/workbook.xml',
      data: `${XML_DECLARATION}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="Activity" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}">` +
        `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>` +
        `<Relationship Id="rId3" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    },
    { name: 'xl/styles.xml', data: options.styles ?? `${XML_DECLARATION}<styleSheet xmlns="${MAIN_NS}"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>` },
  ];
  if (sharedStrings) entries.push({ name: 'xl/sharedStrings.xml', data: '', ...sharedStrings });
  entries.push({
    name: 'xl/worksheets/sheet1.xml',
    data: `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}"><sheetData>${options.sheetData ?? ''}</sheetData></worksheet>`,
    ...options.sheetEntry,
  });
  return zip(entries);
}

export type BuiltCell = string | number | null;

/** `<row>` elements with inline strings and numbers, cells referenced A1-style. */
export function inlineRows(rows: BuiltCell[][], firstRow = 1): string {
  return rows
    .map((cells, index) => {
      const number = firstRow + index;
      const xml = cells
        .map((cell, column) => {
          const ref = `${String.fromCharCode(65 + column)}${number}`;
          if (cell === null) return '';
          if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
          return `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(cell)}</t></is></c>`;
        })
        .join('');
      return `<row r="${number}">${xml}</row>`;
    })
    .join('');
}

/**
 * A workbook shaped like one saved by Microsoft Excel (2016 and later): shared strings including a rich-text run and
 * a phonetic guide, styles whose date cell uses the built-in format 14 (no custom format), mc:Ignorable and x14ac
 * attributes, spans and dimension, a totals row of SUM formulas with cached values, a text formula result (t="str"),
 * an error value (t="e") and a CRLF after each XML declaration. Excel writes r on every row and cell; one row here
 * omits them, which the format allows and some writers do.
 */
export function excelStyleWorkbook(assets: [string, string, string], monthSerial: number): Buffer {
  const strings = ['Kyndi Activity Report', 'Month', 'Camera', 'Incidents', 'Arrests', 'Hits', 'Faults', 'Notes', assets[0], assets[1], assets[2], 'Total', 'Loss of picture'];
  const si = strings.map((text) => `<si><t>${escapeXml(text)}</t></si>`);
  // A rich-text run for 'Power supply' with a Japanese phonetic guide that must not leak into the text.
  si.push('<si><r><rPr><b/><sz val="11"/></rPr><t>Power </t></r><r><t>supply</t></r><rPh sb="0" eb="5"><t>パワー</t></rPh></si>');
  const s = (text: string) => (text === 'Power supply' ? strings.length : strings.indexOf(text));
  const ns =
    `xmlns="${MAIN_NS}" xmlns:r="${REL_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
    'mc:Ignorable="x14ac xr xr2 xr3" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" ' +
    'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xr:uid="{00000000-0001-0000-0000-000000000000}"';
  const row = (r: number, cells: string) => `<row r="${r}" spans="1:6" x14ac:dyDescent="0.25">${cells}</row>`;
  const str = (ref: string, text: string, style = 0) => `<c r="${ref}"${style ? ` s="${style}"` : ''} t="s"><v>${s(text)}</v></c>`;
  const num = (ref: string, value: number) => `<c r="${ref}"><v>${value}</v></c>`;
  const sheet =
    `${XML_DECLARATION}<worksheet ${ns}><dimension ref="A1:F8"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><cols><col min="1" max="1" width="14.7109375" customWidth="1"/></cols><sheetData>' +
    row(1, str('A1', 'Kyndi Activity Report', 2)) +
    row(2, str('A2', 'Month') + `<c r="B2" s="1"><v>${monthSerial}</v></c>`) +
    row(4, ['Camera', 'Incidents', 'Arrests', 'Hits', 'Faults', 'Notes'].map((h, i) => str(`${'ABCDEF'[i]}4`, h, 2)).join('')) +
    row(5, str('A5', assets[0]) + num('B5', 6) + num('C5', 2) + num('D5', 1) + str('E5', 'Loss of picture') + '<c r="F5" t="e"><v>#N/A</v></c>') +
    // No r attributes: the row follows row 5 and each cell the one before it.
    `<row spans="1:6"><c t="s"><v>${s(assets[1])}</v></c><c><v>0</v></c><c><v>0</v></c><c><v>3</v></c><c><v>0</v></c>` +
    '<c t="str"><f>IF(D6&gt;2,"busy","")</f><v>busy</v></c></row>' +
    row(7, str('A7', assets[2]) + num('B7', 1) + num('C7', 0) + num('D7', 0) + str('E7', 'Power supply')) +
    row(8, str('A8', 'Total', 2) + ['B', 'C', 'D'].map((c, i) => `<c r="${c}8" s="2"><f>SUM(${c}5:${c}7)</f><v>${[7, 2, 4][i]}</v></c>`).join('') + '<c r="E8" s="2"><v>2</v></c>') +
    '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
  const styles =
    `${XML_DECLARATION}<styleSheet ${ns}><fonts count="2" x14ac:knownFonts="1"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0"/></styleSheet>';
  const workbook =
    `${XML_DECLARATION}<workbook ${ns.replace(/ xr:uid="[^"]*"/, '')}><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>` +
    '<workbookPr defaultThemeVersion="166925"/><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x15">' +
    '<x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" url="C:\\Users\\kyndi\\Documents\\"/></mc:Choice></mc:AlternateContent>' +
    '<bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth="29040" windowHeight="15840"/></bookViews>' +
    '<sheets><sheet name="Activity" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>';
  return zip([
    { name: '[Content_Types].xml', data: contentTypes(['xl/worksheets/sheet1.xml']) },
    { name: '_rels/.rels', data: packageRels() },
    { name: 'xl/workbook.xml', data: workbook },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId3" Type="${REL_NS}/styles" Target="styles.xml"/>` +
        `<Relationship Id="rId2" Type="${REL_NS}/theme" Target="theme/theme1.xml"/><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId4" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
    { name: 'xl/theme/theme1.xml', data: `${XML_DECLARATION}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"/>` },
    { name: 'xl/styles.xml', data: styles },
    { name: 'xl/sharedStrings.xml', data: `${XML_DECLARATION}<sst xmlns="${MAIN_NS}" count="${si.length + 3}" uniqueCount="${si.length}">${si.join('')}</sst>` },
  ]);
}

/**
 * A workbook shaped like a Google Sheets download (File > Download > Microsoft Excel), modelled on the structure other
 * projects publish from such files (tealeg/xlsx's test data, tidyverse/readxl#104), not on a file downloaded here: the
 * mx/mv/x14ac namespace set on every part, relationships numbered theme, styles, shared strings, then sheets, tabs whose
 * order differs from the part numbering (the first tab, the report, is worksheets/sheet2.xml), a custom date format,
 * rows with ht and customHeight, indentation between elements and a drawing reference after sheetData.
 */
export function googleSheetsStyleWorkbook(assets: [string, string], monthSerial: number): Buffer {
  const ns =
    `xmlns="${MAIN_NS}" xmlns:r="${REL_NS}" xmlns:mx="http://schemas.microsoft.com/office/mac/excel/2008/main" ` +
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:mv="urn:schemas-microsoft-com:mac:vml" ' +
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" ' +
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"';
  const strings = ['Month', 'Camera ID', 'Incidents', 'Arrests', 'Hits', 'Faults', assets[0], assets[1], 'Totals', 'Comms down', 'Notes for the SPOC'];
  const s = (text: string) => strings.indexOf(text);
  const row = (r: number, cells: string) => `\n    <row r="${r}" ht="15.75" customHeight="1">${cells}\n    </row>`;
  const str = (ref: string, text: string, style = 1) => `\n      <c r="${ref}" s="${style}" t="s">\n        <v>${s(text)}</v>\n      </c>`;
  const num = (ref: string, value: number) => `\n      <c r="${ref}" s="1">\n        <v>${value}</v>\n      </c>`;
  const activity =
    `${XML_DECLARATION}<worksheet ${ns}>\n  <sheetPr>\n    <outlinePr summaryBelow="0" summaryRight="0"/>\n  </sheetPr>\n  <sheetViews>\n    <sheetView workbookViewId="0"/>\n  </sheetViews>\n` +
    '  <sheetFormatPr customHeight="1" defaultColWidth="12.63" defaultRowHeight="15.75"/>\n  <cols>\n    <col customWidth="1" min="1" max="6" width="14.43"/>\n  </cols>\n  <sheetData>' +
    row(1, str('A1', 'Month') + `\n      <c r="B1" s="2">\n        <v>${monthSerial}</v>\n      </c>`) +
    row(3, ['Camera ID', 'Incidents', 'Arrests', 'Hits', 'Faults'].map((h, i) => str(`${'ABCDE'[i]}3`, h)).join('')) +
    row(4, str('A4', assets[0]) + num('B4', 2) + num('C4', 0) + num('D4', 5) + str('E4', 'Comms down')) +
    row(5, str('A5', assets[1]) + num('B5', 0) + num('C5', 1) + num('D5', 0) + num('E5', 0)) +
    row(6, str('A6', 'Totals') + `\n      <c r="B6" s="1">\n        <f>SUM(B4:B5)</f>\n        <v>2</v>\n      </c>` + num('C6', 1) + num('D6', 5) + num('E6', 1)) +
    '\n  </sheetData>\n  <drawing r:id="rId1"/>\n</worksheet>';
  const notes = `${XML_DECLARATION}<worksheet ${ns}><sheetData><row r="1"><c r="A1" s="1" t="s"><v>${s('Notes for the SPOC')}</v></c></row></sheetData><drawing r:id="rId1"/></worksheet>`;
  const styles =
    `${XML_DECLARATION}<styleSheet ${ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="d/m/yyyy"/></numFmts>` +
    '<fonts count="2"><font><sz val="10.0"/><color rgb="FF000000"/><name val="Arial"/><scheme val="minor"/></font><font><color theme="1"/><name val="Arial"/><scheme val="minor"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="lightGray"/></fill></fills>' +
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf borderId="0" fillId="0" fontId="0" numFmtId="0" applyAlignment="1" applyFont="1"/></cellStyleXfs>' +
    '<cellXfs count="3"><xf borderId="0" fillId="0" fontId="0" numFmtId="0" xfId="0" applyAlignment="1" applyFont="1"><alignment readingOrder="0" shrinkToFit="0" vertical="bottom" wrapText="0"/></xf>' +
    '<xf borderId="0" fillId="0" fontId="1" numFmtId="0" xfId="0" applyAlignment="1" applyFont="1"><alignment readingOrder="0"/></xf>' +
    '<xf borderId="0" fillId="0" fontId="1" numFmtId="164" xfId="0" applyAlignment="1" applyFont="1" applyNumberFormat="1"><alignment readingOrder="0"/></xf></cellXfs>' +
    '<cellStyles count="1"><cellStyle xfId="0" name="Normal" builtinId="0"/></cellStyles><dxfs count="0"/></styleSheet>';
  const workbook =
    `${XML_DECLARATION}<workbook ${ns}><workbookPr/><sheets><sheet state="visible" name="Kyndi report" sheetId="1" r:id="rId4"/>` +
    '<sheet state="visible" name="Notes" sheetId="2" r:id="rId5"/></sheets><definedNames/><calcPr/></workbook>';
  const drawingRels = `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/drawing" Target="../drawings/drawing1.xml"/></Relationships>`;
  return zip([
    { name: 'xl/drawings/drawing1.xml', data: `${XML_DECLARATION}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"/>` },
    { name: 'xl/worksheets/sheet1.xml', data: notes },
    { name: 'xl/worksheets/sheet2.xml', data: activity },
    { name: 'xl/worksheets/_rels/sheet1.xml.rels', data: drawingRels },
    { name: 'xl/worksheets/_rels/sheet2.xml.rels', data: drawingRels },
    { name: 'xl/sharedStrings.xml', data: `${XML_DECLARATION}<sst ${ns} count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t>${escapeXml(t)}</t></si>`).join('')}</sst>` },
    { name: 'xl/styles.xml', data: styles },
    { name: 'xl/workbook.xml', data: workbook },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/theme" Target="theme/theme1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>` +
        `<Relationship Id="rId4" Type="${REL_NS}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId5" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    { name: 'xl/theme/theme1.xml', data: `${XML_DECLARATION}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Sheets"/>` },
    { name: '_rels/.rels', data: packageRels() },
    { name: '[Content_Types].xml', data: contentTypes(['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']) },
  ]);
}

/** The Excel serial (1900 system) of a UTC date. */
export function excelSerial(date: Date): number {
  return (date.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
}
