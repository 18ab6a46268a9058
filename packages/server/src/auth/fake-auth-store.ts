import type { AuthStore } from './auth-store.ts';
import type { Invitation, Membership, PasswordReset } from './member.ts';
import type { Session, User } from './user.ts';

const membershipKey = (projectId: number, userId: string) => `${projectId}:${userId}`;

export class FakeAuthStore implements AuthStore {
  private readonly users = new Map<string, User>();
  private readonly sessions = new Map<string, Session>();
  private readonly memberships = new Map<string, Membership>();
  private readonly invitations = new Map<string, Invitation>();
  private readonly resets = new Map<string, PasswordReset>();

  async listUsers(): Promise<User[]> {
    return [...this.users.values()].map((u) => ({ ...u }));
  }

  async insertUser(user: User): Promise<void> {
    this.users.set(user.id, { ...user });
  }

  async updateUser(user: User): Promise<void> {
    if (this.users.has(user.id)) this.users.set(user.id, { ...user });
  }

  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    const user = this.users.get(userId);
    if (user) this.users.set(userId, { ...user, passwordHash });
  }

  async deleteUser(userId: string): Promise<void> {
    this.users.delete(userId);
    for (const [k, m] of this.memberships) if (m.userId === userId) this.memberships.delete(k);
    await this.deleteSessionsOfUser(userId);
  }

  async listSessions(): Promise<Session[]> {
    return [...this.sessions.values()].map((s) => ({ ...s }));
  }

  async insertSession(session: Session): Promise<void> {
    this.sessions.set(session.tokenHash, { ...session });
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.sessions.delete(tokenHash);
  }

  async deleteSessionsOfUser(userId: string): Promise<void> {
    for (const [k, s] of this.sessions) if (s.userId === userId) this.sessions.delete(k);
  }

  async listMemberships(): Promise<Membership[]> {
    return [...this.memberships.values()].map((m) => ({ ...m }));
  }

  async putMembership(membership: Membership): Promise<void> {
    this.memberships.set(membershipKey(membership.projectId, membership.userId), { ...membership });
  }

  async deleteMembership(projectId: number, userId: string): Promise<void> {
    this.memberships.delete(membershipKey(projectId, userId));
  }

  async listInvitations(): Promise<Invitation[]> {
    return [...this.invitations.values()].map((i) => ({ ...i }));
  }

  async insertInvitation(invitation: Invitation): Promise<void> {
    this.invitations.set(invitation.id, { ...invitation });
  }

  async acceptInvitation(id: string, acceptedAt: Date, user: User, membership: Membership): Promise<void> {
    const invitation = this.invitations.get(id);
    if (invitation) this.invitations.set(id, { ...invitation, acceptedAt });
    await this.insertUser(user);
    await this.putMembership(membership);
  }

  async insertMember(user: User, membership: Membership): Promise<void> {
    await this.insertUser(user);
    await this.putMembership(membership);
  }

  async deleteInvitation(id: string): Promise<void> {
    this.invitations.delete(id);
  }

  async insertPasswordReset(reset: PasswordReset): Promise<void> {
    this.resets.set(reset.tokenHash, { ...reset });
  }

  async findPasswordReset(tokenHash: string): Promise<PasswordReset | undefined> {
    const reset = this.resets.get(tokenHash);
    return reset ? { ...reset } : undefined;
  }

  async usePasswordReset(tokenHash: string, usedAt: Date, passwordHash: string): Promise<void> {
    const reset = this.resets.get(tokenHash);
    if (!reset) return;
    this.resets.set(tokenHash, { ...reset, usedAt });
    await this.updatePasswordHash(reset.userId, passwordHash);
  }
}
