import type { Context, MiddlewareHandler } from 'hono';
import type { SignpostClientApi } from '../client-api.ts';
import { disabledAction, type FeatureFlagRequiredOptions, isFlagOpen } from './flag-gate.ts';
import { type RequestContext, requestContextFrom } from './request-context.ts';

export type HonoDisabledHandler = (c: Context) => Response | Promise<Response>;
export type HonoFlagOptions = FeatureFlagRequiredOptions<Context, HonoDisabledHandler>;

/**
 * Hono middleware that lets a request through only when `key` is enabled for its user. A 404 goes through the
 * app's `notFound` handler, so a hidden route answers exactly like a missing one.
 *
 * @example app.get('/beta/*', featureFlagRequired(signpost, 'beta-features', { distinctId: (c) => c.req.header('x-user') }));
 */
export function featureFlagRequired(
  client: SignpostClientApi,
  key: string,
  options: HonoFlagOptions,
): MiddlewareHandler {
  const action = disabledAction(options.onDisabled);
  return async (c, next) => {
    if (await isFlagOpen(client, key, c, options)) return next();
    if (action.kind === 'status') return action.status === 404 ? c.notFound() : c.text('Forbidden', 403);
    if (action.kind === 'redirect') return c.redirect(action.location, 302);
    return action.handler(c);
  };
}

export interface HonoContextOptions {
  /** Take `$ip` from `X-Forwarded-For` (leftmost) — only behind a proxy that sets it. */
  trustProxy?: boolean;
}

/** Request properties for events. Hono has no portable peer address: the Node adapter's socket is used. */
export function requestContext(c: Context, options: HonoContextOptions = {}): RequestContext {
  const url = new URL(c.req.url);
  return requestContextFrom({
    protocol: url.protocol,
    host: c.req.header('host') ?? url.host,
    url: `${url.pathname}${url.search}`,
    ip: (options.trustProxy ? forwardedFor(c) : undefined) ?? nodeSocketAddress(c.env),
    userAgent: c.req.header('user-agent'),
  });
}

function forwardedFor(c: Context): string | undefined {
  const first = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  return first || c.req.header('x-real-ip') || undefined;
}

// @hono/node-server passes `{ incoming, outgoing }` as the env; other runtimes pass their own bindings.
function nodeSocketAddress(env: unknown): string | undefined {
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined;
  const incoming: unknown = env.incoming;
  if (typeof incoming !== 'object' || incoming === null || !('socket' in incoming)) return undefined;
  const socket: unknown = incoming.socket;
  if (typeof socket !== 'object' || socket === null || !('remoteAddress' in socket)) return undefined;
  return typeof socket.remoteAddress === 'string' ? socket.remoteAddress : undefined;
}
