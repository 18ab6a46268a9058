import { type Request, type Response, Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import type { AuthMethod } from '../config.ts';
import { identifyOnLogin, track } from '../tracking.ts';
import type { User } from '../users.ts';

/**
 * Sign-in, local (username + password) or OIDC. The OIDC route stands in for a provider's callback: it trusts
 * the username it is given, which only a toy may do.
 */
export function authRoutes({ analytics, users, sessions }: AppDeps): Router {
  const router = Router();

  const signIn = (req: Request, res: Response, user: User, authMethod: AuthMethod) => {
    sessions.open(res, user, authMethod);
    const session = { user, authMethod };
    identifyOnLogin(analytics, session);
    track(analytics, req, session, 'auth.login', { auth_method: authMethod, role: user.role });
    if (req.is('application/x-www-form-urlencoded')) res.redirect(303, '/dashboard');
    else res.json({ user: { id: user.id, username: user.username, role: user.role }, authMethod });
  };

  router.post('/login', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const user = typeof body.username === 'string' ? users.find(body.username) : undefined;
    if (!user || body.password !== user.password) {
      res.status(401).json({
        type: 'authentication_error',
        code: 'INVALID_CREDENTIALS',
        detail: 'Unknown user or wrong password.',
      });
      return;
    }
    signIn(req, res, user, 'local');
  });

  router.post('/login/oidc', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const user = typeof body.username === 'string' ? users.find(body.username) : undefined;
    if (!user) {
      res.status(401).json({ type: 'authentication_error', code: 'UNKNOWN_USER', detail: 'Unknown user.' });
      return;
    }
    signIn(req, res, user, 'oidc');
  });

  router.post('/logout', (req, res) => {
    sessions.close(req, res);
    res.status(204).end();
  });

  return router;
}
