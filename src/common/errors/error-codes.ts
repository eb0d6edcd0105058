/**
 * Every `error` code the API sends, with the HTTP status(es) it comes with and what it means. Clients switch on the
 * code, so a code is never renamed; a new one is added here (the compiler refuses a code that is not listed), and the
 * README's error-code table and the OpenAPI `ErrorBody.error` enum are generated from this list.
 */
export const ERROR_CODES = {
  // Generic codes of the exception filter (framework and database errors that carry no code of ours).
  bad_request: { statuses: [400], meaning: 'The request cannot be read (malformed JSON, a value of the wrong format)' },
  unauthorized: { statuses: [401], meaning: 'No bearer token was sent' },
  forbidden: { statuses: [403], meaning: 'Your role may not call this route' },
  not_found: { statuses: [404], meaning: 'No such record (or route); police get it for other forces\' requests too' },
  method_not_allowed: { statuses: [405], meaning: 'The route does not accept this method' },
  not_acceptable: { statuses: [406], meaning: 'The route cannot produce the media type asked for' },
  conflict: { statuses: [409], meaning: 'The request conflicts with the current state' },
  already_exists: { statuses: [409], meaning: 'A record with these unique values already exists' },
  reference_conflict: { statuses: [409], meaning: 'The record refers to, or is referred to by, another record' },
  payload_too_large: { statuses: [413], meaning: 'The body is larger than the route accepts (JSON 1 MiB; EVIDENCE_MAX_BYTES; IMPORT_MAX_BYTES for camera CSV)' },
  unsupported_media_type: { statuses: [415], meaning: 'The route cannot read a body of this content type' },
  unprocessable_entity: { statuses: [422], meaning: 'The request is well-formed but cannot be processed' },
  too_many_requests: { statuses: [429], meaning: 'Too many requests' },
  internal_error: { statuses: [500], meaning: 'An unexpected error; nothing internal is disclosed (see the logs by requestId)' },
  service_unavailable: { statuses: [503], meaning: 'A dependency is unavailable' },
  request_timeout: { statuses: [408], meaning: 'The request took too long to arrive' },
  uri_too_long: { statuses: [414], meaning: 'A path segment is longer than 1,000 characters' },
  headers_too_large: { statuses: [431], meaning: 'The request headers are too large' },
  database_unavailable: { statuses: [503], meaning: 'The database cannot be reached; try again shortly (as /health/ready reports it)' },

  // Input.
  validation_failed: { statuses: [400], meaning: 'Fields are missing, invalid or unknown; `details.fields` lists each' },
  invalid_id: { statuses: [400], meaning: 'The id in the path is not a UUID (or not a ward slug)' },
  invalid_cursor: { statuses: [400], meaning: '`cursor` is not one this API issued' },
  invalid_filter: { statuses: [400], meaning: 'Query filters that cannot be combined' },
  invalid_range: { statuses: [400], meaning: 'A report period that is reversed or too long' },
  invalid_characters: { statuses: [400], meaning: 'A NUL or an unpaired UTF-16 surrogate in the body, query, path or a file name; `details.fields` names each' },
  json_too_deep: { statuses: [400], meaning: 'The JSON body is nested more than 32 levels deep' },

  // Authentication and access.
  invalid_token: { statuses: [401], meaning: 'The token is invalid (no exp/iat, not a user id), expired, older than JWT_TTL_SECONDS or revoked, or the account is disabled' },
  invalid_credentials: { statuses: [401], meaning: 'Email or password is incorrect, or the account is disabled (the same answer either way)' },
  too_many_attempts: { statuses: [429], meaning: 'Too many failed logins for the account or address; `details.retryAfterSeconds`' },
  route_not_declared: { statuses: [403], meaning: 'The route has no access policy, so it is denied (a bug)' },
  not_entitled: { statuses: [403], meaning: 'Evidence content goes only to the requesting officer, officers it was shared with, the SPOC and admins' },
  replace_not_allowed: { statuses: [403], meaning: 'Only council staff may replace a month\'s committed import' },

  // Users and organisations.
  email_taken: { statuses: [409], meaning: 'A user with this email already exists' },
  organisation_exists: { statuses: [409], meaning: 'An organisation with this name already exists' },
  unknown_organisation: { statuses: [400], meaning: 'The organisation named does not exist' },
  role_not_allowed_for_organisation: { statuses: [400], meaning: 'The role does not fit the organisation\'s kind (e.g. police roles only in a police force)' },
  unknown_user: { statuses: [400], meaning: 'The user named does not exist' },
  user_disabled: { statuses: [400], meaning: 'The user named is disabled' },

  // Estate: cameras, wards, faults, deployments, proposals.
  version_conflict: { statuses: [409], meaning: 'The record changed since you read it (stale `version`); reload and retry' },
  asset_number_taken: { statuses: [409], meaning: 'A camera with this asset number already exists' },
  incomplete_coordinates: { statuses: [400], meaning: 'Give both latitude and longitude, or neither' },
  outside_medway: { statuses: [400], meaning: 'The position is not in or near Medway' },
  status_follows_faults: { statuses: [400], meaning: '`faulty` follows open faults and cannot be set directly' },
  camera_has_open_faults: { statuses: [409], meaning: 'A camera with open faults cannot be set operational' },
  proposal_not_under_review: { statuses: [409], meaning: 'A proposal is decided only once the CSP has it under review (POST …/review first)' },
  camera_deployed: { statuses: [409], meaning: 'A deployed RDC cannot be decommissioned, put in stock or change kind; review its deployment' },
  camera_decommissioned: { statuses: [409], meaning: 'The camera is decommissioned' },
  unknown_camera: { statuses: [400], meaning: 'A camera named does not exist; `details.cameraIds` when several' },
  unknown_ward: { statuses: [400], meaning: 'There is no such Medway ward' },
  ward_member_exists: { statuses: [409], meaning: 'The person is already a member for the ward' },
  close_reason_required: { statuses: [400], meaning: 'Closing a fault without a repair needs `closeReason`' },
  close_reason_not_allowed: { statuses: [400], meaning: '`closeReason` is only for closing a fault' },
  invalid_transition: { statuses: [409], meaning: 'The record\'s current status does not allow this change; `details` names from and to' },
  not_rapid_deployment_camera: { statuses: [400], meaning: 'Only rapid deployment cameras are deployed' },
  camera_already_deployed: { statuses: [409], meaning: 'The camera already has an active deployment' },
  deployed_on_in_future: { statuses: [400], meaning: '`deployedOn` cannot be in the future' },
  deployment_closed: { statuses: [409], meaning: 'The deployment is closed and cannot be reviewed' },
  extend_weeks_required: { statuses: [400], meaning: 'An `extend` review needs `extendWeeks`' },
  extend_weeks_not_allowed: { statuses: [400], meaning: '`extendWeeks` applies only to `extend`' },
  reviewed_on_in_future: { statuses: [400], meaning: '`reviewedOn` cannot be in the future' },
  reviewed_before_deployment: { statuses: [400], meaning: '`reviewedOn` is before the deployment began' },
  camera_required: { statuses: [400], meaning: 'This kind of proposal names the camera (`cameraId`)' },
  camera_not_allowed: { statuses: [400], meaning: 'A new-camera proposal has no `cameraId`' },
  location_required: { statuses: [400], meaning: 'This kind of proposal gives the proposed address and ward' },
  location_not_allowed: { statuses: [400], meaning: 'A decommission proposal has no proposed location' },
  decided_on_in_future: { statuses: [400], meaning: '`decidedOn` cannot be in the future' },
  proposal_already_open: { statuses: [409], meaning: 'An undecided proposal of this kind already exists for the camera' },

  // Uploads and imports (camera CSV, Kyndi monthly report).
  multipart_required: { statuses: [415], meaning: 'Send the report as multipart/form-data (synonym of unsupported_media_type, kept: clients rely on both)' },
  file_required: { statuses: [400], meaning: 'The multipart body has no `file` field (synonym of file_missing, kept: clients rely on both)' },
  file_missing: { statuses: [400], meaning: 'The multipart body has no file in the expected field' },
  file_too_large: { statuses: [413], meaning: 'The report is larger than IMPORT_MAX_BYTES (synonym of payload_too_large, kept: clients rely on both)' },
  invalid_multipart: { statuses: [400], meaning: 'The multipart body cannot be read' },
  unsupported_file_type: { statuses: [415], meaning: 'The file is neither CSV nor XLSX' },
  empty_file: { statuses: [400], meaning: 'The file is empty or has no rows' },
  invalid_csv: { statuses: [400], meaning: 'The camera CSV cannot be parsed' },
  malformed_csv: { statuses: [422], meaning: 'The report\'s CSV cannot be parsed' },
  unreadable_xlsx: { statuses: [400], meaning: 'The file is not a readable Excel workbook' },
  xlsx_too_large: { statuses: [413], meaning: 'The workbook expands beyond the reader\'s limits (`details.limit`: expandedBytes or compressionRatio)' },
  xlsx_limit_exceeded: { statuses: [422], meaning: 'The workbook has more rows, cells, columns or shared strings than a report can (`details.limit`, `details.max`)' },
  too_many_rows: { statuses: [400, 422], meaning: 'More rows than IMPORT_MAX_ROWS (400 for camera CSV, 422 for the monthly report)' },
  import_invalid: { statuses: [422], meaning: 'Camera CSV rows have errors; nothing was applied (`details` lists them)' },
  import_rejected: { statuses: [422], meaning: 'Report rows have errors; nothing was applied; the body carries the rejected import' },
  header_not_found: { statuses: [422], meaning: 'No header row with a camera column was found' },
  duplicate_column: { statuses: [422], meaning: 'A header names the same field twice' },
  missing_columns: { statuses: [422], meaning: 'The header lacks required columns' },
  no_rows: { statuses: [422], meaning: 'The report has a header but no camera rows' },
  month_missing: { statuses: [422], meaning: 'The report\'s month is named nowhere (column, title or `month=`)' },
  month_conflict: { statuses: [422], meaning: 'The places that name the month disagree' },
  month_in_future: { statuses: [422], meaning: 'The report is for a month that has not ended' },
  month_already_imported: { statuses: [409], meaning: 'The month has a committed import; send replace=true to supersede it' },

  // Evidence (DAMS).
  camera_or_location_required: { statuses: [400], meaning: 'A request names cameras or a location' },
  invalid_time_window: { statuses: [400], meaning: '`windowEnd` must be after `windowStart`' },
  time_window_in_future: { statuses: [400], meaning: 'The time window must be in the past' },
  time_window_too_long: { statuses: [400], meaning: 'The time window is longer than a request may cover' },
  user_not_in_requesting_force: { statuses: [400], meaning: 'Evidence is shared only with officers of the requesting force' },
  already_has_access: { statuses: [409], meaning: 'The officer is the requester' },
  already_shared: { statuses: [409], meaning: 'The request is already shared with this officer' },
  request_rejected: { statuses: [409], meaning: 'A rejected request cannot be shared' },
  request_not_open: { statuses: [409], meaning: 'The request does not take exhibits in its status' },
  invalid_recording_window: { statuses: [400], meaning: '`recordedFrom`/`recordedTo` incomplete or reversed' },
  exhibit_part_exists: { statuses: [409], meaning: 'The exhibit already has this part number' },
  empty_content: { statuses: [400], meaning: 'The uploaded content is empty' },
  invalid_content_sha256: { statuses: [400], meaning: '`X-Content-SHA256` is not 64 hexadecimal characters' },
  upload_interrupted: { statuses: [400], meaning: 'The client stopped sending before the content was complete; nothing was kept' },
  hash_mismatch: { statuses: [422], meaning: 'The content does not match `X-Content-SHA256`; nothing was kept' },
  upload_in_progress: { statuses: [409], meaning: 'An upload of this item is in progress' },
  upload_superseded: { statuses: [409], meaning: 'This upload attempt was abandoned as stale' },
  evidence_immutable: { statuses: [409], meaning: 'Uploaded (or deleted) evidence cannot be replaced' },
  evidence_not_available: { statuses: [409], meaning: 'The evidence is not available (not uploaded yet, or failed)' },
  evidence_deleted: { statuses: [409, 410], meaning: 'The evidence content was deleted (410 on download, 409 on retention changes)' },
  evidence_content_missing: { statuses: [410], meaning: 'The stored content of a quarantined item is missing: there is nothing to release' },
  retain_until_in_past: { statuses: [400], meaning: '`retainUntil` must be a date strictly in the future' },
  reason_required: { statuses: [400], meaning: 'The change lets the evidence be deleted sooner (shorter retention): give a `reason`' },
  evidence_pending_deletion: { statuses: [409], meaning: 'The evidence is in the recycle bin (pending_deletion): not served; an SPOC or admin may restore it' },
  not_pending_deletion: { statuses: [409], meaning: 'Only an item in the recycle bin (pending_deletion) can be restored' },
  cameras_unaccounted: { statuses: [400], meaning: 'Completing a request needs footage or a reason for every requested camera; `details.cameraIds` lists the missing ones' },
  camera_not_requested: { statuses: [400], meaning: 'A camera listed without footage is not one the request named' },
  camera_has_footage: { statuses: [400], meaning: 'A camera listed without footage has an available exhibit; say so in `note` instead' },
  note_required: { statuses: [400], meaning: 'Completing a request that named no cameras (location only) needs a `note`' },
  integrity_failed: { statuses: [409], meaning: 'The item failed an integrity check and is quarantined (status integrity_failed): it is not served' },
  not_quarantined: { statuses: [409], meaning: 'Only a quarantined item (integrity_failed) can be released this way; download it the usual way' },
  range_not_satisfiable: { statuses: [416], meaning: 'The Range lies outside the content; Content-Range gives its size' },
  conflicting_retention: { statuses: [400], meaning: 'Give either `retainUntil` or `retainUntilCaseClosed`, not both' },
  nothing_to_change: { statuses: [400], meaning: 'Give `retainUntil`, `retainUntilCaseClosed` or `legalHold`' },
  retain_until_required: { statuses: [400], meaning: 'Ending "until case closed" needs a `retainUntil` date' },
  case_already_closed: { statuses: [409], meaning: 'The request is already closed' },
  legal_hold: { statuses: [409], meaning: 'The evidence is under a legal hold and cannot be deleted' },
  storage_unavailable: { statuses: [503], meaning: 'Object storage is unavailable; nothing was stored, changed or deleted' },
} as const satisfies Record<string, ErrorCodeInfo>;

export interface ErrorCodeInfo {
  readonly statuses: readonly ErrorStatus[];
  /** One line, for the README table and the OpenAPI descriptions. */
  readonly meaning: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 406 | 408 | 409 | 410 | 413 | 414 | 415 | 416 | 422 | 429 | 431 | 500 | 503;
export type ErrorCode = keyof typeof ERROR_CODES;
/** The codes that may come with `status`: `conflict()` takes only 409 codes, and so on. */
export type ErrorCodeFor<S extends ErrorStatus> = {
  [C in ErrorCode]: S extends (typeof ERROR_CODES)[C]['statuses'][number] ? C : never;
}[ErrorCode];
export type StatusOf<C extends ErrorCode> = (typeof ERROR_CODES)[C]['statuses'][number];

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

export const isErrorCode = (value: string): value is ErrorCode => Object.hasOwn(ERROR_CODES, value);
