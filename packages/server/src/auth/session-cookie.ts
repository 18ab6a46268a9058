import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'signpost_session';

/** HTTPS as the browser sees it: the request itself, or the proxy's word for it when the proxy is trusted. */
function isHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}

/**
 * HttpOnly keeps the token away from page scripts; SameSite=Lax keeps other sites' forms from riding it
 * (writes also need the CSRF header); Secure whenever the browser reached us over HTTPS.
 */
export function writeSessionCookie(c: Context, token: string, expires: Date, trustProxy: boolean): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c, trustProxy),
    path: '/',
    expires,
  });
}

export function clearSessionCookie(c: Context, trustProxy: boolean): void {
  deleteCookie(c, SESSION_COOKIE, {
    path: '/',
    secure: isHttps(c, trustProxy),
    httpOnly: true,
    sameSite: 'Lax',
  });
}
