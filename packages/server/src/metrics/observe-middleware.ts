import type { MiddlewareHandler } from 'hono';
import type { Metrics } from './metrics.ts';

/**
 * Sign-in outcomes, read from the answer of `POST /_auth/login` (200 signed in, 401 refused, 429 throttled), so
 * the sign-in code needs no metrics dependency.
 */
export function observeSignIn(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'POST') return;
    const status = c.res.status;
    if (status === 200) metrics.signIn('success');
    else if (status === 401) metrics.signIn('failure');
    else if (status === 429) metrics.signIn('throttled');
  };
}
