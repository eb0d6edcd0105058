import type { ErrorCodeFor } from '../common/errors/error-codes.js';
import type { CameraStatus } from './camera.enums.js';

/** A generous box around Medway (WGS84): a coordinate outside it is a typo, not a camera. */
export const MEDWAY_BOUNDS = { minLatitude: 51.25, maxLatitude: 51.55, minLongitude: 0.35, maxLongitude: 0.75 } as const;

/** e.g. MC-001, RDC-01; stored upper-case. */
export const ASSET_NUMBER_PATTERN = /^[A-Z0-9][A-Z0-9/_-]{0,39}$/;

export const normaliseAssetNumber = (value: string) => value.trim().toUpperCase();

/** A broken rule, named by the field it concerns; the API throws it, the CSV import reports it against a row. */
export interface CameraProblem<S extends 400 | 409 = 400 | 409> {
  field: string;
  code: ErrorCodeFor<S>;
  message: string;
  status: S;
}

export function coordinateProblem(latitude: number | null | undefined, longitude: number | null | undefined): CameraProblem<400> | null {
  const hasLatitude = latitude !== undefined && latitude !== null;
  const hasLongitude = longitude !== undefined && longitude !== null;
  if (hasLatitude !== hasLongitude) {
    return {
      field: hasLatitude ? 'longitude' : 'latitude',
      code: 'incomplete_coordinates',
      message: 'Give both latitude and longitude, or neither',
      status: 400,
    };
  }
  if (!hasLatitude) return null;
  const b = MEDWAY_BOUNDS;
  const inside =
    latitude! >= b.minLatitude && latitude! <= b.maxLatitude && longitude! >= b.minLongitude && longitude! <= b.maxLongitude;
  if (inside) return null;
  return {
    field: latitude! < b.minLatitude || latitude! > b.maxLatitude ? 'latitude' : 'longitude',
    code: 'outside_medway',
    message:
      `(${latitude}, ${longitude}) is not in or near Medway: latitude must be ${b.minLatitude}–${b.maxLatitude} ` +
      `and longitude ${b.minLongitude}–${b.maxLongitude} (WGS84)`,
    status: 400,
  };
}

/**
 * `faulty` follows the camera's faults: it is set by reporting a fault and cleared by fixing the last one, never by
 * editing the camera; and a camera with open faults cannot be declared operational.
 */
export function statusProblem(next: CameraStatus, current: CameraStatus | null, openFaults: number): CameraProblem | null {
  if (next === current) return null;
  if (next === 'faulty') {
    return {
      field: 'status',
      code: 'status_follows_faults',
      message: 'A camera becomes faulty when a fault is reported against it (POST /api/v1/cameras/:id/faults)',
      status: 400,
    };
  }
  if (next === 'operational' && openFaults > 0) {
    return {
      field: 'status',
      code: 'camera_has_open_faults',
      message: `The camera has ${openFaults} open fault(s); fix or close them and it returns to operational`,
      status: 409,
    };
  }
  return null;
}
