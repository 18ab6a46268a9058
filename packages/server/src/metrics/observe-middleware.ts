import type { MiddlewareHandler } from 'hono';
import type { Metrics } from './metrics.ts';

// The HTTP-level measurements, as middleware around the feature routes, so the routes themselves stay free of
// metrics code. Each adds one clock read or counter step per request.

/** Capture requests in flight: each waits for its events' commit, so this is the ingestion queue's depth. */
export function observeCapture(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    metrics.captureInFlight(1);
    try {
      await next();
    } finally {
      metrics.captureInFlight(-1);
    }
  };
}

/** /flags and /decide latency, from the first middleware to the answer (body reading and decoding included). */
export function observeFlags(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const started = performance.now();
    await next();
    metrics.observeFlagsRequest((performance.now() - started) / 1000);
  };
}

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
