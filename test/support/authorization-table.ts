import { ROLES, type Role } from '../../src/auth/role.js';
import type { TestApp } from './test-app.js';

export interface RouteAccess {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** A path, or a function of ids the suite created in beforeAll. */
  path: string | (() => string);
  allowed: readonly Role[];
  body?: unknown;
}

/**
 * For every route and every role: an allowed role is not refused (no 401/403), every other role gets 403,
 * and a request without a token gets 401. Allowed calls may still fail validation (400/404/409): that is not
 * what this table checks. Each feature adds its routes in its own suite.
 */
export function describeAuthorization(title: string, getApp: () => TestApp, routes: RouteAccess[]): void {
  describe(`authorisation: ${title}`, () => {
    for (const route of routes) {
      const label = typeof route.path === 'string' ? route.path : route.path.toString().replace(/\s+/g, ' ');
      it(`${route.method.toUpperCase()} ${label}: 401 without a token`, async () => {
        const path = typeof route.path === 'string' ? route.path : route.path();
        const response = await getApp().http()[route.method](path).send(route.body as object);
        expect(response.status).toBe(401);
        expect(response.body.error).toBeDefined();
      });
      for (const role of ROLES) {
        const allowed = route.allowed.includes(role);
        it(`${route.method.toUpperCase()} ${label}: ${role} is ${allowed ? 'allowed' : 'refused'}`, async () => {
          const app = getApp();
          const user = await app.as(role);
          const path = typeof route.path === 'string' ? route.path : route.path();
          const response = await app.http()[route.method](path).set('Authorization', user.auth).send(route.body as object);
          if (allowed) {
            expect([401, 403]).not.toContain(response.status);
          } else {
            expect(response.status).toBe(403);
            expect(response.body).toMatchObject({ statusCode: 403, error: 'forbidden' });
          }
        });
      }
    }
  });
}
