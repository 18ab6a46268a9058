import { PROJECT } from '../api/endpoints.ts';
import { del, get, patch, post } from '../api/http.ts';

export interface Member {
  id: string;
  user: { id: string; email: string; first_name: string };
  role: string;
  status: 'active' | 'deactivated';
  is_active: boolean;
  joined_at: string;
}

export interface Invitation {
  id: string;
  target_email: string;
  role: string;
  created_by: string;
  created_at: string;
  expires_at: string;
}

/** The link to hand over, shown once: the server keeps only a hash of its token. */
export interface IssuedLink {
  url: string;
  expires_at: string;
}

const MEMBERS = `${PROJECT}/members`;
const INVITES = `${PROJECT}/invites`;

export const listMembers = () => get<{ results: Member[] }>(`${MEMBERS}/`);
export const updateMember = (id: string, body: { role?: string; status?: Member['status'] }) =>
  patch<Member>(`${MEMBERS}/${encodeURIComponent(id)}/`, body);
export const removeMember = (id: string) => del(`${MEMBERS}/${encodeURIComponent(id)}/`);

export async function issuePasswordReset(id: string): Promise<IssuedLink> {
  const r = await post<{ reset_url: string; expires_at: string }>(
    `${MEMBERS}/${encodeURIComponent(id)}/password_reset/`,
  );
  return { url: r.reset_url, expires_at: r.expires_at };
}

export const listInvitations = () => get<{ results: Invitation[] }>(`${INVITES}/`);
export const revokeInvitation = (id: string) => del(`${INVITES}/${encodeURIComponent(id)}/`);

export async function invite(email: string, role: string): Promise<Invitation & IssuedLink> {
  const r = await post<Invitation & { invite_url: string }>(`${INVITES}/`, { email, role });
  return { ...r, url: r.invite_url };
}
