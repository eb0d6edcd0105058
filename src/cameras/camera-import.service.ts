import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { badRequest, unprocessable } from '../common/errors/domain-exception.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Ward } from '../wards/ward.entity.js';
import { IGNORED_IMPORT_COLUMNS, IMPORT_COLUMNS, type ImportColumn } from './camera-csv.js';
import { type CameraFields, type ImportLookups, type ImportRowError, readRow } from './camera-import-row.js';
import type { CameraImportResponse, ImportPreviewRow } from './camera-import.dto.js';
import { coordinateProblem } from './camera-rules.js';
import { type CameraFacts, CameraStateService, editProblems } from './camera-state.service.js';
import { Camera } from './camera.entity.js';

const LISTED = 1000;
const headerKey = (name: string) => name.trim().toLowerCase().replace(/[\s_-]+/g, '');
const COLUMN_BY_KEY = new Map<string, ImportColumn | null>([
  ...IMPORT_COLUMNS.map((c) => [headerKey(c), c] as const),
  ...IGNORED_IMPORT_COLUMNS.map((c) => [headerKey(c), null] as const),
]);
/** API field names of what a row changed (the entity's wardId is `ward` to clients). */
const CLIENT_FIELD: Partial<Record<keyof CameraFields, string>> = { wardId: 'ward', monitoredById: 'monitoredBy' };

interface PlannedRow {
  row: number;
  assetNumber: string;
  existing: Camera | null;
  facts: CameraFacts | null;
  fields: CameraFields;
  changes: string[];
}

/**
 * Camera CSV import, dry run or commit. Every row is checked against the same rules as the API; a commit writes every
 * row in one transaction or, if any row has an error, nothing (422 with the errors).
 */
@Injectable()
export class CameraImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly state: CameraStateService,
  ) {}

  async import(content: Buffer, filename: string, dryRun: boolean): Promise<CameraImportResponse> {
    if (content.length === 0) throw badRequest('empty_file', 'The uploaded file is empty');
    const sha256 = createHash('sha256').update(content).digest('hex');
    const records = this.parse(content);
    if (records.length === 0) throw badRequest('empty_file', 'The file has no header row');
    const [header, ...body] = records;
    if (body.length === 0) throw badRequest('empty_file', 'The file has a header row but no cameras');
    if (body.length > this.config.imports.maxRows) {
      throw badRequest('too_many_rows', `The file has ${body.length} rows; at most ${this.config.imports.maxRows} are accepted`);
    }

    return this.dataSource.transaction(async (manager) => {
      const { columns, errors } = readHeader(header.record, header.line);
      const planned = errors.length === 0 ? await this.plan(manager, columns, body, errors) : [];
      const counts = {
        creates: planned.filter((p) => !p.existing).length,
        updates: planned.filter((p) => p.existing && p.changes.length > 0).length,
        unchanged: planned.filter((p) => p.existing && p.changes.length === 0).length,
      };
      const response: CameraImportResponse = {
        dryRun,
        committed: false,
        rows: body.length,
        ...counts,
        errorCount: errors.length,
        errors: errors.slice(0, LISTED),
        preview: planned.slice(0, LISTED).map(toPreview),
        sha256,
      };
      const summary = { filename, sha256, rows: body.length, ...counts, errorCount: errors.length, dryRun };
      if (dryRun) {
        await this.audit.record({ action: 'camera.import_preview', entityType: 'camera_import', after: summary }, { manager });
        return response;
      }
      if (errors.length > 0) {
        throw unprocessable('import_invalid', `The file has ${errors.length} error(s); nothing was imported`, {
          errorCount: errors.length,
          errors: errors.slice(0, LISTED),
        });
      }
      for (const row of planned) await this.apply(manager, row);
      await this.audit.record({ action: 'camera.import', entityType: 'camera_import', after: summary }, { manager });
      return { ...response, committed: true };
    });
  }

  private parse(content: Buffer): { record: string[]; line: number }[] {
    try {
      const parsed = parse(content, {
        bom: true,
        info: true,
        trim: true,
        relax_column_count: true,
        skip_empty_lines: true,
        skip_records_with_empty_values: true,
      }) as unknown as { record: string[]; info: { lines: number } }[];
      return parsed.map((p) => ({ record: p.record, line: p.info.lines }));
    } catch (error) {
      throw badRequest('invalid_csv', `The file is not valid CSV: ${(error as Error).message}`);
    }
  }

  private async plan(
    manager: EntityManager,
    columns: (ImportColumn | null)[],
    body: { record: string[]; line: number }[],
    errors: ImportRowError[],
  ): Promise<PlannedRow[]> {
    const lookups = await this.lookups(manager);
    const rows = body.map(({ record, line }) => {
      const cells: Partial<Record<ImportColumn, string>> = {};
      columns.forEach((column, index) => {
        if (column) cells[column] = record[index] ?? '';
      });
      if (record.length > columns.length && record.slice(columns.length).some((cell) => cell !== '')) {
        errors.push({ row: line, column: null, message: `The row has ${record.length} cells but the header has ${columns.length}` });
      }
      return { line, ...readRow(line, cells, lookups) };
    });
    const assetNumbers = [...new Set(rows.map((r) => r.assetNumber).filter((a): a is string => !!a))];
    const existing = await this.existing(manager, assetNumbers);
    const facts = await this.state.facts(manager, [...existing.values()].map((c) => c.id));

    const firstRowOf = new Map<string, number>();
    const planned: PlannedRow[] = [];
    for (const row of rows) {
      errors.push(...row.errors);
      if (!row.assetNumber || row.errors.length > 0) continue;
      const earlier = firstRowOf.get(row.assetNumber);
      if (earlier !== undefined) {
        errors.push({ row: row.line, column: 'assetNumber', message: `${row.assetNumber} is also on row ${earlier}` });
        continue;
      }
      firstRowOf.set(row.assetNumber, row.line);
      const camera = existing.get(row.assetNumber) ?? null;
      const cameraFacts = camera ? facts.get(camera.id)! : null;
      const rowErrors = checkRow(row.line, row.fields, camera, cameraFacts);
      errors.push(...rowErrors);
      if (rowErrors.length > 0) continue;
      const changes = changedFields(row.fields, camera);
      planned.push({ row: row.line, assetNumber: row.assetNumber, existing: camera, facts: cameraFacts, fields: row.fields, changes });
    }
    errors.sort((a, b) => a.row - b.row);
    return planned;
  }

  /** Through the camera state service, as an API edit would be: the same rules, dates and audit rows. */
  private async apply(manager: EntityManager, row: PlannedRow): Promise<void> {
    if (!row.existing) {
      const { name, kind, technology } = row.fields;
      await this.state.create(manager, { ...row.fields, assetNumber: row.assetNumber, name: name!, kind: kind!, technology: technology! });
      return;
    }
    if (row.changes.length === 0) return;
    await this.state.edit(manager, row.existing, row.fields, row.facts!);
  }

  private async lookups(manager: EntityManager): Promise<ImportLookups> {
    const wards = new Map<string, string>();
    for (const ward of await manager.find(Ward)) {
      wards.set(ward.id, ward.id);
      wards.set(ward.name.toLowerCase(), ward.id);
    }
    const organisations = new Map<string, string>();
    for (const organisation of await manager.find(Organisation)) {
      organisations.set(organisation.name.toLowerCase(), organisation.id);
      organisations.set(organisation.id, organisation.id);
    }
    return { wards, organisations };
  }

  private async existing(manager: EntityManager, assetNumbers: string[]): Promise<Map<string, Camera>> {
    const found = new Map<string, Camera>();
    for (let i = 0; i < assetNumbers.length; i += 1000) {
      const chunk = await manager.find(Camera, {
        where: { assetNumber: In(assetNumbers.slice(i, i + 1000)) },
        lock: { mode: 'pessimistic_write' },
      });
      for (const camera of chunk) found.set(camera.assetNumber, camera);
    }
    return found;
  }

}

