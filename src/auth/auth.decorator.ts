import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from './authenticated-user.js';
import type { Role } from './role.js';

export const ROLES_KEY = 'medway:roles';
export const PUBLIC_KEY = 'medway:public';

/**
 * Declares who may call a route. Every route must carry @Auth(...) or @Public(): the guard denies undeclared ones.
 * The OpenAPI document (x-roles, 401/403) and the README's role tables are generated from this declaration.
 */
export const Auth = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth());

/** Health, docs and login only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
  return request.user!;
});
