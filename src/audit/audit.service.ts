import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { RequestContexts } from '../common/http/request-context.js';
import type { AuditAction } from './audit-actions.js';
import { AuditLog } from './audit-log.entity.js';

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditOptions {
  /** Write inside the caller's transaction so the change and its record commit together. */
  manager?: EntityManager;
  /** Who acted, when not the request's authenticated user (login, scheduled jobs). */
  actor?: AuthenticatedUser | null;
}

const SECRET_FIELDS = new Set(['password', 'passwordHash', 'accessToken', 'token', 'secret']);

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(entry: AuditEntry, options: AuditOptions = {}): Promise<void> {
    const context = RequestContexts.current();
    const actor = options.actor === undefined ? context?.user : options.actor;
    const manager = options.manager ?? this.dataSource.manager;
    await manager.insert(AuditLog, {
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: (redact(entry.before) ?? null) as object,
      after: (redact(entry.after) ?? null) as object,
      actorId: actor?.id ?? null,
      actorEmail: actor?.email ?? null,
      actorRole: actor?.role ?? null,
      organisationId: actor?.organisationId ?? null,
      requestId: context?.requestId ?? null,
      ip: context?.ip ?? null,
    });
    if (context) context.auditRecorded = true;
  }
}

/** Copies a value for the log with secrets removed and dates as ISO strings. */
export function redact(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !SECRET_FIELDS.has(key))
        .map(([key, inner]) => [key, redact(inner)]),
    );
  }
  return value;
}
