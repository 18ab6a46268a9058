import type { Context } from 'hono';
import type { AuthService } from './auth-service.ts';
import { requireCsrfToken } from './csrf.ts';
import { readSessionCookie } from './session-cookie.ts';

/** A signed-in member; their rights depend on the project a request reaches (`api-auth.ts` decides). */
export interface SessionCaller {
  userId: string;
  /** The project they work in now, and the environment of it they last chose (undefined = its first). */
  projectId: number;
  environmentId: number | undefined;
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
    const { user } = current;
    return {
      userId: user.id,
      projectId: user.projectId,
      environmentId: user.currentTeamId,
      actor: user.email,
    };
  };
}
