import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The caller's address; X-Forwarded-For is honoured only when configured, since any client can forge it. */
export function clientIp(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    const address = getConnInfo(c).remote.address;
    return address?.startsWith('::ffff:') ? address.slice(7) : address;
  } catch {
    // In-process requests (tests) have no socket.
    return undefined;
  }
}
