import { type Context, Hono } from 'hono';
import { ROLE_SCOPES } from '../access/roles.ts';
import { parseJsonBody } from '../api/json-body.ts';
import { AppError } from '../errors/app-error.ts';
import { clientIp } from '../http/client-ip.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { credentialsSchema, setupSchema } from './auth-schemas.ts';
import type { AuthService, SessionGrant } from './auth-service.ts';
import { requireCsrfToken, requireJsonRequest } from './csrf.ts';
import { retryAfterHeader } from './retry-after-header.ts';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from './session-cookie.ts';
import type { Session, User } from './user.ts';

export interface AuthRoutesDeps {
  auth: AuthService;
  projects: ProjectService;
  trustProxy: boolean;
  /** Which ways of signing in the sign-in page offers; both default to the password form alone. */
  signInMethods?: { sso: boolean; password: boolean };
}

/**
 * The browser app's sign-in, outside /api (which only ever authenticates a request, never starts a session).
 * GET /_auth/session always answers 200 and tells the app which screen to show.
 */
export function authRoutes({ auth, projects, trustProxy, signInMethods }: AuthRoutesDeps): Hono {
  const app = new Hono({ strict: false });
  app.use('/_auth/*', retryAfterHeader);

  const methods = {
    sso_enabled: signInMethods?.sso ?? false,
    password_sign_in: signInMethods?.password ?? true,
  };
  const sessionJson = (session: Session, user: User) => {
    // Their project may have been deleted by someone else since: then the first one they still have a role in.
    const project =
      projects.projectById(user.projectId) ??
      projects.listProjects().find((p) => auth.roleOf(user.id, p.id) !== undefined);
    const chosen =
      user.currentTeamId === undefined ? undefined : projects.environmentById(user.currentTeamId);
    const environment =
      chosen && chosen.projectId === project?.id
        ? chosen
        : project
          ? projects.defaultEnvironment(project.id)
          : undefined;
    // The app hides what the role cannot do (the API refuses it anyway); null when not a member of the project.
    const role = project ? (auth.roleOf(user.id, project.id) ?? null) : null;
    return {
      authenticated: true,
      setup_required: false,
      ...methods,
      user: { id: user.id, email: user.email },
      role,
      scopes: role ? [...ROLE_SCOPES[role]] : [],
      csrf_token: session.csrfToken,
      // The environment `@current` means for them: its key is the one their pages should send with.
      project:
        project && environment
          ? { id: project.id, name: project.name, api_token: environment.apiToken }
          : null,
      environment: environment
        ? { id: environment.id, name: environment.name, production: environment.production }
        : null,
    };
  };
  const start = (c: Context, grant: SessionGrant) => {
    writeSessionCookie(c, grant.token, grant.session.expiresAt, trustProxy);
    return sessionJson(grant.session, grant.user);
  };

  app.get('/_auth/session', (c) => {
    const token = readSessionCookie(c);
    const current = token ? auth.session(token) : undefined;
    if (current) return c.json(sessionJson(current.session, current.user));
    return c.json({ authenticated: false, setup_required: auth.needsSetup(), ...methods });
  });

  app.post('/_auth/setup', async (c) => {
    requireJsonRequest(c);
    const input = await parseJsonBody(c, setupSchema);
    const project = projects.firstProject();
    if (!project) throw new AppError('INTERNAL_ERROR', 'No project exists to set up.');
    const grant = await auth.setup({
      email: input.email,
      password: input.password,
      projectId: project.id,
      client: clientIp(c, trustProxy) ?? 'unknown',
      // Without this, whoever reaches a fresh server first would own it.
      provesOperator: () => projects.personalKey(input.personal_api_key)?.projectId === project.id,
    });
    return c.json(start(c, grant), 201);
  });

  app.post('/_auth/login', async (c) => {
    requireJsonRequest(c);
    const input = await parseJsonBody(c, credentialsSchema);
    const client = clientIp(c, trustProxy) ?? 'unknown';
    return c.json(start(c, await auth.login(input.email, input.password, client)));
  });

  app.post('/_auth/logout', async (c) => {
    const token = readSessionCookie(c);
    const current = token ? auth.session(token) : undefined;
    if (token && current) {
      requireCsrfToken(c, current.session.csrfToken);
      await auth.logout(token);
    }
    clearSessionCookie(c, trustProxy);
    return c.body(null, 204);
  });
  return app;
}
