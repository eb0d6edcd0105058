import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DomainException, unauthorized } from '../common/errors/domain-exception.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { User } from '../users/user.entity.js';
import { toUserResponse } from '../users/user.dto.js';
import type { LoginDto, LoginResponse } from './auth.dto.js';
import type { AccessTokenClaims } from './auth.guard.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { PasswordHasher } from './password-hasher.js';
import { toPrincipal } from './user-directory.js';

@Injectable()
export class AuthService implements OnModuleInit {
  // Verifying against a real hash when the account does not exist keeps response times alike.
  private noSuchUserHash?: Promise<string>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginRateLimiter,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    // Hashed ahead, so that the first login for an unknown account takes no longer than any other.
    void this.dummyHash();
  }

  async login(dto: LoginDto, ip: string): Promise<LoginResponse> {
    const email = dto.email.toLowerCase();
    const wait = this.limiter.retryAfter(email, ip);
    if (wait > 0) {
      throw new DomainException('too_many_attempts', 429, `Too many failed logins; try again in ${wait} s`, {
        retryAfterSeconds: wait,
      });
    }
    const users = this.dataSource.getRepository(User);
    const user = await users.findOne({ where: { email }, relations: { organisation: true } });
    // The hash is verified whatever the account's state, so that neither the answer nor its timing tells an unknown
    // or disabled account, or a right password for a disabled one, from a wrong password.
    const passwordOk = await this.hasher.verify(user?.passwordHash ?? (await this.dummyHash()), dto.password);
    if (!user || !passwordOk || user.disabled) {
      this.limiter.recordFailure(email, ip);
      await this.audit.record({
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        after: { email, reason: !user || !passwordOk ? 'bad_credentials' : 'disabled' },
      });
      throw unauthorized('Email or password is incorrect', 'invalid_credentials');
    }
    this.limiter.recordSuccess(email, ip);
    await users.update({ id: user.id }, { lastLoginAt: new Date() });
    const principal = toPrincipal(user);
    await this.audit.record(
      { action: 'auth.login', entityType: 'user', entityId: user.id },
      { actor: principal },
    );
    const claims: AccessTokenClaims = { sub: user.id, tv: user.tokenVersion };
    return {
      accessToken: await this.jwt.signAsync(claims),
      expiresIn: this.config.auth.jwtTtlSeconds,
      user: toUserResponse(user),
    };
  }

  private dummyHash(): Promise<string> {
    this.noSuchUserHash ??= this.hasher.hash(randomUUID());
    return this.noSuchUserHash;
  }
}
