import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { type Role, Role as Roles } from '../auth/role.js';
import { conflict, forbidden, serviceUnavailable } from '../common/errors/domain-exception.js';
import { Clock } from '../common/time/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Fault } from '../faults/fault.entity.js';
import { OPEN_FAULT_STATUSES } from '../faults/fault.enums.js';
import { FaultsService } from '../faults/faults.service.js';
import { StorageService, StorageUnavailableError } from '../storage/storage.service.js';
import { insertActivityRows } from './camera-monthly-activity.js';
import { type ImportResponse, toImportResponse } from './kyndi-import.dto.js';
import { KyndiImport } from './kyndi-import.entity.js';
import { londonToday, monthLabel } from './month.js';
import { detectFileKind, type ReportFileKind } from './parsing/file-type.js';
import {
  type CheckedRow,
  type CheckResult,
  checkReport,
  type EstateCamera,
  normaliseAssetNumber,
  REPORTED_STATUSES,
} from './parsing/report-checker.js';
import { type MonthSource, resolveReportMonth } from './parsing/report-month.js';
import type { ParsedReport, RowIssue } from './parsing/report-parser.js';
import { readReportFile } from './report-reader.js';
import { type ReceivedFile, receiveUpload } from './upload-receiver.js';

/** Council roles may replace a month's committed import; Kyndi may send reports but not overwrite accepted ones. */
export const REPLACE_ROLES: Role[] = [Roles.Admin, Roles.Spoc, Roles.CstOfficer];

export interface UploadOptions {
  dryRun?: boolean;
  replace?: boolean;
  month?: string;
}

export type UploadOutcome =
  | { kind: 'preview' | 'committed'; response: ImportResponse }
  | { kind: 'rejected'; response: ImportResponse; message: string };

const CONTENT_TYPES: Record<ReportFileKind, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
/** Lists kept with an import are cut here; the rest is summarised in one closing entry. */
const MAX_LISTED_ISSUES = 1000;

/**
 * The Kyndi monthly report import: spool and hash the upload, parse and reconcile it with the estate, then either
 * record a preview, record a rejection (with the file, for audit), or store the file and apply every row in one
 * transaction.
 */
