import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Camera } from '../../src/cameras/camera.entity.js';
import type { TestUser } from '../support/factories.js';
import { createUser, unique } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Deterministic pseudo-random bytes (so hashes are reproducible and content is not trivially compressible). */
export function content(size: number, seed = 1): Buffer {
  const buffer = Buffer.alloc(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    buffer[i] = state & 0xff;
  }
  return buffer;
}

export async function createCamera(app: TestApp): Promise<Camera> {
  return app.dataSource.getRepository(Camera).save({
    assetNumber: unique('EV-CAM'),
    name: unique('Evidence test camera'),
    kind: 'fixed',
    technology: 'digital',
    status: 'operational',
    rag: 'green',
  });
}

/** A window of `minutes` that ended `endedHoursAgo` hours ago. */
export function window(endedHoursAgo = 2, minutes = 45) {
  const end = new Date(Date.now() - endedHoursAgo * 3600 * 1000);
  end.setUTCMilliseconds(0);
  return { windowStart: new Date(end.getTime() - minutes * 60 * 1000).toISOString(), windowEnd: end.toISOString() };
}

export function requestBody(cameraIds: string[], overrides: Record<string, unknown> = {}) {
  return {
    crimeReference: unique('46/1234'),
    offenceType: 'Assault occasioning actual bodily harm',
    cameraIds,
    ...window(),
    purpose: 'Identify the suspect and corroborate the victim account',
    lawfulBasis: 'DPA 2018 s.35 law enforcement',
    urgency: 'urgent',
    ...overrides,
  };
}

export function itemBody(cameraId: string, overrides: Record<string, unknown> = {}) {
  const { windowStart, windowEnd } = window();
  return {
    exhibitReference: unique('KY/2025/0142'),
    cameraId,
    recordedFrom: windowStart,
    recordedTo: windowEnd,
    recorderClockOffsetSeconds: 37,
    exportTool: 'Genetec Security Desk 5.11',
    operatorName: 'J. Smith (Kyndi control room)',
    originalFileName: 'CH07_export.mp4',
    contentType: 'video/mp4',
    ...overrides,
  };
}

/** The actors of one workflow, with police officers of one force (`force`) and of another. */
export interface Cast {
  police: TestUser;
  colleague: TestUser;
  otherForce: TestUser;
  spoc: TestUser;
  cst: TestUser;
  admin: TestUser;
  auditor: TestUser;
  operator: TestUser;
  otherOperator: TestUser;
}

export async function cast(app: TestApp, force = 'kent'): Promise<Cast> {
  const police = await app.as('police_officer', force);
  return {
    police,
    colleague: await createUser(app, { role: 'police_officer', organisationId: police.organisationId }),
    otherForce: await app.as('police_officer', `${force}-other-force`),
    spoc: await app.as('spoc'),
    cst: await app.as('cst_officer'),
    admin: await app.as('admin'),
    auditor: await app.as('auditor'),
    operator: await app.as('kyndi_operator'),
    otherOperator: await app.as('kyndi_operator', 'second'),
  };
}

export async function raiseApprovedRequest(app: TestApp, who: Cast, cameraId: string, overrides: Record<string, unknown> = {}) {
  const created = await app.http().post('/api/v1/evidence-requests').set('Authorization', who.police.auth).send(requestBody([cameraId], overrides));
  if (created.status !== 201) throw new Error(`request: ${created.status} ${JSON.stringify(created.body)}`);
  const decided = await app
    .http()
    .post(`/api/v1/evidence-requests/${created.body.id}/decision`)
    .set('Authorization', who.spoc.auth)
    .send({ approve: true, reason: 'Proportionate and necessary' });
  if (decided.status !== 200) throw new Error(`decision: ${decided.status} ${JSON.stringify(decided.body)}`);
  return decided.body as { id: string; crimeReference: string; status: string };
}

export async function addItem(app: TestApp, operator: TestUser, requestId: string, cameraId: string, overrides: Record<string, unknown> = {}) {
  const response = await app
    .http()
    .post(`/api/v1/evidence-requests/${requestId}/items`)
    .set('Authorization', operator.auth)
    .send(itemBody(cameraId, overrides));
  if (response.status !== 201) throw new Error(`item: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; storageKey: string; exhibitReference: string; status: string };
}

export function putContent(app: TestApp, operator: TestUser, itemId: string, body: Buffer, headers: Record<string, string> = {}) {
  return app
    .http()
    .put(`/api/v1/evidence/${itemId}/content`)
    .set('Authorization', operator.auth)
    .set('Content-Type', 'application/octet-stream')
    .set(headers)
    .send(body);
}

/** Waits until `check` passes (state written after the client went away). */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The app's HTTP server listening on an ephemeral port, for raw clients (supertest cannot stop mid-body). */
export async function listeningPort(app: TestApp): Promise<number> {
  const server = app.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * Starts a PUT that declares `declaredSize` bytes, writes `sendBytes` of them, then destroys the socket: a client
 * that disconnects mid-upload. Resolves once the socket is gone.
 */
export async function abandonUpload(app: TestApp, operator: TestUser, itemId: string, declaredSize: number, sendBytes: number): Promise<void> {
  const port = await listeningPort(app);
  await new Promise<void>((resolve) => {
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'PUT',
      path: `/api/v1/evidence/${itemId}/content`,
      headers: { authorization: operator.auth, 'content-type': 'application/octet-stream', 'content-length': String(declaredSize) },
    });
    request.on('error', () => resolve());
    request.on('close', () => resolve());
    const chunk = content(1024 * 1024, 5);
    let sent = 0;
    const writeMore = () => {
      while (sent < sendBytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, sendBytes - sent));
        sent += piece.length;
        if (!request.write(piece)) return void request.once('drain', writeMore);
      }
      // Give the server a moment to receive what was sent, then vanish.
      setTimeout(() => request.destroy(), 200);
    };
    writeMore();
  });
}
