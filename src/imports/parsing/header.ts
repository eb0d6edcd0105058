import { cellText, type SheetRow } from './sheet-row.js';

export const REPORT_FIELDS = ['camera', 'incidents', 'arrests', 'hits', 'faults', 'month'] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];
export const FIGURE_FIELDS = ['incidents', 'arrests', 'hits', 'faults'] as const;
export type FigureField = (typeof FIGURE_FIELDS)[number];

/** Columns a report must have; hits and faults default to none when the column is absent. */
export const REQUIRED_FIELDS: ReportField[] = ['camera', 'incidents', 'arrests'];
export const HEADER_SEARCH_ROWS = 15;

/** Header names as people write them, compared without case, spaces or punctuation. */
const ALIASES: Record<ReportField, string[]> = {
  camera: ['Camera', 'Camera No', 'Camera ID', 'Camera Number', 'Camera Ref', 'Asset', 'Asset No', 'Asset Number', 'Asset ID'],
  incidents: ['Incidents', 'Incident'],
  arrests: ['Arrests', 'Arrest'],
  hits: ['Hits', 'Hit'],
  faults: ['Faults', 'Fault'],
  month: ['Month', 'Report Month'],
};

export function normaliseHeader(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const FIELD_BY_ALIAS = new Map<string, ReportField>(
  Object.entries(ALIASES).flatMap(([field, names]) => names.map((name) => [normaliseHeader(name), field as ReportField])),
);

export function fieldForHeader(text: string): ReportField | undefined {
  return FIELD_BY_ALIAS.get(normaliseHeader(text));
}

export interface ColumnRef {
  /** 0-based index into SheetRow.cells. */
  index: number;
  /** The header as written in the file, used in messages so people can find the column. */
  header: string;
}

export type ColumnMap = Partial<Record<ReportField, ColumnRef>>;

export type HeaderMatch =
  | { kind: 'header'; columns: ColumnMap }
  | { kind: 'duplicate'; field: ReportField; headers: string[] }
  | { kind: 'none' };

/** A row is the header when it names the camera column and at least one figure column. */
export function matchHeader(row: SheetRow): HeaderMatch {
  const columns: ColumnMap = {};
  for (const [index, cell] of row.cells.entries()) {
    const header = cellText(cell);
    const field = fieldForHeader(header);
    if (!field) continue;
    const existing = columns[field];
    if (existing) return { kind: 'duplicate', field, headers: [existing.header, header] };
    columns[field] = { index, header };
  }
  const hasFigure = FIGURE_FIELDS.some((field) => columns[field]);
  return columns.camera && hasFigure ? { kind: 'header', columns } : { kind: 'none' };
}

export function describeAliases(field: ReportField): string {
  return ALIASES[field].join(', ');
}
