import type { Camera } from './camera.entity.js';
import {
  CAMERA_KINDS,
  CAMERA_STATUSES,
  CAMERA_TECHNOLOGIES,
  type CameraKind,
  type CameraStatus,
  type CameraTechnology,
  RAG_RATINGS,
  type RagRating,
} from './camera.enums.js';
import { ASSET_NUMBER_PATTERN, normaliseAssetNumber } from './camera-rules.js';
import type { ImportColumn } from './camera-csv.js';
import { stripFormulaGuard } from '../common/csv/csv.js';

export interface ImportRowError {
  row: number;
  column: string | null;
  message: string;
}

/** The camera fields a row sets; a field is absent when its column is absent (or blank where blank means "keep"). */
export type CameraFields = Partial<
  Pick<
    Camera,
    | 'name'
    | 'kind'
    | 'technology'
    | 'status'
    | 'rag'
    | 'wardId'
    | 'address'
    | 'latitude'
    | 'longitude'
    | 'purpose'
    | 'notes'
    | 'installedOn'
    | 'make'
    | 'model'
    | 'monitoredById'
    | 'dpiaReference'
    | 'tags'
  >
>;

export interface ImportLookups {
  /** Ward id and lower-cased ward name → ward id. */
  wards: Map<string, string>;
  /** Lower-cased organisation name and id → organisation id. */
  organisations: Map<string, string>;
}

const TEXT_LIMITS: Partial<Record<ImportColumn, number>> = {
  address: 500,
  purpose: 2000,
  notes: 4000,
  make: 200,
  model: 200,
  dpiaReference: 100,
};
const TEXT_FIELDS = ['address', 'purpose', 'notes', 'make', 'model', 'dpiaReference'] as const;

const enumValue = (value: string) => value.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** Accepts YYYY-MM-DD, and DD/MM/YYYY as UK spreadsheets write dates. */
export function parseDate(value: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : uk
      ? [Number(uk[3]), Number(uk[2]), Number(uk[1])]
      : [NaN, NaN, NaN];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * Reads one row into camera fields. A blank cell clears an optional field; a blank status or RAG keeps the current
 * value (or the default for a new camera); name, kind and technology may not be blank.
 */
export function readRow(
  row: number,
  cells: Partial<Record<ImportColumn, string>>,
  lookups: ImportLookups,
): { assetNumber: string | null; fields: CameraFields; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const fail = (column: ImportColumn, message: string) => errors.push({ row, column, message });
  const fields: CameraFields = {};
  const has = (column: ImportColumn) => cells[column] !== undefined;
  const value = (column: ImportColumn) => stripFormulaGuard(cells[column] ?? '');

  const rawAsset = value('assetNumber');
  const assetNumber = rawAsset ? normaliseAssetNumber(rawAsset) : null;
  if (!assetNumber) fail('assetNumber', 'assetNumber is required');
  else if (!ASSET_NUMBER_PATTERN.test(assetNumber)) fail('assetNumber', `"${rawAsset}" is not a valid asset number`);

  if (has('name')) {
    const name = value('name');
    if (!name) fail('name', 'name may not be blank');
    else if (name.length > 200) fail('name', 'name is longer than 200 characters');
    else fields.name = name;
  }
  const readEnum = <T extends string>(column: ImportColumn, allowed: readonly T[], blank: 'error' | 'keep'): T | undefined => {
    if (!has(column)) return undefined;
    const raw = value(column);
    if (!raw) {
      if (blank === 'error') fail(column, `${column} may not be blank`);
      return undefined;
    }
    const normalised = enumValue(raw) as T;
    if (!allowed.includes(normalised)) {
      fail(column, `"${raw}" is not a ${column}; use one of ${allowed.join(', ')}`);
      return undefined;
    }
    return normalised;
  };
  const kind = readEnum<CameraKind>('kind', CAMERA_KINDS, 'error');
  if (kind) fields.kind = kind;
  const technology = readEnum<CameraTechnology>('technology', CAMERA_TECHNOLOGIES, 'error');
  if (technology) fields.technology = technology;
  const status = readEnum<CameraStatus>('status', CAMERA_STATUSES, 'keep');
  if (status) fields.status = status;
  const rag = readEnum<RagRating>('rag', RAG_RATINGS, 'keep');
  if (rag) fields.rag = rag;

  if (has('ward')) {
    const raw = value('ward');
    const wardId = raw ? lookups.wards.get(raw.toLowerCase()) : null;
    if (raw && !wardId) fail('ward', `"${raw}" is not a Medway ward (use its id or name from GET /api/v1/wards)`);
    else fields.wardId = wardId ?? null;
  }
  for (const column of ['latitude', 'longitude'] as const) {
    if (!has(column)) continue;
    const raw = value(column);
    const number = raw ? Number(raw) : null;
    if (number !== null && !Number.isFinite(number)) fail(column, `"${raw}" is not a number`);
    else fields[column] = number;
  }
  for (const column of TEXT_FIELDS) {
    if (!has(column)) continue;
    const text = value(column);
    if (text.length > TEXT_LIMITS[column]!) fail(column, `${column} is longer than ${TEXT_LIMITS[column]} characters`);
    else fields[column] = text || null;
  }
  if (has('installedOn')) {
    const raw = value('installedOn');
    const date = raw ? parseDate(raw) : null;
    if (raw && !date) fail('installedOn', `"${raw}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
    else fields.installedOn = date;
  }
  if (has('monitoredBy')) {
    const raw = value('monitoredBy');
    const organisationId = raw ? lookups.organisations.get(raw.toLowerCase()) : null;
    if (raw && !organisationId) fail('monitoredBy', `"${raw}" is not an organisation`);
    else fields.monitoredById = organisationId ?? null;
  }
  if (has('tags')) {
    const tags = [...new Set(value('tags').split(/[;|]/).map((t) => t.trim()).filter(Boolean))];
    if (tags.length > 30 || tags.some((t) => t.length > 50)) fail('tags', 'at most 30 tags of at most 50 characters');
    else fields.tags = tags;
  }
  return { assetNumber, fields, errors };
}
