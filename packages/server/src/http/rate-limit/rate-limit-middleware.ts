import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../../api/api-auth.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RateLimitedRoute } from '../../metrics/metrics.ts';
import { isLoopback, limitAddress } from './limit-key.ts';
import type { RateLimits } from './rate-limits.ts';

/**
 * Per-client-address limit for the public SDK endpoints, checked before the body is read so a flood costs no
 * decoding. CORS preflights pass: refusing one would hide the real answer from the browser.
 */
export function addressRateLimit(
  limits: RateLimits,
  route: RateLimitedRoute,
  trustProxy: boolean,
): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'OPTIONS') {
      const address = limitAddress(c, trustProxy);
      if (address !== undefined && !isLoopback(address)) limits.check(route, 'ip', address);
    }
    await next();
  };
}

/** Per-caller limit on /api: one bucket per member, personal key or project secret key (after authentication). */
export function callerRateLimit(limits: RateLimits): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const caller = c.get('caller');
    limits.check('api', 'caller', `${caller.kind}:${caller.id}`);
    await next();
  };
}

/**
 * Puts a throttling error's `retry_after` into the standard Retry-After header (RFC 9110 §10.2.3), which the SDKs
 * read. On the public SDK endpoints (`sdk: true`) a refusal made before the route's CORS middleware ran still
 * carries the CORS headers, and exposes Retry-After, so a browser SDK sees the status and the delay rather than
 * a network error. /api never gets CORS headers.
 */
export function throttleHeaders(options: { sdk: boolean }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const error = c.error;
    if (!(error instanceof AppError) || error.type !== 'throttled_error') return;
    const retryAfter = error.extra?.retry_after;
    if (typeof retryAfter !== 'number') return;
    const headers = c.res.headers;
    headers.set('retry-after', String(retryAfter));
    const origin = c.req.header('origin');
    if (!options.sdk || !origin) return;
    if (!headers.has('access-control-allow-origin')) {
      headers.set('access-control-allow-origin', origin);
      headers.set('access-control-allow-credentials', 'true');
      headers.set('vary', 'Origin');
    }
    headers.set('access-control-expose-headers', 'Retry-After');
  };
}
