/**
 * preview: a dry run (nothing applied, no file kept). committed: its activity counts in reports. rejected: a commit
 * refused for row errors, kept with its file for audit. superseded: replaced by a later import of the same month.
 */
export const IMPORT_STATUSES = ['preview', 'committed', 'rejected', 'superseded'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const IMPORT_FILE_TYPES = ['csv', 'xlsx'] as const;
export type ImportFileType = (typeof IMPORT_FILE_TYPES)[number];

export const MONTH_SOURCES = ['column', 'title', 'parameter'] as const;
