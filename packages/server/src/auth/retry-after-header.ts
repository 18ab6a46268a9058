import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors/app-error.ts';

/**
 * Copies a throttling error's `retry_after` (seconds, in the JSON body) into the standard Retry-After header,
 * which HTTP clients and proxies understand without reading the body (RFC 9110 §10.2.3).
 */
export const retryAfterHeader: MiddlewareHandler = async (c, next) => {
  await next();
  // Hono has already turned a thrown error into `c.res` through the app's onError by the time `next` returns.
  const retryAfter = c.error instanceof AppError ? c.error.extra?.retry_after : undefined;
  if (typeof retryAfter === 'number') c.res.headers.set('retry-after', String(retryAfter));
};
