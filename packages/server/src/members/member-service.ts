import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../access/roles.ts';
import type { AuthService, SessionGrant } from '../auth/auth-service.ts';
import type { AuthStore } from '../auth/auth-store.ts';
import type { Invitation, Membership } from '../auth/member.ts';
import { hashPassword } from '../auth/password-hash.ts';
import type { User } from '../auth/user.ts';
import { AppError } from '../errors/app-error.ts';
import { LocalWrites, trackWrites } from '../util/local-writes.ts';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;
const RESET_TTL_MS = 24 * 3600 * 1000;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export interface Member {
  user: User;
  membership: Membership;
}

export interface MemberServiceDeps {
  auth: AuthService;
  store: AuthStore;
  now?: () => Date;
}

/**
 * Who belongs to a project and with which role: invitations, role changes, deactivation, removal and password
 * reset links. Every token is random, single-use, expiring and stored only as its sha256.
 */
export class MemberService {
  private invitations = new Map<string, Invitation>();
  private readonly now: () => Date;
  private readonly writes = new LocalWrites();
  private readonly store: AuthStore;

  constructor(private readonly deps: MemberServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.store = trackWrites(deps.store, this.writes, ['listInvitations', 'findPasswordReset']);
  }

  async start(): Promise<void> {
    await this.reload();
  }

  /** Re-reads invitations (another node invited, revoked or admitted someone). */
  async reload(): Promise<void> {
    const read = await this.writes.readStable(() => this.store.listInvitations());
    if (!read) return;
    // An accept in progress marks its invitation used before the store does: a read from before keeps the mark.
    const kept = (i: Invitation) => {
      const mine = this.invitations.get(i.id);
      return mine?.acceptedAt && !i.acceptedAt ? mine : i;
    };
    this.invitations = new Map(read.map((i) => [i.id, kept(i)]));
  }

  list(projectId: number): Member[] {
    return this.deps.auth.membersOf(projectId);
  }

  member(projectId: number, userId: string): Member {
    const found = this.list(projectId).find((m) => m.user.id === userId);
    if (!found) throw new AppError('MEMBER_NOT_FOUND', `No member "${userId}" in this project.`);
    return found;
  }

  pendingInvitations(projectId: number): Invitation[] {
    const now = this.now().getTime();
    return [...this.invitations.values()].filter(
      (i) => i.projectId === projectId && !i.acceptedAt && i.expiresAt.getTime() > now,
    );
  }

  /** A link for `email` to join with `role`; the token is returned this once. */
  async invite(projectId: number, email: string, role: Role, invitedBy: string) {
    const normalized = email.trim().toLowerCase();
    if (this.deps.auth.findUserByEmail(normalized))
      throw new AppError('MEMBER_EXISTS', `${normalized} is already a member.`, 'email');
    const token = newToken();
    const now = this.now();
    const invitation: Invitation = {
      id: randomUUID(),
      projectId,
      email: normalized,
      role,
      tokenHash: tokenHash(token),
      createdBy: invitedBy,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
      acceptedAt: undefined,
    };
    await this.store.insertInvitation(invitation);
    this.invitations.set(invitation.id, invitation);
    return { invitation, token };
  }

  async revokeInvitation(projectId: number, id: string): Promise<void> {
    const invitation = this.invitations.get(id);
    if (!invitation || invitation.projectId !== projectId || invitation.acceptedAt)
      throw new AppError('INVITATION_NOT_FOUND', `No pending invitation "${id}".`);
    await this.store.deleteInvitation(id);
    this.invitations.delete(id);
  }

  /** The invitation behind a link, for the accept screen; unknown, used and expired links are refused alike. */
  peekInvitation(token: string): Invitation {
    const hash = tokenHash(token);
    const invitation = [...this.invitations.values()].find((i) => i.tokenHash === hash);
    if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= this.now().getTime()) {
      throw new AppError(
        'INVITATION_INVALID',
        'This invitation link is unknown, used or expired; ask for a new one.',
      );
    }
    return invitation;
  }

  async acceptInvitation(token: string, password: string, name: string): Promise<SessionGrant> {
    const invitation = this.peekInvitation(token);
    // Mark it used before the (slow) password hash, so two concurrent accepts cannot both create a member.
    this.invitations.set(invitation.id, { ...invitation, acceptedAt: this.now() });
    try {
      return await this.deps.auth.admitInvitedMember(invitation.id, {
        email: invitation.email,
        name,
        password,
        projectId: invitation.projectId,
        role: invitation.role,
      });
    } catch (error) {
      this.invitations.set(invitation.id, invitation);
      throw error;
    }
  }

  async changeRole(projectId: number, userId: string, role: Role): Promise<Member> {
    const current = this.member(projectId, userId);
    if (current.membership.role === 'admin' && role !== 'admin')
      this.refuseLastAdmin(projectId, userId, 'demote');
    await this.deps.auth.putMembership({ ...current.membership, role });
    return this.member(projectId, userId);
  }

  async setStatus(projectId: number, userId: string, status: User['status']): Promise<Member> {
    const current = this.member(projectId, userId);
    if (status !== 'active' && current.membership.role === 'admin')
      this.refuseLastAdmin(projectId, userId, 'deactivate');
    await this.deps.auth.updateUser({ ...current.user, status });
    return this.member(projectId, userId);
  }

  async remove(projectId: number, userId: string): Promise<void> {
    const current = this.member(projectId, userId);
    if (current.membership.role === 'admin') this.refuseLastAdmin(projectId, userId, 'remove');
    await this.deps.auth.removeMembership(projectId, userId);
  }

  /** A single-use link for the member to choose a new password; the token is returned this once. */
  async issuePasswordReset(projectId: number, userId: string): Promise<{ token: string; expiresAt: Date }> {
    const { user } = this.member(projectId, userId);
    const token = newToken();
    const now = this.now();
    const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
    await this.store.insertPasswordReset({
      tokenHash: tokenHash(token),
      userId: user.id,
      createdAt: now,
      expiresAt,
      usedAt: undefined,
    });
    return { token, expiresAt };
  }

  async resetPassword(token: string, password: string): Promise<void> {
    const hash = tokenHash(token);
    const reset = await this.store.findPasswordReset(hash);
    const user = reset ? this.deps.auth.user(reset.userId) : undefined;
    if (!reset || !user || reset.usedAt || reset.expiresAt.getTime() <= this.now().getTime()) {
      throw new AppError(
        'RESET_LINK_INVALID',
        'This reset link is unknown, used or expired; ask an admin for a new one.',
      );
    }
    const passwordHash = await hashPassword(password);
    await this.store.usePasswordReset(hash, this.now(), passwordHash);
    await this.deps.auth.passwordWasReset(user.id, passwordHash);
  }

  /** A project always keeps one active admin, or nobody could manage it any more. */
  private refuseLastAdmin(projectId: number, userId: string, action: string): void {
    const others = this.list(projectId).filter(
      (m) => m.membership.role === 'admin' && m.user.status === 'active' && m.user.id !== userId,
    );
    if (others.length === 0)
      throw new AppError(
        'LAST_ADMIN',
        `Cannot ${action} the last active admin of this project; make someone else admin first.`,
      );
  }
}
