export interface TokenBucketsOptions {
  /** Tokens earned per second: the sustained request rate each key is allowed. */
  perSecond: number;
  /** Most tokens a bucket holds: the burst a quiet key may spend at once. */
  capacity: number;
  /** Most keys tracked at once; past it idle buckets are swept, then the oldest are dropped. */
  maxTracked: number;
  /** How often idle (full) buckets are swept while new keys arrive. */
  sweepEveryMs?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const DEFAULT_SWEEP_MS = 60_000;
/** At the cap, a full sweep runs at most this often; in between the oldest key makes room (O(1)). */
const CAP_SWEEP_MS = 1_000;

/**
 * One token bucket per key (project key, client address, caller), refilled lazily from the clock passed in:
 * no timer, and a request costs one map look-up and a few additions. A bucket that has refilled to capacity is
 * indistinguishable from a new one, so idle keys are forgotten and memory follows the active keys, bounded by
 * `maxTracked`. Dropping a busy key at the cap only hands it a fresh bucket: under a flood of distinct
 * addresses the limit weakens for some of them, memory never grows.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private lastSweep: number;

  constructor(
    private readonly options: TokenBucketsOptions,
    now = Date.now(),
  ) {
    this.perMs = options.perSecond / 1000;
    this.lastSweep = now;
  }

  /** Spends a token of `key`: 0 when admitted, else the milliseconds until a token is available. */
  take(key: string, now: number): number {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      this.makeRoom(now);
      bucket = { tokens: this.options.capacity, at: now };
      this.buckets.set(key, bucket);
    } else if (now > bucket.at) {
      bucket.tokens = Math.min(this.options.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs));
  }

  /** Keys currently tracked (for tests and the metrics gauge). */
  get size(): number {
    return this.buckets.size;
  }

  private makeRoom(now: number): void {
    const atCap = this.buckets.size >= this.options.maxTracked;
    const sweepEvery = atCap ? CAP_SWEEP_MS : (this.options.sweepEveryMs ?? DEFAULT_SWEEP_MS);
    if (now - this.lastSweep >= sweepEvery) {
      this.lastSweep = now;
      for (const [key, bucket] of this.buckets) {
        if (bucket.tokens + (now - bucket.at) * this.perMs >= this.options.capacity) this.buckets.delete(key);
      }
    }
    if (this.buckets.size < this.options.maxTracked) return;
    // Maps iterate in insertion order, so the first keys are the ones tracked longest. A tenth goes at once:
    // a Map keeps deleted slots until it rehashes and iteration walks past them, so taking one key at a time
    // from the front would cost a walk over every earlier deletion per new key.
    let excess = this.buckets.size - this.options.maxTracked + Math.ceil(this.options.maxTracked / 10);
    for (const key of this.buckets.keys()) {
      if (excess-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}
