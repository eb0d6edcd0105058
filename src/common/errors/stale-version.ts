import { conflict } from './domain-exception.js';

/**
 * Optimistic locking for edits that carry the `version` the caller read: a different current version means someone
 * else changed the record in between, so the edit is refused (409 `version_conflict`) rather than silently applied.
 * Call after locking the row, inside the transaction. `sent` undefined means the caller did not ask for the check.
 */
export function assertCurrentVersion(what: string, sent: number | undefined, current: number): void {
  if (sent === undefined || sent === current) return;
  throw conflict(
    'version_conflict',
    `${what} was changed by someone else (you sent version ${sent}, it is now ${current}); reload it and try again`,
    { currentVersion: current },
  );
}
