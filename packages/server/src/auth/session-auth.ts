import type { Context } from 'hono';
import type { AuthService } from './auth-service.ts';
import { requireCsrfToken } from './csrf.ts';
import { readSessionCookie } from './session-cookie.ts';

export interface SessionCaller {
  projectId: number;
  actor: string;
}

export type SessionAuthenticator = (c: Context) => SessionCaller | undefined;

/** The API's cookie path: a live session, and its CSRF token on writes. */
export function sessionAuthenticator(auth: AuthService): SessionAuthenticator {
  return (c) => {
    const token = readSessionCookie(c);
    const current = token ? auth.session(token) : undefined;
    if (!current) return undefined;
    requireCsrfToken(c, current.session.csrfToken);
    return { projectId: current.user.projectId, actor: current.user.email };
  };
}
