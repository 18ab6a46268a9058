export interface LoginThrottleOptions {
  /** Failed attempts in a row allowed before the next one is refused. */
  maxFailures: number;
  /** How long a locked key stays locked, and how long failures are remembered. */
  lockMs: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  lastFailureAt: number;
}

/**
 * Counts failed sign-ins in a row per key (client address + email, and email alone with a higher bar, so one
 * address cannot guess freely and many addresses cannot hammer one account). In memory on purpose: the
 * process is the only server, and a restart clearing the counters costs an attacker a restart they cannot
 * trigger.
 */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: LoginThrottleOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until `key` may try again; 0 when it may try now. */
  retryAfterMs(key: string, maxFailures = this.options.maxFailures): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    const elapsed = this.now() - entry.lastFailureAt;
    if (elapsed >= this.options.lockMs) {
      this.entries.delete(key);
      return 0;
    }
    return entry.failures >= maxFailures ? this.options.lockMs - elapsed : 0;
  }

  recordFailure(key: string): void {
    const entry = this.entries.get(key);
    const stale = !entry || this.now() - entry.lastFailureAt >= this.options.lockMs;
    this.entries.set(key, { failures: stale ? 1 : entry.failures + 1, lastFailureAt: this.now() });
    if (this.entries.size > 10_000) this.sweep();
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private sweep(): void {
    const cutoff = this.now() - this.options.lockMs;
    for (const [key, entry] of this.entries) if (entry.lastFailureAt < cutoff) this.entries.delete(key);
  }
}
