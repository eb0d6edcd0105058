import type { Camera } from './camera.entity.js';
import { csvLine } from '../common/csv/csv.js';

/** Columns of the import file (and of its template), in order. Only assetNumber is required in the header. */
export const IMPORT_COLUMNS = [
  'assetNumber',
  'name',
  'kind',
  'technology',
  'status',
  'rag',
  'ward',
  'address',
  'latitude',
  'longitude',
  'purpose',
  'notes',
  'installedOn',
  'make',
  'model',
  'monitoredBy',
  'dpiaReference',
  'tags',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Export columns: the import's plus read-only ones, so an exported file can be edited and imported back. */
export const EXPORT_COLUMNS = [...IMPORT_COLUMNS.slice(0, 7), 'wardName', ...IMPORT_COLUMNS.slice(7), 'openFaults'] as const;
/** Export-only columns the import accepts and ignores. */
export const IGNORED_IMPORT_COLUMNS = ['wardName', 'openFaults', 'id'] as const;

export function csvTemplate(): string {
  return csvLine([...IMPORT_COLUMNS]);
}

export function camerasCsv(
  cameras: Camera[],
  lookups: { wardNames: Map<string, string>; organisations: Map<string, string>; openFaults: Map<string, number> },
): string {
  const lines = [csvLine([...EXPORT_COLUMNS])];
  for (const c of cameras) {
    lines.push(
      csvLine([
        c.assetNumber,
        c.name,
        c.kind,
        c.technology,
        c.status,
        c.rag,
        c.wardId,
        c.wardId ? lookups.wardNames.get(c.wardId) : null,
        c.address,
        c.latitude,
        c.longitude,
        c.purpose,
        c.notes,
        c.installedOn,
        c.make,
        c.model,
        c.monitoredById ? lookups.organisations.get(c.monitoredById) : null,
        c.dpiaReference,
        c.tags,
        lookups.openFaults.get(c.id) ?? 0,
      ]),
    );
  }
  return lines.join('');
}