@Injectable()
export class KyndiImportService {
  private readonly logger = new Logger(KyndiImportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: StorageService,
    private readonly faults: FaultsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async upload(request: FastifyRequest, options: UploadOptions, user: AuthenticatedUser): Promise<UploadOutcome> {
    if (options.replace && !options.dryRun && !REPLACE_ROLES.includes(user.role)) {
      throw forbidden("Only council staff may replace a month's committed import", 'replace_not_allowed');
    }
    const file = await receiveUpload(request, this.config.imports.maxBytes);
    try {
      return await this.process(file, options, user);
    } finally {
      await file.cleanup();
    }
  }

  private async process(file: ReceivedFile, options: UploadOptions, user: AuthenticatedUser): Promise<UploadOutcome> {
    const kind = detectFileKind(file.fileName, file.head, file.size);
    const report = await readReportFile(file.path, kind, { utf8: file.utf8, maxRows: this.config.imports.maxRows });
    const { month, source } = resolveReportMonth(report, options.month, londonToday(this.clock.now()).month);
    const result = checkReport(report, month, await this.loadEstate(report));
    await this.flagOpenFaults(result);
    const current = await this.dataSource.getRepository(KyndiImport).findOneBy({ month, status: 'committed' });
    const draft = this.draft({ file, kind, month, source, report, result, user });

    if (options.dryRun) return this.preview(draft, current, Boolean(options.replace));
    if (result.errors.length > 0) return this.reject(draft, file, kind, result);
    if (current && !options.replace) throw monthAlreadyImported(current);
    return this.commit(draft, result.rows, file, kind, Boolean(options.replace));
  }

  private async preview(draft: KyndiImport, current: KyndiImport | null, replace: boolean): Promise<UploadOutcome> {
    draft.status = 'preview';
    if (current && replace) draft.supersedesId = current.id;
    if (current && !replace) {
      draft.warnings = [
        {
          row: null,
          column: null,
          code: 'month_already_imported',
          message:
            `${monthLabel(draft.month)} already has a committed import (${current.id}); ` +
            'commit with replace=true to supersede it',
        },
        ...draft.warnings,
      ];
    }
    const saved = await this.dataSource.transaction(async (manager) => {
      const entity = await manager.save(draft);
      await this.audit.record(
        { action: 'kyndi_import.preview', entityType: 'kyndi_import', entityId: entity.id, after: auditSummary(entity) },
        { manager },
      );
      return entity;
    });
    return { kind: 'preview', response: toImportResponse(saved) };
  }

  /** A commit refused for row errors: nothing is applied, but the attempt and its file are kept for audit. */
  private async reject(
    draft: KyndiImport,
    file: ReceivedFile,
    kind: ReportFileKind,
    result: CheckResult,
  ): Promise<UploadOutcome> {
    draft.status = 'rejected';
    const saved = await this.withStoredOriginal(draft, file, kind, () =>
      this.dataSource.transaction(async (manager) => {
        const entity = await manager.save(draft);
        await this.audit.record(
          { action: 'kyndi_import.reject', entityType: 'kyndi_import', entityId: entity.id, after: auditSummary(entity) },
          { manager },
        );
        return entity;
      }),
    );
    const count = result.errors.length;
    return {
      kind: 'rejected',
      response: toImportResponse(saved),
      message: `The report has ${count} row ${count === 1 ? 'error' : 'errors'}; nothing was imported`,
    };
  }

  /**
   * Stores the original first (outside any transaction), then applies everything in one transaction: supersede the
   * month's current import if asked, record this one, insert every camera's activity and open the faults. A failure
   * anywhere leaves nothing behind (the stored file is deleted again).
   */
  private async commit(
    draft: KyndiImport,
    rows: CheckedRow[],
    file: ReceivedFile,
    kind: ReportFileKind,
    replace: boolean,
  ): Promise<UploadOutcome> {
    draft.status = 'committed';
    const saved = await this.withStoredOriginal(draft, file, kind, () =>
      this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [monthLockKey(draft.month)]);
        const current = await manager.findOneBy(KyndiImport, { month: draft.month, status: 'committed' });
        if (current && !replace) throw monthAlreadyImported(current);
        if (current) await this.supersede(manager, current, draft.id);
        draft.supersedesId = current?.id ?? null;
        await this.openFaults(manager, draft);
        const entity = await manager.save(draft);
        await insertActivityRows(manager, draft.id, draft.month, rows);
        await this.audit.record(
          { action: 'kyndi_import.commit', entityType: 'kyndi_import', entityId: entity.id, after: auditSummary(entity) },
          { manager },
        );
        return entity;
      }),
    );
    return { kind: 'committed', response: toImportResponse(saved) };
  }

  /**
   * Stores the original file (never inside a transaction), then runs `work`; when the work fails the stored file is
   * deleted again so that a failed import leaves nothing behind.
   */
  private async withStoredOriginal<T>(
    draft: KyndiImport,
    file: ReceivedFile,
    kind: ReportFileKind,
    work: () => Promise<T>,
  ): Promise<T> {
    await this.storeOriginal(draft, file, kind);
    try {
      return await work();
    } catch (error) {
      await this.storage.delete(draft.s3Key!, draft.s3VersionId).catch((cause) =>
        this.logger.warn(`Could not delete ${draft.s3Key} after a failed import: ${(cause as Error).message}`),
      );
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw conflict('month_already_imported', `${monthLabel(draft.month)} was imported by someone else just now`);
      }
      throw error;
    }
  }

  private async supersede(manager: EntityManager, current: KyndiImport, byId: string): Promise<void> {
    const before = { status: current.status };
    await manager.update(
      KyndiImport,
      { id: current.id },
      { status: 'superseded', supersededById: byId, supersededAt: new Date() },
    );
    await this.audit.record(
      {
        action: 'kyndi_import.supersede',
        entityType: 'kyndi_import',
        entityId: current.id,
        before,
        after: { status: 'superseded', supersededBy: byId },
      },
      { manager },
    );
  }

  /** Opens each reported fault unless the camera already has an open one of that category. */
  private async openFaults(manager: EntityManager, draft: KyndiImport): Promise<void> {
    for (const fault of draft.faults) {
      if (fault.alreadyOpen) continue;
      const opened = await this.faults.raise(
        manager,
        {
          cameraId: fault.cameraId,
          category: fault.category,
          description: fault.description,
          priority: fault.priority,
          source: 'kyndi_import',
          importId: draft.id,
          reportedById: draft.importedById,
        },
        { skipIfOpen: true },
      );
      fault.faultId = opened?.id ?? null;
      fault.alreadyOpen = opened === null;
    }
  }

  private async storeOriginal(draft: KyndiImport, file: ReceivedFile, kind: ReportFileKind): Promise<void> {
    const key = `imports/kyndi-monthly/${draft.id}/original.${kind}`;
    try {
      const stored = await this.storage.uploadStream(key, createReadStream(file.path), {
        maxBytes: this.config.imports.maxBytes,
        contentType: CONTENT_TYPES[kind],
        metadata: { sha256: file.sha256, month: draft.month },
      });
      if (stored.sha256 !== file.sha256) throw new StorageUnavailableError(new Error('the stored copy differs from the upload'));
      draft.s3Key = key;
      draft.s3VersionId = stored.versionId;
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
      this.logger.error(`Storing ${key} failed: ${error.message}`);
      throw serviceUnavailable(
        'storage_unavailable',
        'The original file could not be stored, so nothing was imported; try again shortly',
      );
    }
  }

  private draft(input: {
    file: ReceivedFile;
    kind: ReportFileKind;
    month: string;
    source: MonthSource;
    report: ParsedReport;
    result: CheckResult;
    user: AuthenticatedUser;
  }): KyndiImport {
    const { file, report, result, user } = input;
    return this.dataSource.getRepository(KyndiImport).create({
      id: randomUUID(),
      month: input.month,
      monthSource: input.source,
      fileName: file.fileName.slice(0, 255),
      fileType: input.kind,
      fileSha256: file.sha256,
      fileSize: file.size,
      s3Key: null,
      s3VersionId: null,
      importedById: user.id,
      importedByOrganisationId: user.organisationId,
      importedAt: new Date(),
      rows: report.rows.length,
      totals: result.totals,
      statedTotals: report.totalsRow ? report.totalsRow.figures : null,
      errors: capList(result.errors, 'more_errors', 'errors'),
      warnings: capList(result.warnings, 'more_warnings', 'warnings'),
      faults: result.faultsToOpen,
      supersedesId: null,
      supersededById: null,
      supersededAt: null,
    });
  }

  /**
   * The cameras the report names and every camera Kyndi should report on, as plain rows (hydrating entities for a
   * large estate would cost more than the whole check).
   */
  private loadEstate(report: ParsedReport): Promise<EstateCamera[]> {
    const named = [...new Set(report.rows.map((row) => normaliseAssetNumber(row.assetNumber)))];
    return this.dataSource.query(
      `SELECT id, asset_number AS "assetNumber", status FROM camera
       WHERE status = ANY($1) OR upper(btrim(asset_number)) = ANY($2)`,
      [REPORTED_STATUSES, named],
    );
  }

  private async flagOpenFaults(result: CheckResult): Promise<void> {
    if (result.faultsToOpen.length === 0) return;
    const open = await this.dataSource.getRepository(Fault).find({
      select: { cameraId: true, category: true },
      where: { cameraId: In(result.faultsToOpen.map((f) => f.cameraId)), status: In(OPEN_FAULT_STATUSES) },
    });
    const keys = new Set(open.map((fault) => `${fault.cameraId}:${fault.category}`));
    for (const fault of result.faultsToOpen) fault.alreadyOpen = keys.has(`${fault.cameraId}:${fault.category}`);
  }
}

function monthAlreadyImported(current: KyndiImport) {
  return conflict(
    'month_already_imported',
    `${monthLabel(current.month)} already has a committed import; send replace=true to supersede it`,
    { importId: current.id, month: current.month },
  );
}

function monthLockKey(month: string): string {
  return createHash('sha256').update(`medway-cctv:kyndi-import:${month}`).digest().readBigInt64BE(0).toString();
}

function capList(issues: RowIssue[], code: string, noun: string): RowIssue[] {
  if (issues.length <= MAX_LISTED_ISSUES) return issues;
  const rest = issues.length - MAX_LISTED_ISSUES;
  return [...issues.slice(0, MAX_LISTED_ISSUES), { row: null, column: null, code, message: `${rest} more ${noun} not listed` }];
}

function auditSummary(entity: KyndiImport) {
  return {
    month: entity.month,
    status: entity.status,
    fileName: entity.fileName,
    fileSha256: entity.fileSha256,
    s3Key: entity.s3Key,
    rows: entity.rows,
    totals: entity.totals,
    errors: entity.errors.length,
    warnings: entity.warnings.length,
    faultsOpened: entity.faults.filter((f) => f.faultId).length,
    supersedes: entity.supersedesId,
  };
}
