import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../common/errors/domain-exception.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorator.js';
import type { Role } from './role.js';
import { UserDirectory } from './user-directory.js';

export interface AccessTokenClaims {
  sub: string;
  tv: number;
}

/** Global guard: routes are denied unless declared with @Auth(...roles) or @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UserDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) throw forbidden('This route has no access policy and is denied', 'route_not_declared');

    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    const user = await this.authenticate(request.headers.authorization);
    request.user = user;
    if (!roles.includes(user.role)) throw forbidden(`Your role (${user.role}) may not do this`);
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthenticatedUser> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) throw unauthorized('A bearer token is required');
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & object>(match[1]);
    } catch {
      throw unauthorized('The token is invalid or has expired', 'invalid_token');
    }
    const user = await this.users.findActive(claims.sub);
    if (!user || user.tokenVersion !== claims.tv) {
      throw unauthorized('The token has been revoked or the account is disabled', 'invalid_token');
    }
    return user.principal;
  }
}
