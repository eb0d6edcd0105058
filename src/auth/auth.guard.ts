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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLOCK_SKEW_SECONDS = 60;

/**
 * The signature alone is not enough: a token must say when it was issued and when it expires (jsonwebtoken accepts
 * tokens without exp for ever) and name a user by UUID (anything else would reach the database as a bad query).
 */
function wellFormed(claims: Record<string, unknown>, nowSeconds: number): claims is Record<string, unknown> & AccessTokenClaims {
  const { sub, tv, iat, exp } = claims;
  return (
    typeof sub === 'string' &&
    UUID.test(sub) &&
    Number.isInteger(tv) &&
    Number.isInteger(exp) &&
    Number.isInteger(iat) &&
    (iat as number) <= nowSeconds + CLOCK_SKEW_SECONDS
  );
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
    let claims: Record<string, unknown>;
    try {
      claims = await this.jwt.verifyAsync<Record<string, unknown>>(match[1]);
    } catch {
      throw unauthorized('The token is invalid or has expired', 'invalid_token');
    }
    if (!wellFormed(claims, Math.floor(Date.now() / 1000))) {
      throw unauthorized('The token is invalid or has expired', 'invalid_token');
    }
    const user = await this.users.findActive(claims.sub);
    if (!user || user.tokenVersion !== claims.tv) {
      throw unauthorized('The token has been revoked or the account is disabled', 'invalid_token');
    }
    return user.principal;
  }
}
