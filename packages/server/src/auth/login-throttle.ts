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
 * Counts failed sign-ins in a row per key and locks a key that reached its bar. `SignInGate` records an attempt
 * as a failure *before* checking the password and resets it on success, so parallel guesses are counted as they
 * arrive rather than after their hashes finish. In memory on purpose: the process is the only server, and a
 * restart clearing the counters costs an attacker a restart they cannot trigger.
 */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: LoginThrottleOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until `key` may try again; 0 when it may try now. */
  retryAfterMs(key: string, maxFailures = this.options.maxFailures): number {
    const entry = this.live(key);
    if (!entry || entry.failures < maxFailures) return 0;
    return this.options.lockMs - (this.now() - entry.lastFailureAt);
  }

  /** Failures in a row still remembered for `key`. */
  failures(key: string): number {
    return this.live(key)?.failures ?? 0;
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

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.lastFailureAt >= this.options.lockMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const cutoff = this.now() - this.options.lockMs;
    for (const [key, entry] of this.entries) if (entry.lastFailureAt < cutoff) this.entries.delete(key);
  }
}
