import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from './authenticated-user.js';
import type { Role } from './role.js';

export const ROLES_KEY = 'medway:roles';
export const PUBLIC_KEY = 'medway:public';

/**
 * Declares who may call a route. Every route must carry @Auth(...) or @Public(): the guard denies undeclared ones.
 */
export const Auth = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or revoked token' }),
    ApiForbiddenResponse({ description: `Allowed roles: ${roles.join(', ')}` }),
  );

/** Health, docs and login only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
  return request.user!;
});
