export const FAULT_CATEGORIES = ['loss_of_picture', 'cabling', 'power', 'communications', 'vandalism', 'other'] as const;
export type FaultCategory = (typeof FAULT_CATEGORIES)[number];

/** open → in_progress → fixed, or closed (with a reason) from open/in_progress. */
export const FAULT_STATUSES = ['open', 'in_progress', 'fixed', 'closed'] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];
export const OPEN_FAULT_STATUSES: FaultStatus[] = ['open', 'in_progress'];

export const FAULT_SOURCES = ['manual', 'kyndi_import'] as const;
export type FaultSource = (typeof FAULT_SOURCES)[number];
