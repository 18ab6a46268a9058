import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../../errors/app-error.ts';
import type { Metrics } from '../../metrics/metrics.ts';
import { errorBody } from '../error-response.ts';
import { isLocalNetwork, limitAddress } from './limit-key.ts';
import type { RateLimits } from './rate-limits.ts';
import { setThrottleHeaders } from './throttle-headers.ts';

export interface SdkGuardOptions {
  route: 'capture' | 'flags';
  limits: RateLimits;
  metrics: Metrics;
  trustProxy: boolean;
}

function refuse(c: Context, error: AppError): Response {
  c.error = error;
  c.res = c.json(errorBody(error), error.status as ContentfulStatusCode);
  setThrottleHeaders(c, error, true);
  return c.res;
}

/**
 * The one middleware in front of capture and /flags: measures the request (capture requests in flight, /flags
 * latency), applies the per-address limit before any body is read, and gives throttling answers (its own, or
 * the per-key one the handler throws through `admit`) their Retry-After and CORS headers. One layer rather than
 * three: in process every Hono middleware layer costs about as much as all the work done here.
 * CORS preflights pass untouched: refusing one would hide the real answer from the browser.
 */
export function sdkGuard({ route, limits, metrics, trustProxy }: SdkGuardOptions): MiddlewareHandler {
  const capture = route === 'capture';
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const started = performance.now();
    if (capture) metrics.captureInFlight(1);
    try {
      const address = limitAddress(c, trustProxy);
      if (address !== undefined && !isLocalNetwork(address)) {
        try {
          limits.check(route, 'ip', address);
        } catch (error) {
          if (error instanceof AppError) return refuse(c, error);
          throw error;
        }
      }
      await next();
      if (c.error instanceof AppError) setThrottleHeaders(c, c.error, true);
    } finally {
      if (capture) metrics.captureInFlight(-1);
      else metrics.observeFlagsRequest((performance.now() - started) / 1000);
    }
  };
}
