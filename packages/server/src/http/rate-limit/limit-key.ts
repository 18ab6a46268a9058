import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address a per-client limit counts against. Behind a trusted proxy it is the last X-Forwarded-For entry,
 * the one the proxy itself appended: the first entry is whatever the client sent, and a client rotating it would
 * get a fresh bucket per request. Without a socket (in-process requests) there is no address.
 */
export function limitAddress(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    if (forwarded) {
      const last = forwarded.slice(forwarded.lastIndexOf(',') + 1).trim();
      if (last) return last;
    }
  }
  try {
    const address = getConnInfo(c).remote.address;
    return address?.startsWith('::ffff:') ? address.slice(7) : address;
  } catch {
    return undefined;
  }
}

/**
 * Loopback callers are the machine itself: the operator, a benchmark, or a local reverse proxy that was not
 * declared with SIGNPOST_TRUST_PROXY (then every client shares one address and a per-address limit would throttle
 * them all together). Per-address limits skip them; per-key limits still apply.
 */
export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}
