import type { Invitation, Membership, PasswordReset } from './member.ts';
import type { Session, User } from './user.ts';

export interface AuthStore {
  listUsers(): Promise<User[]>;
  insertUser(user: User): Promise<void>;
  /** Writes the user's name, status and password hash (the id and email never change). */
  updateUser(user: User): Promise<void>;
  updatePasswordHash(userId: string, passwordHash: string): Promise<void>;
  /** Removes the user with their memberships and sessions. */
  deleteUser(userId: string): Promise<void>;
  listSessions(): Promise<Session[]>;
  insertSession(session: Session): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsOfUser(userId: string): Promise<void>;
  listMemberships(): Promise<Membership[]>;
  /** Inserts or replaces the (project, user) membership. */
  putMembership(membership: Membership): Promise<void>;
  deleteMembership(projectId: number, userId: string): Promise<void>;
  listInvitations(): Promise<Invitation[]>;
  insertInvitation(invitation: Invitation): Promise<void>;
  /** Marks it accepted and, in the same transaction, creates the user and their membership. */
  acceptInvitation(invitationId: string, acceptedAt: Date, user: User, membership: Membership): Promise<void>;
  /** A member created at single sign-on: the user and their membership in one transaction. */
  insertMember(user: User, membership: Membership): Promise<void>;
  deleteInvitation(id: string): Promise<void>;
  insertPasswordReset(reset: PasswordReset): Promise<void>;
  findPasswordReset(tokenHash: string): Promise<PasswordReset | undefined>;
  /** Marks the reset used and sets the password in one transaction. */
  usePasswordReset(tokenHash: string, usedAt: Date, passwordHash: string): Promise<void>;
}
