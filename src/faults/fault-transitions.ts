import type { NamedAuditAction } from '../audit/audit-actions.js';
import type { FaultStatus } from './fault.enums.js';

/** open → in_progress → fixed; open or in_progress → closed. fixed and closed are final. */
export const FAULT_TRANSITIONS: Record<FaultStatus, readonly FaultStatus[]> = {
  open: ['in_progress', 'closed'],
  in_progress: ['fixed', 'closed'],
  fixed: [],
  closed: [],
};

export const canTransition = (from: FaultStatus, to: FaultStatus) => FAULT_TRANSITIONS[from].includes(to);

/** The audit action of moving a fault into each status (reporting one is `fault.raise`). */
export const FAULT_STATUS_ACTIONS: Record<FaultStatus, NamedAuditAction> = {
  open: 'fault.raise',
  in_progress: 'fault.start',
  fixed: 'fault.fix',
  closed: 'fault.close',
};
