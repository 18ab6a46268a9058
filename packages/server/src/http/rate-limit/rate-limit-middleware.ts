import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../../api/api-auth.ts';
import type { RateLimits } from './rate-limits.ts';

/** Per-caller limit on /api: one bucket per member, personal key or project secret key (after authentication). */
export function callerRateLimit(limits: RateLimits): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    limits.check('api', 'caller', `${principal.kind}:${principal.id}`);
    await next();
  };
}
