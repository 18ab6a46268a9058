import type { Context } from 'hono';

/**
 * The origin a browser used to reach us, for links shown to admins (invitations, password resets). Behind a
 * proxy you control, its X-Forwarded-Proto/Host are honoured; otherwise the request's own URL is used.
 */
export function requestOrigin(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  if (trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (proto && /^https?$/.test(proto)) url.protocol = `${proto}:`;
    if (host && /^[A-Za-z0-9.-]+(:\d+)?$/.test(host)) url.host = host;
  }
  return url.origin;
}
