import { type Context, Hono } from 'hono';
import { type ApiEnv, projectOf } from '../api/api-auth.ts';
import { parseJsonBody } from '../api/json-body.ts';
import { requestOrigin } from '../http/request-origin.ts';
import type { Logger } from '../util/logger.ts';
import type { Mailer } from './mailer.ts';
import { appLink, invitationJson, memberJson } from './member-json.ts';
import { inviteMail, resetMail, tryMail } from './member-mail.ts';
import { inviteSchema, updateMemberSchema } from './member-schemas.ts';
import type { MemberService } from './member-service.ts';

const BASE = '/api/projects/:projectId';

/** Members and invitations of a project (the route table gives reads to every role, writes to admins). */
/** One membership change for the audit log (scope `Member`, the member's user id as the item). */
export interface MemberChange {
  activity: 'created' | 'updated' | 'deleted';
  userId: string;
  email: string;
  changes: { field: string; before: unknown; after: unknown }[];
}

export interface MemberRoutesDeps {
  members: MemberService;
  trustProxy: boolean;
  mailer: Mailer | undefined;
  logger: Logger;
  /** `SIGNPOST_PUBLIC_URL`: links in mails must point where members reach Signpost, not where the admin did. */
  publicUrl?: string | undefined;
  audit: (c: Context<ApiEnv>, change: MemberChange) => Promise<void>;
}

export function memberRoutes(deps: MemberRoutesDeps): Hono<ApiEnv> {
  const { members, trustProxy, mailer, logger, audit } = deps;
  const app = new Hono<ApiEnv>({ strict: false });
  const origin = (c: Context<ApiEnv>) => deps.publicUrl ?? requestOrigin(c, trustProxy);

  app.get(`${BASE}/members`, (c) =>
    c.json({ results: members.list(projectOf(c).id).map(memberJson), next: null }),
  );

  app.patch(`${BASE}/members/:userId`, async (c) => {
    const project = projectOf(c);
    const input = await parseJsonBody(c, updateMemberSchema);
    const userId = c.req.param('userId');
    const before = members.member(project.id, userId);
    let member = before;
    if (input.role) member = await members.changeRole(project.id, userId, input.role);
    if (input.status) member = await members.setStatus(project.id, userId, input.status);
    const changes = [
      { field: 'role', before: before.membership.role, after: member.membership.role },
      { field: 'status', before: before.user.status, after: member.user.status },
    ].filter((ch) => ch.before !== ch.after);
    if (changes.length > 0)
      await audit(c, { activity: 'updated', userId, email: member.user.email, changes });
    return c.json(memberJson(member));
  });

  app.delete(`${BASE}/members/:userId`, async (c) => {
    const project = projectOf(c);
    const { user, membership } = members.member(project.id, c.req.param('userId'));
    await members.remove(project.id, user.id);
    const changes = [{ field: 'role', before: membership.role, after: null }];
    await audit(c, { activity: 'deleted', userId: user.id, email: user.email, changes });
    return c.body(null, 204);
  });

  app.post(`${BASE}/members/:userId/password_reset`, async (c) => {
    const project = projectOf(c);
    const userId = c.req.param('userId');
    const { token, expiresAt } = await members.issuePasswordReset(project.id, userId);
    const url = appLink(origin(c), 'reset-password', token);
    const mail = await tryMail(mailer, resetMail(members.member(project.id, userId).user.email, url), logger);
    return c.json({ reset_url: url, expires_at: expiresAt.toISOString(), ...mail }, 201);
  });

  app.get(`${BASE}/invites`, (c) =>
    c.json({ results: members.pendingInvitations(projectOf(c).id).map(invitationJson), next: null }),
  );

  app.post(`${BASE}/invites`, async (c) => {
    const project = projectOf(c);
    const input = await parseJsonBody(c, inviteSchema);
    const { invitation, token } = await members.invite(
      project.id,
      input.email,
      input.role,
      c.get('principal').name,
    );
    const invited = [
      { field: 'invitation', before: null, after: { email: invitation.email, role: invitation.role } },
    ];
    await audit(c, {
      activity: 'created',
      userId: `invite:${invitation.id}`,
      email: invitation.email,
      changes: invited,
    });
    const url = appLink(origin(c), 'accept-invite', token);
    const mail = await tryMail(
      mailer,
      inviteMail(invitation.email, project.name, invitation.role, url),
      logger,
    );
    return c.json({ ...invitationJson(invitation), invite_url: url, ...mail }, 201);
  });

  app.delete(`${BASE}/invites/:id`, async (c) => {
    await members.revokeInvitation(projectOf(c).id, c.req.param('id'));
    return c.body(null, 204);
  });
  return app;
}
