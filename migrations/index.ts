import { Foundation1795412758177 } from './1795412758177-Foundation.js';
import { Estate1795413050264 } from './1795413050264-Estate.js';
import { RdcDeploymentsProposalsOutbox1795413489929 } from './1795413489929-RdcDeploymentsProposalsOutbox.js';
import { KyndiActivity1795413652679 } from './1795413652679-KyndiActivity.js';
import { WardMembers1795413748454 } from './1795413748454-WardMembers.js';
import { EvidenceDams1795413935107 } from './1795413935107-EvidenceDams.js';
import { EvidenceRecycleBin1796141254739 } from './1796141254739-EvidenceRecycleBin.js';
import { EvidenceRequestFulfilment1796141254740 } from './1796141254740-EvidenceRequestFulfilment.js';
import { ActivityWardHistory1796141388218 } from './1796141388218-ActivityWardHistory.js';
import { EvidenceIntegrityLease1796141605691 } from './1796141605691-EvidenceIntegrityLease.js';
import { NotificationInbox1796142261923 } from './1796142261923-NotificationInbox.js';

/** Applied in this order. Append new migrations here (npm run migration:generate prints the line). */
export const MIGRATIONS = [
  Foundation1795412758177,
  Estate1795413050264,
  RdcDeploymentsProposalsOutbox1795413489929,
  KyndiActivity1795413652679,
  WardMembers1795413748454,
  EvidenceDams1795413935107,
  EvidenceRecycleBin1796141254739,
  EvidenceRequestFulfilment1796141254740,
  ActivityWardHistory1796141388218,
  EvidenceIntegrityLease1796141605691,
  NotificationInbox1796142261923,
];
