import type { CustodyReport, CustodyReportExhibit, IntegrityFailureNotice } from './custody-report.types.js';
import { formatLondon } from './london-time.js';
import type { CustodyEventResponse } from './dto/custody.dto.js';
import type { CustodyAction } from './evidence.enums.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value placed in the page goes through here: names, reasons and file names come from users. */
export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

const row = (label: string, value: unknown) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value ?? '—')}</td></tr>`;

const ACTION_LABELS: Record<CustodyAction, string> = {
  request_created: 'Request submitted',
  approved: 'Request approved',
  rejected: 'Request rejected',
  shared: 'Shared with officer',
  fulfilled: 'Request fulfilled',
  closed: 'Request closed',
  created: 'Exhibit record created',
  upload_started: 'Upload started',
  uploaded: 'Uploaded (content hashed)',
  upload_failed: 'Upload failed',
  hash_verified: 'Client hash verified',
  hash_mismatch: 'Client hash mismatch',
  accessed: 'Metadata read',
  custody_viewed: 'Custody record read',
  download_url_issued: 'Download link issued',
  downloaded: 'Downloaded',
  retention_changed: 'Retention changed',
  legal_hold_set: 'Legal hold set',
  legal_hold_cleared: 'Legal hold cleared',
  deletion_scheduled: 'Moved to the recycle bin (deletion scheduled)',
  restored: 'Restored from the recycle bin',
  deleted: 'Content deleted',
  integrity_check_passed: 'Integrity check passed',
  integrity_check_failed: 'Integrity check FAILED',
  quarantined: 'QUARANTINED (integrity failed)',
  quarantine_released: 'Copy released from quarantine',
};

const TRIGGERS: Record<string, string> = {
  api: 'an integrity check',
  sweep: 'the scheduled integrity sweep',
  download: 'a download',
  download_url: 'a download link request',
  custody_report: 'a custody report',
};

const STATUS_LABELS: Record<string, string> = {
  integrity_failed: 'INTEGRITY FAILED — quarantined, not served',
};

function failureItem(failure: IntegrityFailureNotice): string {
  const when = formatLondon(new Date(failure.detectedAt));
  return `<li>Exhibit ${escapeHtml(failure.exhibitReference)} part ${failure.partNumber}: found by ${escapeHtml(
    TRIGGERS[failure.trigger] ?? failure.trigger,
  )} on ${escapeHtml(when)}<ul>${failure.problems.map((p) => `<li>${escapeHtml(p.message)}</li>`).join('')}</ul></li>`;
}

/** Before anything else on the page: a failed exhibit must not read as "available / chain verified". */
function integrityBanner(report: CustodyReport): string {
  if (report.integrity.ok) return '';
  return `<div class="alert" role="alert"><p>INTEGRITY CHECK FAILED: ${
    report.integrity.failures.length === 1 ? 'this exhibit is' : `${report.integrity.failures.length} exhibits are`
  } QUARANTINED. The stored content, or its record, no longer matches what was received at upload; it is not served and
must not be relied on without the SPOC's investigation.</p><ul>${report.integrity.failures.map(failureItem).join('')}</ul></div>`;
}

function details(value: Record<string, unknown>): string {
  const entries = Object.entries(value).filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (entries.length === 0) return '';
  return `<dl>${entries
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(typeof v === 'object' ? JSON.stringify(v) : v)}</dd>`)
    .join('')}</dl>`;
}

function camerasWithoutFootage(report: CustodyReport): string {
  const names = new Map(report.requestCameras.map((c) => [c.id, `${c.assetNumber} — ${c.name}`]));
  return report.request.camerasWithoutFootage.map((c) => `${names.get(c.cameraId) ?? c.cameraId}: ${c.reason}`).join('; ');
}

function eventsTable(events: CustodyEventResponse[], organisations: Record<string, string>): string {
  if (events.length === 0) return '<p>No entries.</p>';
  const rows = events
    .map(
      (e) => `<tr>
  <td class="num">${e.sequence}</td>
  <td class="nowrap">${escapeHtml(e.occurredAtLondon)}</td>
  <td>${escapeHtml(ACTION_LABELS[e.action] ?? e.action)}</td>
  <td>${escapeHtml(e.actor.email)}<br><small>${escapeHtml(e.actor.role)}${
    e.organisationId ? ` · ${escapeHtml(organisations[e.organisationId] ?? e.organisationId)}` : ''
  }</small></td>
  <td>${details(e.details)}</td>
  <td class="hash">${escapeHtml(e.hash)}<br><small>prev ${escapeHtml(e.previousHash ?? '(first entry)')}</small></td>
