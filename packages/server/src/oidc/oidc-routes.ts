import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { writeSessionCookie } from '../auth/session-cookie.ts';
import { AppError } from '../errors/app-error.ts';
import type { Logger } from '../util/logger.ts';
import { LOGIN_TTL_SECONDS } from './pending-logins.ts';
import type { SsoService } from './sso-service.ts';

const LOGIN_COOKIE = 'signpost_oidc_login';
const COOKIE_PATH = '/_auth/oidc';

export interface OidcRoutesDeps {
  /** Undefined when no issuer is configured. */
  sso: SsoService | undefined;
  /** SIGNPOST_PUBLIC_URL: where the browser is sent back to, and whether cookies are Secure. */
  publicUrl: string | undefined;
  trustProxy: boolean;
  logger: Logger;
}

/**
 * The browser's two stops on the way through the identity provider. Both are top-level navigations, so a
 * refusal is a redirect to the sign-in page with the error's code (`/?sso_error=SSO_…`), which the page
 * explains; the code is all the URL carries, so a crafted link cannot put words on our page.
 */
export function oidcRoutes({ sso, publicUrl, trustProxy, logger }: OidcRoutesDeps): Hono {
  const app = new Hono({ strict: false });
  const home = `${publicUrl ?? ''}/`;
  const secure = publicUrl?.startsWith('https:') ?? false;

  const refuse = (c: Context, error: unknown) => {
    if (!(error instanceof AppError)) throw error;
    logger.warn('single sign-on refused', { code: error.code, detail: error.detail });
    return c.redirect(`${home}?sso_error=${error.code}`, 303);
  };

  app.get(`${COOKIE_PATH}/login`, async (c) => {
    try {
      if (!sso) throw new AppError('SSO_NOT_CONFIGURED', 'Single sign-on is not configured on this server.');
      const { loginId, url } = await sso.beginLogin();
      // Lax: the provider sends the browser back with a top-level GET, which Lax cookies ride on.
      setCookie(c, LOGIN_COOKIE, loginId, {
        httpOnly: true,
        sameSite: 'Lax',
        secure,
        path: COOKIE_PATH,
        maxAge: LOGIN_TTL_SECONDS,
      });
      return c.redirect(url.href, 302);
    } catch (error) {
      return refuse(c, error);
    }
  });

  app.get(`${COOKIE_PATH}/callback`, async (c) => {
    const loginId = getCookie(c, LOGIN_COOKIE);
    deleteCookie(c, LOGIN_COOKIE, { path: COOKIE_PATH, secure, httpOnly: true, sameSite: 'Lax' });
    try {
      if (!sso) throw new AppError('SSO_NOT_CONFIGURED', 'Single sign-on is not configured on this server.');
      const grant = await sso.completeLogin(loginId, new URL(c.req.url).searchParams);
      writeSessionCookie(c, grant.token, grant.session.expiresAt, trustProxy);
      return c.redirect(home, 303);
    } catch (error) {
      return refuse(c, error);
    }
  });
  return app;
}
