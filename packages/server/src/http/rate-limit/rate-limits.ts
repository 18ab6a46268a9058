import { AppError } from '../../errors/app-error.ts';
import type { Metrics, RateLimitedBy, RateLimitedRoute } from '../../metrics/metrics.ts';
import { TokenBuckets } from './token-buckets.ts';

/** Sustained requests per second for each bucket kind (0 turns that limit off), and the shared shape. */
export interface RateLimitSettings {
  captureProjectKey: number;
  captureIp: number;
  flagsProjectKey: number;
  flagsIp: number;
  /** Per personal key, project secret key or signed-in member, on /api and /flags/definitions. */
  apiCaller: number;
  /** A quiet key may spend this many seconds' worth of requests at once. */
  burstSeconds: number;
  /** Most keys each limiter tracks. */
  maxTracked: number;
}

type Limiter = { route: RateLimitedRoute; by: RateLimitedBy; buckets: TokenBuckets };

const refusal = (route: RateLimitedRoute, waitMs: number): AppError => {
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  const detail = `Too many requests; retry in ${retryAfter} s.`;
  if (route === 'capture')
    return new AppError('CAPTURE_RATE_LIMITED', detail, null, { retry_after: retryAfter });
  if (route === 'api') return new AppError('RATE_LIMITED', detail, null, { retry_after: retryAfter });
  // posthog-js reads `quotaLimited` from a /flags answer and keeps the flags it has instead of replacing them;
  // posthog-node treats any non-2xx /flags answer as a failed read and returns the caller's fallback.
  return new AppError('RATE_LIMITED', detail, null, {
    retry_after: retryAfter,
    quotaLimited: ['feature_flags'],
    errorsWhileComputingFlags: true,
  });
};

/**
 * Every rate limit of the server, one token-bucket set per (route, key kind). A check is a map look-up and a few
 * additions; a refusal is counted and thrown as an AppError carrying `retry_after` (seconds).
 */
export class RateLimits {
  // Looked up by route, then key kind: two property reads, no string built per request.
  private readonly limiters: Record<RateLimitedRoute, Partial<Record<RateLimitedBy, Limiter>>> = {
    capture: {},
    flags: {},
    api: {},
  };

  constructor(
    settings: RateLimitSettings,
    private readonly metrics: Metrics,
    private readonly now: () => number = Date.now,
  ) {
    const add = (route: RateLimitedRoute, by: RateLimitedBy, perSecond: number) => {
      if (perSecond <= 0) return;
      const capacity = Math.max(1, Math.round(perSecond * settings.burstSeconds));
      const buckets = new TokenBuckets({ perSecond, capacity, maxTracked: settings.maxTracked }, now());
      this.limiters[route][by] = { route, by, buckets };
    };
    add('capture', 'project_key', settings.captureProjectKey);
    add('capture', 'ip', settings.captureIp);
    add('flags', 'project_key', settings.flagsProjectKey);
    add('flags', 'ip', settings.flagsIp);
    add('api', 'caller', settings.apiCaller);
  }

  /** Throws the route's rate-limit error when `key` has no token left. */
  check(route: RateLimitedRoute, by: RateLimitedBy, key: string): void {
    const limiter = this.limiters[route][by];
    if (limiter === undefined) return;
    const waitMs = limiter.buckets.take(key, this.now());
    if (waitMs === 0) return;
    this.metrics.rateLimited(route, by);
    throw refusal(route, waitMs);
  }

  /** Keys tracked by one limiter (tests check memory stays bounded). */
  tracked(route: RateLimitedRoute, by: RateLimitedBy): number {
    return this.limiters[route][by]?.buckets.size ?? 0;
  }
}