function readHeader(header: string[], line: number): { columns: (ImportColumn | null)[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const seen = new Set<ImportColumn>();
  const columns = header.map((name) => {
    const column = COLUMN_BY_KEY.get(headerKey(name));
    if (column === undefined) {
      errors.push({ row: line, column: name, message: `Unknown column "${name}"; the columns are ${IMPORT_COLUMNS.join(', ')}` });
      return null;
    }
    if (column && seen.has(column)) errors.push({ row: line, column: name, message: `Column ${column} appears twice` });
    if (column) seen.add(column);
    return column;
  });
  if (!seen.has('assetNumber')) errors.push({ row: line, column: 'assetNumber', message: 'The header has no assetNumber column' });
  return { columns, errors };
}

/** The rules a whole row must satisfy once merged with the camera it updates (or creates). */
function checkRow(row: number, fields: CameraFields, camera: Camera | null, facts: CameraFacts | null): ImportRowError[] {
  const errors: ImportRowError[] = [];
  if (!camera) {
    for (const required of ['name', 'kind', 'technology'] as const) {
      if (fields[required] === undefined) errors.push({ row, column: required, message: `${required} is required for a new camera` });
    }
  }
  const latitude = fields.latitude !== undefined ? fields.latitude : (camera?.latitude ?? null);
  const longitude = fields.longitude !== undefined ? fields.longitude : (camera?.longitude ?? null);
  const problems = [coordinateProblem(latitude, longitude), ...editProblems(camera, fields, facts ?? { openFaults: 0, deployed: false })];
  for (const problem of problems) if (problem) errors.push({ row, column: problem.field, message: problem.message });
  return errors;
}

function changedFields(fields: CameraFields, camera: Camera | null): string[] {
  return (Object.keys(fields) as (keyof CameraFields)[])
    .filter((field) => !camera || JSON.stringify(camera[field] ?? null) !== JSON.stringify(fields[field] ?? null))
    .map((field) => CLIENT_FIELD[field] ?? field);
}

function toPreview(row: PlannedRow): ImportPreviewRow {
  return {
    row: row.row,
    assetNumber: row.assetNumber,
    action: !row.existing ? 'create' : row.changes.length > 0 ? 'update' : 'unchanged',
    changes: row.changes,
  };
}
