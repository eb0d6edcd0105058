export const PROPOSAL_TYPES = ['decommission', 'redeploy', 'new_camera'] as const;
export type ProposalType = (typeof PROPOSAL_TYPES)[number];

export const PROPOSER_TYPES = ['ward_member', 'public', 'officer', 'police'] as const;
export type ProposerType = (typeof PROPOSER_TYPES)[number];

/** submitted → under_review → approved | rejected: the CSP reviews a proposal before deciding it. */
export const PROPOSAL_STATUSES = ['submitted', 'under_review', 'approved', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export const UNDECIDED_STATUSES: ProposalStatus[] = ['submitted', 'under_review'];

export const DEFAULT_DECISION_BODY = 'Community Safety Partnership';
/** Activity figures attached to a proposal cover this many months up to the day it is submitted. */
export const EVIDENCE_MONTHS = 12;
