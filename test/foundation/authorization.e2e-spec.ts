import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { PUBLIC_KEY, ROLES_KEY } from '../../src/auth/auth.decorator.js';
import { ALL_ROLES } from '../../src/auth/role.js';
import { describeAuthorization } from '../support/authorization-table.js';
import { TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await TestApp.start();
});
afterAll(() => app.close());

describe('route declarations', () => {
  it('every route declares its roles with @Auth or is explicitly @Public', () => {
    const controllers = [...app.app.get(ModulesContainer).values()].flatMap((module) => [...module.controllers.values()]);
    const reflector = app.app.get(Reflector);
    const scanner = new MetadataScanner();
    const undeclared: string[] = [];
    const publicRoutes: string[] = [];
    for (const wrapper of controllers) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method];
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler, metatype];
        const name = `${metatype.name}.${method}`;
        if (reflector.getAllAndOverride(PUBLIC_KEY, targets)) publicRoutes.push(name);
        else if (!reflector.getAllAndOverride(ROLES_KEY, targets)) undeclared.push(name);
      }
    }
    expect(undeclared).toEqual([]);
    expect(publicRoutes.sort()).toEqual(['AuthController.login', 'HealthController.live', 'HealthController.ready']);
  });
});

const someId = '00000000-0000-4000-8000-000000000000';
describeAuthorization('foundation', () => app, [
  { method: 'get', path: '/api/v1/auth/me', allowed: ALL_ROLES },
  { method: 'get', path: '/api/v1/organisations', allowed: ALL_ROLES },
  { method: 'post', path: '/api/v1/organisations', allowed: ['admin'], body: {} },
  { method: 'get', path: '/api/v1/users', allowed: ['admin'] },
  { method: 'get', path: `/api/v1/users/${someId}`, allowed: ['admin'] },
  { method: 'post', path: '/api/v1/users', allowed: ['admin'], body: {} },
  { method: 'patch', path: `/api/v1/users/${someId}`, allowed: ['admin'], body: {} },
  { method: 'post', path: `/api/v1/users/${someId}/reset-password`, allowed: ['admin'], body: {} },
  { method: 'get', path: '/api/v1/audit', allowed: ['admin', 'auditor'] },
  { method: 'get', path: '/api/v1/jobs', allowed: ['admin', 'auditor'] },
  { method: 'get', path: '/api/v1/jobs/runs', allowed: ['admin', 'auditor'] },
  { method: 'post', path: '/api/v1/jobs/no.such.job/run', allowed: ['admin'] },
]);
