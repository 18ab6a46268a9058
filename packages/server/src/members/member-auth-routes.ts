import { Hono } from 'hono';
import { parseJsonBody } from '../api/json-body.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { requireCsrfToken, requireJsonRequest } from '../auth/csrf.ts';
import { readSessionCookie, writeSessionCookie } from '../auth/session-cookie.ts';
import { AppError } from '../errors/app-error.ts';
import { clientIp } from '../http/client-ip.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { acceptInviteSchema, changePasswordSchema, resetPasswordSchema } from './member-schemas.ts';
import type { MemberService } from './member-service.ts';

export interface MemberAuthRoutesDeps {
  auth: AuthService;
  members: MemberService;
  projects: ProjectService;
  trustProxy: boolean;
}

/**
 * The unauthenticated ends of invitation and reset links (the token is the credential: 256 random bits,
 * single-use, expiring), and a signed-in member changing their own password.
 */
export function memberAuthRoutes({ auth, members, projects, trustProxy }: MemberAuthRoutesDeps): Hono {
  const app = new Hono({ strict: false });

  app.get('/_auth/invite', (c) => {
    const invitation = members.peekInvitation(c.req.query('token') ?? '');
    const project = projects.projectById(invitation.projectId);
    return c.json({ email: invitation.email, role: invitation.role, project_name: project?.name ?? null });
  });

  app.post('/_auth/accept_invite', async (c) => {
    requireJsonRequest(c);
    const input = await parseJsonBody(c, acceptInviteSchema);
    const grant = await members.acceptInvitation(input.token, input.password, input.name);
    writeSessionCookie(c, grant.token, grant.session.expiresAt, trustProxy);
    return c.json({ authenticated: true, user: { id: grant.user.id, email: grant.user.email } }, 201);
  });

  app.post('/_auth/reset_password', async (c) => {
    requireJsonRequest(c);
    const input = await parseJsonBody(c, resetPasswordSchema);
    await members.resetPassword(input.token, input.password);
    return c.body(null, 204);
  });

  app.post('/_auth/change_password', async (c) => {
    requireJsonRequest(c);
    const token = readSessionCookie(c);
    const current = token ? auth.session(token) : undefined;
    if (!token || !current) throw new AppError('AUTHENTICATION_REQUIRED', 'Sign in first.');
    requireCsrfToken(c, current.session.csrfToken);
    const input = await parseJsonBody(c, changePasswordSchema);
    const client = clientIp(c, trustProxy) ?? 'unknown';
    await auth.changePassword(current.user.id, input.current_password, input.new_password, client, token);
    return c.body(null, 204);
  });
  return app;
}
