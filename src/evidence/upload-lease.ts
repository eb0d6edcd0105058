/** The attempt no longer holds the item: another attempt took it over, or the lease could not be renewed in time. */
export class LeaseLostError extends Error {
  constructor(
    readonly why: 'superseded' | 'unrenewable',
    cause?: unknown,
  ) {
    super(why === 'superseded' ? 'The upload attempt was taken over by another' : 'The upload lease could not be renewed (database unreachable)', {
      cause,
    });
    this.name = 'LeaseLostError';
  }
}

/**
 * An upload attempt's hold on its item, renewed every quarter of the lease while the content streams. The attempt
 * stops (its `signal` aborts) when a renewal finds it superseded, or when it has failed to renew for so long that the
 * lease may be about to run out: from then on another attempt may take the item over, so this one must not complete.
 */
export class UploadLease {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private renewing = false;
  private heldUntil: number;

  constructor(
    private readonly renew: () => Promise<boolean>,
    private readonly leaseMs: number,
    /** When the lease was granted, by this process's clock (taken before asking the database). */
    grantedAt: number,
  ) {
    this.heldUntil = grantedAt + leaseMs;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get intervalMs(): number {
    return Math.max(250, Math.floor(this.leaseMs / 4));
  }

  start(): this {
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    if (this.signal.aborted) return this.stop();
    // A renewal that hangs is no renewal: one interval before the lease may run out, give up.
    if (Date.now() >= this.heldUntil - this.intervalMs) return this.lose('unrenewable');
    if (this.renewing) return;
    this.renewing = true;
    const askedAt = Date.now();
    this.renew()
      .then(
        (held) => (held ? void (this.heldUntil = askedAt + this.leaseMs) : this.lose('superseded')),
        () => undefined,
      )
      .finally(() => (this.renewing = false));
  }

  private lose(why: LeaseLostError['why']): void {
    this.stop();
    if (!this.signal.aborted) this.controller.abort(new LeaseLostError(why));
  }
}
