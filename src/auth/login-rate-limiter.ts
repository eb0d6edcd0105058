import { Inject, Injectable } from '@nestjs/common';
import { isIPv4, isIPv6 } from 'node:net';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ExpiringMap } from './expiring-map.js';

/** Failures from one address, across accounts, before the address is refused (password spraying). */
export const ADDRESS_FAILURES_FACTOR = 4;
/** Failures against one account, across addresses, before addresses it never logged in from are slowed. */
export const ACCOUNT_FAILURES_FACTOR = 10;
/** How long an address the owner logged in from stays known. */
const KNOWN_ADDRESS_DAYS = 30;
const KNOWN_ADDRESSES_PER_ACCOUNT = 20;

interface PairState {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

/**
 * Login throttling that a stranger cannot turn against the account's owner:
 * - per (account, address): after LOGIN_MAX_FAILURES failures that pair is locked, for LOGIN_BACKOFF_SECONDS doubling
 *   with every further failure (at most LOGIN_WINDOW_SECONDS); failures are forgotten a window after the last one (or
 *   after the end of its lockout), and a success from that address clears them. Other addresses are not affected.
 * - per address, across accounts: ADDRESS_FAILURES_FACTOR × LOGIN_MAX_FAILURES failures in the window and the address
 *   is refused for every account (spraying).
 * - per account, across addresses: beyond ACCOUNT_FAILURES_FACTOR × LOGIN_MAX_FAILURES failures in the window,
 *   addresses the owner has not logged in from get one attempt per LOGIN_BACKOFF_SECONDS between them (slowed, not
 *   locked); addresses the owner logged in from before are not slowed.
 * Kept in memory, bounded: behind several instances each enforces its own limits, which still bounds guessing.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly pairs = new ExpiringMap<PairState>();
  private readonly addressFailures = new ExpiringMap<number[]>();
  private readonly accountFailures = new ExpiringMap<number[]>();
  private readonly unknownAddressGate = new ExpiringMap<number>();
  private readonly knownAddresses = new ExpiringMap<Map<string, number>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get windowMs(): number {
    return this.config.auth.loginWindowSeconds * 1000;
  }

  /**
   * Seconds until this address may try this account again, or 0. A permitted attempt from an unknown address while
   * the account is slowed takes the account's next slot.
   */
  retryAfter(email: string, ip: string, now = Date.now()): number {
    const address = addressKey(ip);
    const max = this.config.auth.loginMaxFailures;
    const lockedUntil = this.pairs.get(pairKey(email, address), now)?.lockedUntil ?? 0;
    let wait = Math.max(0, lockedUntil - now);

    const fromAddress = this.recent(this.addressFailures, address, now);
    if (fromAddress.length >= max * ADDRESS_FAILURES_FACTOR) wait = Math.max(wait, fromAddress[0] + this.windowMs - now);

    if (wait === 0 && this.isSlowed(email, now) && !this.isKnown(email, address, now)) {
      const nextSlot = this.unknownAddressGate.get(email, now) ?? 0;
      if (nextSlot > now) wait = nextSlot - now;
      else this.unknownAddressGate.set(email, now + this.backoffMs(0), now + this.windowMs);
    }
    return Math.ceil(wait / 1000);
  }

  recordFailure(email: string, ip: string, now = Date.now()): void {
    const address = addressKey(ip);
    const key = pairKey(email, address);
    const previous = this.pairs.get(key, now);
    const remembered = previous && now - Math.max(previous.lastFailureAt, previous.lockedUntil) < this.windowMs;
    const failures = remembered ? previous.failures + 1 : 1;
    const excess = failures - this.config.auth.loginMaxFailures;
    const lockedUntil = excess >= 0 ? now + this.backoffMs(excess) : 0;
    this.pairs.set(key, { failures, lastFailureAt: now, lockedUntil }, Math.max(lockedUntil, now) + this.windowMs);
    this.append(this.addressFailures, address, now);
    this.append(this.accountFailures, email, now);
  }

  recordSuccess(email: string, ip: string, now = Date.now()): void {
    const address = addressKey(ip);
    this.pairs.delete(pairKey(email, address));
    const known = this.knownAddresses.get(email, now) ?? new Map<string, number>();
    known.delete(address);
    known.set(address, now);
    while (known.size > KNOWN_ADDRESSES_PER_ACCOUNT) known.delete(known.keys().next().value!);
    this.knownAddresses.set(email, known, now + KNOWN_ADDRESS_DAYS * 86_400_000);
  }

  /** base × 2^excess, capped at the window. */
  private backoffMs(excess: number): number {
    const base = this.config.auth.loginBackoffSeconds * 1000;
    return Math.min(base * 2 ** Math.min(excess, 30), this.windowMs);
  }

  private isSlowed(email: string, now: number): boolean {
    return this.recent(this.accountFailures, email, now).length >= this.config.auth.loginMaxFailures * ACCOUNT_FAILURES_FACTOR;
  }

  private isKnown(email: string, address: string, now: number): boolean {
    const seen = this.knownAddresses.get(email, now)?.get(address);
    return seen !== undefined && now - seen < KNOWN_ADDRESS_DAYS * 86_400_000;
  }

  private recent(store: ExpiringMap<number[]>, key: string, now: number): number[] {
    return (store.get(key, now) ?? []).filter((at) => now - at < this.windowMs);
  }

  private append(store: ExpiringMap<number[]>, key: string, now: number): void {
    // Only as many timestamps as any limit needs are kept.
    const keep = this.config.auth.loginMaxFailures * ACCOUNT_FAILURES_FACTOR;
    store.set(key, [...this.recent(store, key, now), now].slice(-keep), now + this.windowMs);
  }
}

const pairKey = (email: string, address: string) => `${address} ${email}`;

/**
 * The address as limits count it: IPv4-mapped IPv6 as IPv4, and IPv6 by its /64 (one subscriber's allocation),
 * so that rotating through a /64 is not a fresh address each time.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const plain = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (!isIPv6(plain)) return plain;
  const [head, tail = ''] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = plain.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
