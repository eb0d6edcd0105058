import { Camera } from '../../src/cameras/camera.entity.js';
import { addDays, today } from '../../src/common/time/calendar.js';
import { unique } from '../support/factories.js';
import type { TestUser } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';

export { addDays, today };

/** A camera of our own, saved straight to the registry table (this suite does not depend on the cameras API). */
export function createCamera(app: TestApp, overrides: Partial<Camera> = {}): Promise<Camera> {
  const kind = overrides.kind ?? 'rapid_deployment';
  return app.dataSource.getRepository(Camera).save({
    assetNumber: unique(kind === 'fixed' ? 'MC-T' : 'RDC-T').toUpperCase(),
    name: 'Test camera',
    kind,
    technology: 'digital',
    status: kind === 'fixed' ? 'operational' : 'in_stock',
    rag: 'green',
    address: kind === 'fixed' ? 'High Street, Chatham' : 'RDC store',
    ...overrides,
  } as Camera);
}

export const LUTON_ROAD = {
  address: 'Luton Road arches, Chatham',
  ward: 'luton',
  latitude: 51.3751,
  longitude: 0.5402,
  reason: 'Drug dealing and anti-social behaviour reported by residents',
  crimeTypes: ['drugs', 'anti-social behaviour'],
  requestedBy: 'Kent Police (Chatham CSU)',
};

/** Deploys `camera` `daysAgo` days ago (review due 84 days after). */
export function deploy(app: TestApp, user: TestUser, camera: Camera, daysAgo = 0, overrides: Record<string, unknown> = {}) {
  return app
    .http()
    .post('/api/v1/deployments')
    .set('Authorization', user.auth)
    .send({ cameraId: camera.id, ...LUTON_ROAD, deployedOn: addDays(today(), -daysAgo), ...overrides });
}

/** A camera deployed `daysAgo` days ago; returns the camera and the deployment body. */
export async function deployed(app: TestApp, user: TestUser, daysAgo = 0, overrides: Record<string, unknown> = {}) {
  const camera = await createCamera(app);
  const response = await deploy(app, user, camera, daysAgo, overrides);
  if (response.status !== 201) throw new Error(`deploy failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { camera, deployment: response.body as { id: string; reviewDueOn: string; version: number; [k: string]: unknown } };
}
