export const CAMERA_KINDS = ['fixed', 'rapid_deployment'] as const;
export type CameraKind = (typeof CAMERA_KINDS)[number];

export const CAMERA_TECHNOLOGIES = ['analogue', 'digital'] as const;
export type CameraTechnology = (typeof CAMERA_TECHNOLOGIES)[number];

export const CAMERA_STATUSES = ['operational', 'faulty', 'offline', 'in_stock', 'decommissioned'] as const;
export type CameraStatus = (typeof CAMERA_STATUSES)[number];

/** Repair priority: red = repair now, amber = soon, green = routine. */
export const RAG_RATINGS = ['red', 'amber', 'green'] as const;
export type RagRating = (typeof RAG_RATINGS)[number];
