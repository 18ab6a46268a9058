import { createHash, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { AppError } from '../errors/app-error.ts';
import { isLoopback } from '../http/rate-limit/limit-key.ts';
import type { PrometheusMetrics } from './prometheus-metrics.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The socket peer, ignoring X-Forwarded-For: a forwarded request came from elsewhere, whoever forwarded it. */
function isDirectLoopback(c: Context): boolean {
  if (c.req.header('x-forwarded-for') || c.req.header('forwarded')) return false;
  try {
    const address = getConnInfo(c).remote.address;
    return address !== undefined && isLoopback(address.startsWith('::ffff:') ? address.slice(7) : address);
  } catch {
    return false;
  }
}

/**
 * `GET /metrics` in Prometheus' text format. With a token configured, only `Authorization: Bearer <token>`
 * reads it (compared by digest in constant time); without one, only a scraper on the machine itself, reached
 * directly rather than through a proxy.
 */
export function metricsRoutes(metrics: PrometheusMetrics, token: string | undefined): Hono {
  const app = new Hono({ strict: false });
  const expected = token === undefined ? undefined : digest(token);
  app.get('/metrics', async (c) => {
    if (expected !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
      if (!match?.[1])
        throw new AppError('METRICS_TOKEN_REQUIRED', 'Send the metrics token as "Authorization: Bearer …".');
      if (!timingSafeEqual(digest(match[1]), expected))
        throw new AppError('METRICS_TOKEN_INVALID', 'The metrics token is not valid.');
    } else if (!isDirectLoopback(c)) {
      throw new AppError(
        'METRICS_LOOPBACK_ONLY',
        'Metrics are served to this machine only; set SIGNPOST_METRICS_TOKEN to scrape from elsewhere.',
      );
    }
    const { body, contentType } = await metrics.scrape();
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  });
  return app;
}
