/** Longest time window one request may cover; longer periods are several requests. */
export const MAX_REQUEST_WINDOW_HOURS = 24;
/** Tolerated client clock skew for "not in the future" checks. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** Items re-hashed per integrity sweep run, least recently verified first. */
export const INTEGRITY_SWEEP_BATCH = 200;
/** Items deleted per retention purge run. */
export const RETENTION_PURGE_BATCH = 500;
/** All evidence objects live under this prefix. */
export const EVIDENCE_KEY_PREFIX = 'evidence/';

export const DAY_MS = 24 * 3600 * 1000;

export const evidenceKey = (requestId: string, itemId: string) => `${EVIDENCE_KEY_PREFIX}${requestId}/${itemId}`;
