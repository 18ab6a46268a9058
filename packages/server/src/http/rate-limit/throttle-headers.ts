import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../errors/app-error.ts';

/**
 * Puts a throttling error's `retry_after` into the standard Retry-After header (RFC 9110 §10.2.3), which the SDKs
 * read. On the public SDK endpoints (`sdk`) a refusal made before the route's CORS middleware ran still carries
 * the CORS headers, and exposes Retry-After, so a browser SDK sees the status and the delay rather than a
 * network error. /api never gets CORS headers.
 */
export function setThrottleHeaders(c: Context, error: AppError, sdk: boolean): void {
  if (error.type !== 'throttled_error') return;
  const retryAfter = error.extra?.retry_after;
  if (typeof retryAfter !== 'number') return;
  const headers = c.res.headers;
  headers.set('retry-after', String(retryAfter));
  const origin = c.req.header('origin');
  if (!sdk || !origin) return;
  if (!headers.has('access-control-allow-origin')) {
    headers.set('access-control-allow-origin', origin);
    headers.set('access-control-allow-credentials', 'true');
    headers.set('vary', 'Origin');
  }
  headers.set('access-control-expose-headers', 'Retry-After');
}

/** `setThrottleHeaders` as middleware, for routes whose throttling happens further in (/api). */
export function throttleHeaders(options: { sdk: boolean }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.error instanceof AppError) setThrottleHeaders(c, c.error, options.sdk);
  };
}
