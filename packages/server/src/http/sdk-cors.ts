import type { ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';

const ALLOW_METHODS = 'GET,POST,OPTIONS';
const MAX_AGE = '86400';

/**
 * Sets a response header for whatever the handler answers, errors included. On a real socket it goes straight
 * onto Node's response, which merges it into the status line write; Hono's own route (`c.header`) builds a
 * WHATWG Headers object per request, and Hono's `cors()` even touches the finished response, which makes Hono
 * copy it into a full Response whose body is then streamed: together more than evaluating all of a request's
 * flags. In-process requests (tests) have no socket and take Hono's route.
 */
function headerSetter(c: Context): (name: string, value: string) => void {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing) return (name, value) => outgoing.setHeader(name, value);
  return (name, value) => c.header(name, value);
}

/**
 * Browsers call the SDK endpoints from the app's own origin, with cookies allowed; PostHog's capture mirrors the
 * origin and requested headers, and so do we. Only the public SDK endpoints get this, never /api.
 */
export const sdkCors =
  (): MiddlewareHandler =>
  async (c, next): Promise<Response | undefined> => {
    const set = headerSetter(c);
    set('Access-Control-Allow-Origin', c.req.header('origin') || '*');
    set('Access-Control-Allow-Credentials', 'true');
    if (c.req.method !== 'OPTIONS') {
      set('Vary', 'Origin');
      await next();
      return undefined;
    }
    set('Access-Control-Max-Age', MAX_AGE);
    set('Access-Control-Allow-Methods', ALLOW_METHODS);
    const requested = c.req.header('access-control-request-headers');
    if (!requested) set('Vary', 'Origin');
    else {
      const allowed = requested
        .split(',')
        .map((h) => h.trim())
        .join(',');
      set('Access-Control-Allow-Headers', allowed);
      set('Vary', 'Origin, Access-Control-Request-Headers');
    }
    return c.body(null, 204);
  };
