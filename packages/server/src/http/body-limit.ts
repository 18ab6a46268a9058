import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors/app-error.ts';

// The limit travels with the request rather than through each route's deps, so a route cannot forget it: every
// body reader asks `bodyLimitOf`, and a route family only narrows the limit with one `app.use`.
const limits = new WeakMap<Request, number>();

/** What a request may send when no middleware set a limit (routes mounted outside `createApp`, tests). */
export const FALLBACK_BODY_LIMIT = 1024 * 1024;

export const tooLarge = (limit: number): AppError =>
  new AppError('PAYLOAD_TOO_LARGE', `The request body exceeds the ${limit}-byte limit.`);

/**
 * Caps the body of every request it covers at `maxBytes` (the smallest limit set wins). A declared
 * Content-Length over the limit is refused before anything is read.
 */
export function bodyLimit(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const limit = Math.min(limits.get(c.req.raw) ?? maxBytes, maxBytes);
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
    limits.set(c.req.raw, limit);
    await next();
  };
}

export function bodyLimitOf(request: Request): number {
  return limits.get(request) ?? FALLBACK_BODY_LIMIT;
}
