/** The one shape of every error response. */
export interface ErrorBody {
  statusCode: number;
  /** Stable machine-readable code, e.g. `validation_failed`, `not_found`, `camera_already_deployed`. */
  error: string;
  message: string;
  details?: unknown;
  requestId: string;
}
