import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { AppError } from '../errors/app-error.ts';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated writes must echo the session's token in a header. Another site can make a browser
 * send the cookie, but cannot read the token (no CORS on these paths) nor set custom headers cross-site.
 */
export function requireCsrfToken(c: Context, expected: string): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  const sent = Buffer.from(c.req.header(CSRF_HEADER) ?? '');
  const wanted = Buffer.from(expected);
  if (sent.length !== wanted.length || !timingSafeEqual(sent, wanted)) {
    throw new AppError(
      'CSRF_TOKEN_INVALID',
      `Writes made with a session cookie need the session's "${CSRF_HEADER}" header.`,
    );
  }
}

/**
 * Sign-in and setup have no session yet, so no token to check. Instead they take JSON only: a page on another
 * site can post a form (urlencoded, multipart or text/plain) without asking, but a JSON body needs a CORS
 * preflight, which these paths never grant. That stops another site signing a visitor into an account of its
 * choosing (login CSRF), and works behind proxies that rewrite Host, unlike an Origin comparison.
 */
export function requireJsonRequest(c: Context): void {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the credentials as application/json.');
  }
}
