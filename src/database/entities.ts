import { AuditLog } from '../audit/audit-log.entity.js';
import { Camera } from '../cameras/camera.entity.js';
import { CameraDeployment } from '../deployments/camera-deployment.entity.js';
import { DeploymentReview } from '../deployments/deployment-review.entity.js';
import { Fault } from '../faults/fault.entity.js';
import { Notification } from '../notifications/notification.entity.js';
import { NotificationRead } from '../notifications/notification-read.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { CameraProposal } from '../proposals/camera-proposal.entity.js';
import { JobRun } from '../scheduling/job-run.entity.js';
import { User } from '../users/user.entity.js';
import { Ward } from '../wards/ward.entity.js';
import { WardMember } from '../wards/ward-member.entity.js';
import { CameraActivity } from '../imports/camera-activity.entity.js';
import { KyndiImport } from '../imports/kyndi-import.entity.js';
import { CustodyEvent } from '../evidence/entities/custody-event.entity.js';
import { EvidenceItem } from '../evidence/entities/evidence-item.entity.js';
import { EvidenceRequestShare } from '../evidence/entities/evidence-request-share.entity.js';
import { EvidenceRequest } from '../evidence/entities/evidence-request.entity.js';

/** Every entity the service maps. Add a feature's entities here; the migration check compares them to migrations/. */
export const ENTITIES = [
  // foundation
  Organisation,
  User,
  AuditLog,
  JobRun,
  Notification,
  NotificationRead,
  // camera estate
  Ward,
  WardMember,
  Camera,
  Fault,
  // RDC deployments and proposals
  CameraDeployment,
  DeploymentReview,
  CameraProposal,
  // Kyndi monthly activity
  KyndiImport,
  CameraActivity,
  // DAMS evidence
  EvidenceRequest,
  EvidenceRequestShare,
  EvidenceItem,
  CustodyEvent,
];
