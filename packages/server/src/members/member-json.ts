import type { Invitation } from '../auth/member.ts';
import type { Member } from './member-service.ts';

/** Close to PostHog's organization member: the user nested, plus the role and whether they may sign in. */
export const memberJson = ({ user, membership }: Member) => ({
  id: user.id,
  user: { id: user.id, uuid: user.id, email: user.email, first_name: user.name },
  role: membership.role,
  status: user.status,
  is_active: user.status === 'active',
  joined_at: membership.createdAt.toISOString(),
});

export const invitationJson = (i: Invitation) => ({
  id: i.id,
  target_email: i.email,
  role: i.role,
  created_by: i.createdBy,
  created_at: i.createdAt.toISOString(),
  expires_at: i.expiresAt.toISOString(),
});

/** Where the web app opens a link; the token travels in the fragment so it never reaches logs or referrers. */
export const appLink = (origin: string, screen: 'accept-invite' | 'reset-password', token: string) =>
  `${origin}/${screen}#token=${token}`;
