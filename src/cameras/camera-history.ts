import type { AuditLog } from '../audit/audit-log.entity.js';
import type { CameraHistoryEntry, FieldChange } from './camera.dto.js';

/** Bookkeeping fields that change with every write and say nothing about the camera. */
const NOT_CHANGES = new Set(['id', 'version', 'createdAt', 'updatedAt', 'openFaultCount', 'wardName', 'monitoredByName']);

/** Field-level differences between two audit snapshots; only fields the `after` snapshot holds are compared. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  if (!after || typeof after !== 'object') return [];
  const previous = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const changes: FieldChange[] = [];
  for (const [field, to] of Object.entries(after as Record<string, unknown>)) {
    if (NOT_CHANGES.has(field)) continue;
    const from = previous[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to ?? null)) changes.push({ field, from, to: to ?? null });
  }
  return changes;
}

/** `showPeople`: who acted (id, email) is shown to council staff and auditors only; the role to everyone. */
export function toCameraHistoryEntry(row: AuditLog, showPeople: boolean): CameraHistoryEntry {
  return {
    id: row.id,
    at: row.occurredAt.toISOString(),
    action: row.action,
    actorId: showPeople ? row.actorId : null,
    actorEmail: showPeople ? row.actorEmail : null,
    actorRole: row.actorRole,
    changes: fieldChanges(row.before, row.after),
  };
}
