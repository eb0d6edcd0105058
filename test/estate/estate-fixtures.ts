import { unique } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';

export const assetNumber = (prefix = 'T') => unique(prefix).toUpperCase();

/** A valid camera body in Gillingham; override any field. */
export function cameraBody(overrides: Record<string, unknown> = {}) {
  return {
    assetNumber: assetNumber(),
    name: `Test camera ${unique('c')}`,
    kind: 'fixed',
    technology: 'digital',
    rag: 'green',
    ward: 'gillingham-south',
    address: 'High Street, Gillingham',
    latitude: 51.3868,
    longitude: 0.548,
    ...overrides,
  };
}

/** Creates a camera as an estate editor and returns the response body. */
export async function createCamera(app: TestApp, overrides: Record<string, unknown> = {}) {
  const spoc = await app.as('spoc');
  const response = await app.http().post('/api/v1/cameras').set('Authorization', spoc.auth).send(cameraBody(overrides));
  if (response.status !== 201) throw new Error(`camera not created: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function reportFault(app: TestApp, cameraId: string, overrides: Record<string, unknown> = {}) {
  const spoc = await app.as('spoc');
  const response = await app
    .http()
    .post(`/api/v1/cameras/${cameraId}/faults`)
    .set('Authorization', spoc.auth)
    .send({ category: 'loss_of_picture', description: 'No picture at the control room', priority: 'red', ...overrides });
  if (response.status !== 201) throw new Error(`fault not raised: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