</tr>`,
    )
    .join('\n');
  return `<table class="events"><thead><tr><th>#</th><th>Time (UK)</th><th>Action</th><th>By</th><th>Details</th><th>Entry hash (SHA-256)</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function chainStatus(ok: boolean, problems: { message: string }[], contentFailed = false): string {
  if (!ok) {
    return `<div class="fail"><p>Chain verification FAILED:</p><ul>${problems.map((p) => `<li>${escapeHtml(p.message)}</li>`).join('')}</ul></div>`;
  }
  return contentFailed
    ? '<p class="fail">The chain\'s entries re-compute and link, but the exhibit FAILED its integrity check (see the top of this report).</p>'
    : '<p class="ok">Chain verified: every entry re-computes to its recorded hash and links to the one before.</p>';
}

function exhibitSection(exhibit: CustodyReportExhibit, organisations: Record<string, string>): string {
  const i = exhibit.item;
  const failed = exhibit.integrity.status === 'failed';
  // What the chain recorded at upload: the row may be what was altered.
  const recorded = exhibit.recorded ?? { sha256: i.sha256, size: i.size, storageKey: i.storageKey, storageVersionId: i.storageVersionId };
  return `<section class="exhibit">
<h2>Exhibit ${escapeHtml(i.exhibitReference)} — part ${i.partNumber} (${escapeHtml(i.kind)})</h2>
${failed ? '<p class="fail">INTEGRITY FAILED: this exhibit is quarantined (see the top of this report).</p>' : ''}
<table class="facts">
${row('File name', i.originalFileName)}
${row('Content type', i.contentType)}
${row('Status', STATUS_LABELS[i.status] ?? i.status)}
${row('Content integrity', failed ? 'FAILED' : exhibit.integrity.status === 'passed' ? `passed (last checked ${exhibit.integrity.lastCheckedAt})` : 'not yet re-checked')}
${row('Size (bytes, recorded at upload)', recorded.size)}
${row('SHA-256 (recorded at upload)', recorded.sha256)}
${row('Storage key / version', `${recorded.storageKey}${recorded.storageVersionId ? ` (version ${recorded.storageVersionId})` : ''}`)}
${row('Camera', exhibit.camera ? `${exhibit.camera.assetNumber} — ${exhibit.camera.name}` : null)}
${row('Recorded (UK time, as recorded)', i.recordedFromLondon ? `${i.recordedFromLondon} to ${i.recordedToLondon}` : null)}
${row('Recorder clock offset', `${i.recorderClockOffsetSeconds} s (recorder minus true time)`)}
${row('Export tool', i.exportTool)}
${row('Exported by', i.operatorName)}
${row('Uploaded (UK time)', i.uploadedAtLondon)}
${row('Retention', i.legalHold ? `LEGAL HOLD (${i.legalHoldReason ?? ''})` : i.retainUntilCaseClosed ? 'Until the case is closed' : i.retainUntil)}
${i.deletionDueAt ? row('In the recycle bin', `content to be deleted ${i.deletionDueAt} — ${i.deletionReason ?? ''}`) : ''}
${i.deletedAt ? row('Deleted', `${i.deletedAt} — ${i.deletionReason ?? ''}`) : ''}
</table>
<h3>Chain of custody</h3>
${chainStatus(exhibit.chainOk, exhibit.problems, failed)}
${eventsTable(exhibit.events, organisations)}
</section>`;
}

