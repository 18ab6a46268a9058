import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { AuthMethod } from './config.ts';
import type { User, UserDirectory } from './users.ts';

export const SESSION_COOKIE = 'tt_session';

export interface Session {
  user: User;
  /** How this session signed in (`local` or `oidc`): the `auth_method` person property. */
  authMethod: AuthMethod;
}

/** In-memory sessions behind an HttpOnly cookie: enough for the example, lost on restart. */
export class SessionStore {
  private readonly sessions = new Map<string, { userId: string; authMethod: AuthMethod }>();

  constructor(private readonly users: UserDirectory) {}

  open(res: Response, user: User, authMethod: AuthMethod): void {
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, { userId: user.id, authMethod });
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/' });
  }

  close(req: Request, res: Response): void {
    const token = sessionToken(req);
    if (token) this.sessions.delete(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  current(req: Request): Session | undefined {
    const token = sessionToken(req);
    const stored = token ? this.sessions.get(token) : undefined;
    const user = stored ? this.users.byId(stored.userId) : undefined;
    return user && stored ? { user, authMethod: stored.authMethod } : undefined;
  }

  /** Middleware: 401 without a session, else the session in `res.locals.session`. */
  required() {
    return (req: Request, res: Response, next: NextFunction) => {
      const session = this.current(req);
      if (!session) {
        res
          .status(401)
          .json({ type: 'authentication_error', code: 'NOT_SIGNED_IN', detail: 'Sign in first.' });
        return;
      }
      res.locals.session = session;
      next();
    };
  }
}

/** The session a `required()` route runs with. */
export function sessionOf(res: Response): Session {
  return res.locals.session as Session;
}

function sessionToken(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
