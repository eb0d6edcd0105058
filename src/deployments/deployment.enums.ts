export const DEPLOYMENT_STATUSES = ['active', 'closed'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** extend: new review date; remove: back to the pool; make_permanent: joins the fixed estate. */
export const REVIEW_OUTCOMES = ['extend', 'remove', 'make_permanent'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** How an active deployment stands against its review date. */
export const REVIEW_FILTERS = ['overdue', 'due'] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

/** Where a camera removed from a deployment is kept. */
export const RDC_STORE_ADDRESS = 'RDC store';

export const MAX_EXTEND_WEEKS = 52;
/** The daily reminder looks this far ahead. */
export const REVIEW_REMINDER_DAYS = 14;
