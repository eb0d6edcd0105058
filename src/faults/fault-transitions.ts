import type { FaultStatus } from './fault.enums.js';

/** open → in_progress → fixed; open or in_progress → closed. fixed and closed are final. */
export const FAULT_TRANSITIONS: Record<FaultStatus, readonly FaultStatus[]> = {
  open: ['in_progress', 'closed'],
  in_progress: ['fixed', 'closed'],
  fixed: [],
  closed: [],
};

export const canTransition = (from: FaultStatus, to: FaultStatus) => FAULT_TRANSITIONS[from].includes(to);
