import type { Context } from 'hono';
import type { Principal } from '../access/principal.ts';
import { ROLE_SCOPES } from '../access/roles.ts';
import type { AuthService } from './auth-service.ts';
import { requireCsrfToken } from './csrf.ts';
import { readSessionCookie } from './session-cookie.ts';

export interface SessionCaller {
  projectId: number;
  actor: string;
  principal: Principal;
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
    const role = auth.roleOf(user.id, user.projectId);
    if (!role) return undefined;
    return {
      projectId: user.projectId,
      actor: user.email,
      principal: {
        kind: 'member',
        id: user.id,
        userId: user.id,
        name: user.email,
        scopes: ROLE_SCOPES[role],
      },
    };
  };
}
