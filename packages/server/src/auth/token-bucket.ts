export interface TokenBucketOptions {
  /** Attempts that may be spent at once after a quiet period. */
  capacity: number;
  /** Milliseconds to earn back one token. */
  refillMs: number;
}

/**
 * A classic token bucket, refilled lazily from the clock passed in, so it holds no timer and costs nothing while
 * idle. Tokens are fractional between refills; only whole tokens are spent.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly options: TokenBucketOptions,
    now: number,
  ) {
    this.tokens = options.capacity;
    this.updatedAt = now;
  }

  /** Spends one token if there is one. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a whole token is available; 0 when one is. */
  msUntilToken(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) * this.options.refillMs);
  }

  /** True when the bucket is back to capacity, so forgetting it changes nothing. */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.options.capacity;
  }

  private refill(now: number): void {
    const earned = (now - this.updatedAt) / this.options.refillMs;
    if (earned > 0) this.tokens = Math.min(this.options.capacity, this.tokens + earned);
    this.updatedAt = Math.max(this.updatedAt, now);
  }
}
