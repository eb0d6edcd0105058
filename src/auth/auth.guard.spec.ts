import { Controller, Get, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainException } from '../common/errors/domain-exception.js';
import { Auth, Public } from './auth.decorator.js';
import { AuthGuard } from './auth.guard.js';
import type { UserDirectory } from './user-directory.js';

@Controller()
class SampleController {
  @Get() undeclared() {}
  @Public() @Get() open() {}
  @Auth('admin') @Get() adminOnly() {}
}

const jwt = new JwtService({ secret: 's'.repeat(32), signOptions: { expiresIn: 600 } });
const U1 = '6f1c2a4e-0000-4000-8000-000000000001';
const U2 = '6f1c2a4e-0000-4000-8000-000000000002';
const directory = {
  findActive: async (id: string) =>
    id === U1
      ? { tokenVersion: 0, principal: { id: U1, email: 'a@x', role: 'spoc' as const, organisationId: 'o', organisationKind: 'council' as const } }
      : null,
} as unknown as UserDirectory;
const guard = new AuthGuard(new Reflector(), jwt, directory);

function contextFor(method: keyof SampleController, authorization?: string): ExecutionContext {
  const request = { headers: { authorization } };
  return {
    getHandler: () => SampleController.prototype[method],
    getClass: () => SampleController,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

async function failure(promise: Promise<unknown>): Promise<DomainException> {
  try {
    await promise;
  } catch (error) {
    return error as DomainException;
  }
  throw new Error('expected the guard to refuse');
}

describe('AuthGuard', () => {
  it('denies a route that declares no access policy, even with a valid token', async () => {
    const token = await jwt.signAsync({ sub: U1, tv: 0 });
    const error = await failure(guard.canActivate(contextFor('undeclared', `Bearer ${token}`)));
    expect(error).toMatchObject({ statusCode: 403, code: 'route_not_declared' });
  });

  it('lets anyone through a public route', async () => {
    await expect(guard.canActivate(contextFor('open'))).resolves.toBe(true);
  });

  it('checks the role server-side', async () => {
    const token = await jwt.signAsync({ sub: U1, tv: 0 });
    const error = await failure(guard.canActivate(contextFor('adminOnly', `Bearer ${token}`)));
    expect(error).toMatchObject({ statusCode: 403, code: 'forbidden' });
  });

  it('refuses a token whose version is stale or whose user is gone', async () => {
    const stale = await jwt.signAsync({ sub: U1, tv: 1 });
    expect(await failure(guard.canActivate(contextFor('adminOnly', `Bearer ${stale}`)))).toMatchObject({ statusCode: 401 });
    const gone = await jwt.signAsync({ sub: U2, tv: 0 });
    expect(await failure(guard.canActivate(contextFor('adminOnly', `Bearer ${gone}`)))).toMatchObject({ statusCode: 401 });
  });
});
