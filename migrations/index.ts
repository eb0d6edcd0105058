import { Foundation1795412758177 } from './1795412758177-Foundation.js';
import { Estate1795413050264 } from './1795413050264-Estate.js';
import { RdcDeploymentsProposalsOutbox1795413489929 } from './1795413489929-RdcDeploymentsProposalsOutbox.js';
import { KyndiActivity1795413652679 } from './1795413652679-KyndiActivity.js';
import { WardMembers1795413748454 } from './1795413748454-WardMembers.js';
import { EvidenceDams1795413935107 } from './1795413935107-EvidenceDams.js';
import { EvidenceRecycleBin1796141254739 } from './1796141254739-EvidenceRecycleBin.js';
import { EvidenceRequestFulfilment1796141254740 } from './1796141254740-EvidenceRequestFulfilment.js';

/** Applied in this order. Append new migrations here (npm run migration:generate prints the line). */
export const MIGRATIONS = [Foundation1795412758177, Estate1795413050264, RdcDeploymentsProposalsOutbox1795413489929, KyndiActivity1795413652679, WardMembers1795413748454, EvidenceDams1795413935107, EvidenceRecycleBin1796141254739, EvidenceRequestFulfilment1796141254740];
