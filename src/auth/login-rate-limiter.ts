import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/**
 * Counts failed logins per account and per client address in a sliding window. Success clears the account's count.
 * Kept in memory: behind several instances each enforces its own window, which still bounds guessing.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Seconds until another attempt is allowed, or 0. */
  retryAfter(email: string, ip: string): number {
    const now = Date.now();
    const windowMs = this.config.auth.loginWindowSeconds * 1000;
    let wait = 0;
    for (const key of this.keys(email, ip)) {
      const recent = (this.failures.get(key) ?? []).filter((at) => now - at < windowMs);
      this.failures.set(key, recent);
      const limit = key.startsWith('ip:') ? this.config.auth.loginMaxFailures * 4 : this.config.auth.loginMaxFailures;
      if (recent.length >= limit) wait = Math.max(wait, Math.ceil((recent[0] + windowMs - now) / 1000));
    }
    return wait;
  }

  recordFailure(email: string, ip: string): void {
    for (const key of this.keys(email, ip)) {
      this.failures.set(key, [...(this.failures.get(key) ?? []), Date.now()]);
    }
  }

  recordSuccess(email: string): void {
    this.failures.delete(`email:${email}`);
  }

  private keys(email: string, ip: string): string[] {
    return [`email:${email}`, `ip:${ip}`];
  }
}