/** A printable, self-contained page (no scripts, no external resources). */
export function renderCustodyReportHtml(report: CustodyReport): string {
  const r = report.request;
  const title =
    report.scope === 'item' && report.exhibits[0]
      ? `Chain of custody — exhibit ${report.exhibits[0].item.exhibitReference}`
      : `Chain of custody — request ${r.crimeReference}`;
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 11pt/1.4 Arial, Helvetica, sans-serif; margin: 2em; color: #000; }
  h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 2em; border-top: 2px solid #000; padding-top: .5em; } h3 { font-size: 11pt; }
  table { border-collapse: collapse; width: 100%; margin: .5em 0; }
  th, td { border: 1px solid #888; padding: 3px 6px; vertical-align: top; text-align: left; }
  table.facts th { width: 28%; background: #f2f2f2; }
  table.events th { background: #f2f2f2; }
  .hash { font-family: 'Courier New', monospace; font-size: 8pt; word-break: break-all; width: 26%; }
  .num { text-align: right; } .nowrap { white-space: nowrap; }
  dl { margin: 0; } dt { font-weight: bold; display: inline; } dt::after { content: ': '; } dd { display: inline; margin: 0; } dd::after { content: ''; display: block; }
  .ok { color: #05631e; font-weight: bold; } .fail { color: #b00020; font-weight: bold; }
  .alert { border: 3px solid #b00020; color: #b00020; padding: .5em 1em; margin: 1em 0; font-weight: bold; }
  footer { margin-top: 2em; font-size: 9pt; }
  @media print { body { margin: 0; } section.exhibit { page-break-before: always; } tr { page-break-inside: avoid; } }
</style>
</head>
<body>
${integrityBanner(report)}
<h1>${escapeHtml(title)}</h1>
<p>Medway Council CCTV — Digital Asset Management System. Generated ${escapeHtml(report.generatedAtLondon)} by
${escapeHtml(report.generatedBy.email)} (${escapeHtml(report.generatedBy.role)}). Times are UK local time (GMT/BST as shown);
hashes are SHA-256 in hexadecimal.</p>
<h2>Request</h2>
<table class="facts">
${row('Crime / occurrence reference', r.crimeReference)}
${row('Offence', r.offenceType)}
${row('Requesting force', report.requestingForce.name)}
${row('Requested by', [report.requestedBy.name, report.requestedBy.email].filter(Boolean).join(' — '))}
${row('Time window (UK time)', `${r.windowStartLondon} to ${r.windowEndLondon}`)}
${row('Cameras', report.requestCameras.map((c) => `${c.assetNumber} — ${c.name}`).join('; ') || null)}
${row('Location', r.locationDescription)}
${row('Purpose', r.purpose)}
${row('Lawful basis', r.lawfulBasis)}
${row('Urgency', r.urgency)}
${row('Status', r.status)}
${row('Decision', r.decision ? `${r.decision.approved ? 'Approved' : 'Rejected'} ${r.decision.decidedAtLondon}: ${r.decision.reason}` : null)}
${r.fulfilledAt ? row('Fulfilled', [r.fulfilledAt, r.fulfilmentNote].filter(Boolean).join(' — ')) : ''}
${r.camerasWithoutFootage.length > 0 ? row('Cameras without footage', camerasWithoutFootage(report)) : ''}
${row('Footage may have been overwritten', r.mayBeOverwritten ? 'Yes — window older than the recorders keep footage' : 'No')}
</table>
<h3>Request chain of custody</h3>
${chainStatus(report.requestChainOk, report.requestProblems)}
${eventsTable(report.requestEvents, report.organisations)}
${report.exhibits.map((e) => exhibitSection(e, report.organisations)).join('\n')}
<footer>Each custody entry's hash is SHA-256 over a canonical serialisation (${escapeHtml(report.custodyHashFormat)}) of all its
fields including the previous entry's hash, so that altering or removing an entry is detectable. Content hashes are those
recorded when the content was received; the service re-reads and re-hashes stored content on demand and in a scheduled
integrity sweep (entries "Integrity check passed/FAILED").</footer>
</body>
</html>
`;
}
