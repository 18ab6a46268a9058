import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../access/roles.ts';
import { AppError } from '../errors/app-error.ts';
import { LocalWrites, trackWrites } from '../util/local-writes.ts';
import type { Logger } from '../util/logger.ts';
import type { AuthStore } from './auth-store.ts';
import type { Membership } from './member.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import { SignInGate } from './sign-in-gate.ts';
import type { Session, User } from './user.ts';

const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** The gate's account for first-run setup; the capital letter keeps it apart from any (lower-cased) email. */
const SETUP_ACCOUNT = 'First-run setup';

export interface SessionGrant {
  /** The cookie value; only its hash is stored. */
  token: string;
  session: Session;
  user: User;
}

export interface AuthServiceDeps {
  store: AuthStore;
  logger: Logger;
  now?: () => Date;
  /** Throttles every password and setup-key check; the defaults suit a real server. */
  gate?: SignInGate;
  /**
   * Whether this account may sign in with a password (SIGNPOST_OIDC_ONLY keeps only the break-glass admin).
   * Asked after the password proved right, so the answer does not reveal which account is the exception.
   */
  passwordAllowed?: (email: string) => boolean;
}

/** A member single sign-on vouched for. */
export interface SsoMemberInput {
  email: string;
  name: string;
  /** The member's role from now on; undefined keeps an existing member's (and refuses a new one). */
  role: Role | undefined;
  /** Where a new member joins. */
  projectId: number;
}

export interface SetupInput {
  email: string;
  password: string;
  projectId: number;
  /** The caller's address, for throttling. */
  client: string;
  /** Whether the caller proved to be the operator (the setup key); run only once the gate admits the try. */
  provesOperator: () => boolean;
}

const membershipKey = (projectId: number, userId: string) => `${projectId}:${userId}`;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Users, passwords and sessions. Sessions are read on every request, so they are held in memory. */
export class AuthService {
  private usersById = new Map<string, User>();
  private memberships = new Map<string, Membership>();
  private sessions = new Map<string, Session>();
  private setupInProgress = false;
  private readonly ssoAdmitting = new Set<string>();
  private dummyHash: Promise<string> | undefined;
  private readonly gate: SignInGate;
  private readonly now: () => Date;
  private readonly writes = new LocalWrites();
  private readonly store: AuthStore;

  constructor(private readonly deps: AuthServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.gate = deps.gate ?? new SignInGate();
    this.store = trackWrites(deps.store, this.writes, [
      'listUsers',
      'listMemberships',
      'listSessions',
      'listInvitations',
      'findPasswordReset',
    ]);
  }

  /**
   * Loads users and live sessions. Configured admin credentials create that user, or reset its password when
   * it exists, so an operator who lost the password can recover by restarting with the variables set.
   */
  async start(admin: { email: string | undefined; password: string | undefined; projectId: number }) {
    await this.reload();
    if (!admin.email || !admin.password) return;
    const existing = this.userByEmail(admin.email);
    if (!existing) {
      await this.createAdmin(admin.email, admin.password, admin.projectId);
      this.deps.logger.info('created the admin user from the configuration', { email: admin.email });
    } else if (!(await verifyPassword(admin.password, existing.passwordHash))) {
      const passwordHash = await hashPassword(admin.password);
      await this.store.updatePasswordHash(existing.id, passwordHash);
      this.usersById.set(existing.id, { ...existing, passwordHash });
      this.deps.logger.info('reset the admin password from the configuration', { email: admin.email });
    }
  }

  /**
   * Re-reads users, memberships and live sessions (another node signed someone in, or changed a member);
   * never undoes a write of this node.
   */
  async reload(): Promise<void> {
    const read = await this.writes.readStable(async () => ({
      users: await this.store.listUsers(),
      memberships: await this.store.listMemberships(),
      sessions: await this.store.listSessions(),
    }));
    if (!read) return;
    const now = this.now().getTime();
    this.usersById = new Map(read.users.map((u) => [u.id, u]));
    this.memberships = new Map(read.memberships.map((m) => [membershipKey(m.projectId, m.userId), m]));
    this.sessions = new Map(
      read.sessions.filter((s) => s.expiresAt.getTime() > now).map((s) => [s.tokenHash, s]),
    );
  }

  /** True until the first user exists: the app then shows the first-run setup screen. */
  needsSetup(): boolean {
    return this.usersById.size === 0;
  }

  async setup(input: SetupInput): Promise<SessionGrant> {
    const refuseIfDone = () => {
      if (!this.needsSetup() || this.setupInProgress)
        throw new AppError('SETUP_ALREADY_DONE', 'An admin already exists; sign in instead.');
    };
    refuseIfDone();
    const attempt = this.gate.admit(input.client, SETUP_ACCOUNT);
    let proven = false;
    try {
      proven = input.provesOperator();
    } finally {
      attempt.finish(proven);
    }
    if (!proven)
      throw new AppError(
        'SETUP_KEY_INVALID',
        "That is not this Signpost's personal API key (printed when it first started, or SIGNPOST_PERSONAL_API_KEY).",
        'personal_api_key',
      );
    refuseIfDone();
    this.setupInProgress = true;
    try {
      return await this.openSession(await this.createAdmin(input.email, input.password, input.projectId));
    } finally {
      this.setupInProgress = false;
    }
  }

  /** `client` identifies the caller (its address) for rate limiting. */
  /**
   * `client` identifies the caller (its address) for throttling. Unknown emails are throttled like real ones,
   * so the answers do not reveal which emails have accounts.
   */
  async login(email: string, password: string, client: string): Promise<SessionGrant> {
    const normalized = normalizeEmail(email);
    const attempt = this.gate.admit(client, normalized);
    let user: User | undefined;
    try {
      user = this.userByEmail(normalized);
      // Hash even for unknown emails, so the response time does not reveal which emails have accounts.
      this.dummyHash ??= hashPassword(randomUUID());
      const ok = await verifyPassword(password, user?.passwordHash ?? (await this.dummyHash));
      if (!ok) user = undefined;
    } finally {
      attempt.finish(user !== undefined);
    }
    if (!user) throw new AppError('INVALID_CREDENTIALS', 'The email or password is not right.');
    // Only someone who knows the password learns that the account is switched off.
    if (user.status !== 'active')
      throw new AppError('MEMBER_DEACTIVATED', 'This member has been deactivated; ask an admin.');
    if (this.deps.passwordAllowed && !this.deps.passwordAllowed(user.email))
      throw new AppError(
        'PASSWORD_SIGN_IN_DISABLED',
        'This server signs members in through single sign-on only; use the SSO button.',
      );
    return this.openSession(user);
  }

  /**
   * A session for a member the identity provider vouched for. The first sign-in creates the user and their
   * membership in one write (just in time); later ones apply the role the provider's groups map to now.
   */
  async signInWithSso(input: SsoMemberInput): Promise<SessionGrant> {
    const existing = this.userByEmail(input.email);
    if (existing) {
      if (existing.status !== 'active')
        throw new AppError('MEMBER_DEACTIVATED', 'This member has been deactivated; ask an admin.');
      const membership = this.memberships.get(membershipKey(existing.projectId, existing.id));
      if (input.role && membership?.role !== input.role)
        await this.putMembership({
          projectId: existing.projectId,
          userId: existing.id,
          role: input.role,
          createdAt: membership?.createdAt ?? this.now(),
        });
      return this.openSession(existing);
    }
    if (!input.role) throw new AppError('SSO_NO_ROLE', 'No role is mapped for this member; ask an admin.');
    const email = normalizeEmail(input.email);
    // Two callbacks for one new address at once would both pass the lookup above.
    if (this.ssoAdmitting.has(email))
      throw new AppError('MEMBER_EXISTS', 'This member is being created by another sign-in; try again.');
    this.ssoAdmitting.add(email);
    try {
      const now = this.now();
      const user: User = {
        id: randomUUID(),
        email,
        name: input.name,
        status: 'active',
        // No password: such a member signs in through SSO (or gets a reset link from an admin).
        passwordHash: '',
        projectId: input.projectId,
        createdAt: now,
      };
      const membership: Membership = {
        projectId: input.projectId,
        userId: user.id,
        role: input.role,
        createdAt: now,
      };
      await this.store.insertMember(user, membership);
      this.usersById.set(user.id, user);
      this.memberships.set(membershipKey(membership.projectId, user.id), membership);
      return await this.openSession(user);
    } finally {
      this.ssoAdmitting.delete(email);
    }
  }

  /** The member's role in a project, or undefined when they are not (or no longer) an active member of it. */
  roleOf(userId: string, projectId: number): Role | undefined {
    if (this.usersById.get(userId)?.status !== 'active') return undefined;
    return this.memberships.get(membershipKey(projectId, userId))?.role;
  }

  user(id: string): User | undefined {
    return this.usersById.get(id);
  }

  findUserByEmail(email: string): User | undefined {
    return this.userByEmail(email);
  }

  /** The project's members with their roles, oldest first. */
  membersOf(projectId: number): { user: User; membership: Membership }[] {
    const out: { user: User; membership: Membership }[] = [];
    for (const membership of this.memberships.values()) {
      const user = this.usersById.get(membership.userId);
      if (membership.projectId === projectId && user) out.push({ user, membership });
    }
    return out.sort((a, b) => a.membership.createdAt.getTime() - b.membership.createdAt.getTime());
  }

  async putMembership(membership: Membership): Promise<void> {
    await this.store.putMembership(membership);
    this.memberships.set(membershipKey(membership.projectId, membership.userId), membership);
  }

  /** Writes a changed user; a deactivated one loses every session at once. */
  async updateUser(user: User): Promise<void> {
    await this.store.updateUser(user);
    this.usersById.set(user.id, user);
    if (user.status !== 'active') await this.endSessionsOf(user.id);
  }

  /** Takes the member out of a project; a user left in no project is deleted with their sessions. */
  async removeMembership(projectId: number, userId: string): Promise<void> {
    await this.store.deleteMembership(projectId, userId);
    this.memberships.delete(membershipKey(projectId, userId));
    const elsewhere = [...this.memberships.values()].some((m) => m.userId === userId);
    if (elsewhere) return;
    await this.store.deleteUser(userId);
    this.usersById.delete(userId);
    for (const [hash, s] of this.sessions) if (s.userId === userId) this.sessions.delete(hash);
  }

  /** A new member from an accepted invitation, written in one transaction with the invitation's use. */
  async admitInvitedMember(
    invitationId: string,
    input: { email: string; name: string; password: string; projectId: number; role: Role },
  ): Promise<SessionGrant> {
    if (this.userByEmail(input.email))
      throw new AppError(
        'MEMBER_EXISTS',
        'A member with this email already exists; sign in instead.',
        'email',
      );
    const now = this.now();
    const user: User = {
      id: randomUUID(),
      email: normalizeEmail(input.email),
      name: input.name,
      status: 'active',
      passwordHash: await hashPassword(input.password),
      projectId: input.projectId,
      createdAt: now,
    };
    const membership: Membership = {
      projectId: input.projectId,
      userId: user.id,
      role: input.role,
      createdAt: now,
    };
    await this.store.acceptInvitation(invitationId, now, user, membership);
    this.usersById.set(user.id, user);
    this.memberships.set(membershipKey(membership.projectId, user.id), membership);
    return this.openSession(user);
  }

  /** Sets a new password after checking the current one (throttled like sign-in); other sessions end. */
  async changePassword(
    userId: string,
    current: string,
    next: string,
    client: string,
    keepSession: string,
  ): Promise<void> {
    const user = this.usersById.get(userId);
    if (!user) throw new AppError('AUTHENTICATION_REQUIRED', 'Sign in first.');
    const attempt = this.gate.admit(client, user.email);
    let ok = false;
    try {
      ok = user.passwordHash !== '' && (await verifyPassword(current, user.passwordHash));
    } finally {
      attempt.finish(ok);
    }
    if (!ok)
      throw new AppError('INVALID_CREDENTIALS', 'The current password is not right.', 'current_password');
    const passwordHash = await hashPassword(next);
    await this.store.updatePasswordHash(user.id, passwordHash);
    this.usersById.set(user.id, { ...user, passwordHash });
    await this.endSessionsOf(user.id, tokenHash(keepSession));
  }

  /** Adopts a password already written by the store (a used reset link) and ends the user's sessions. */
  async passwordWasReset(userId: string, passwordHash: string): Promise<void> {
    const user = this.usersById.get(userId);
    if (user) this.usersById.set(userId, { ...user, passwordHash });
    await this.endSessionsOf(userId);
  }

  private async endSessionsOf(userId: string, except?: string): Promise<void> {
    for (const [hash, s] of this.sessions) {
      if (s.userId !== userId || hash === except) continue;
      await this.store.deleteSession(hash);
      this.sessions.delete(hash);
    }
    if (except === undefined) await this.store.deleteSessionsOfUser(userId);
  }

  /** The live session behind a cookie value, with its user. */
  session(token: string): { session: Session; user: User } | undefined {
    const session = this.sessions.get(tokenHash(token));
    if (!session) return undefined;
    const user = this.usersById.get(session.userId);
    if (user?.status !== 'active' || session.expiresAt.getTime() <= this.now().getTime()) return undefined;
    return { session, user };
  }

  async logout(token: string): Promise<void> {
    const hash = tokenHash(token);
    this.sessions.delete(hash);
    await this.store.deleteSession(hash);
  }

  private userByEmail(email: string): User | undefined {
    const normalized = normalizeEmail(email);
    for (const user of this.usersById.values()) if (user.email === normalized) return user;
    return undefined;
  }

  /** The first admin (first-run setup or SIGNPOST_ADMIN_*). */
  private async createAdmin(email: string, password: string, projectId: number): Promise<User> {
    const user: User = {
      id: randomUUID(),
      email: normalizeEmail(email),
      name: '',
      status: 'active',
      passwordHash: await hashPassword(password),
      projectId,
      createdAt: this.now(),
    };
    await this.store.insertUser(user);
    this.usersById.set(user.id, user);
    await this.putMembership({ projectId, userId: user.id, role: 'admin', createdAt: user.createdAt });
    return user;
  }

  private async openSession(user: User): Promise<SessionGrant> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const session: Session = {
      tokenHash: tokenHash(token),
      userId: user.id,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    };
    await this.store.insertSession(session);
    this.sessions.set(session.tokenHash, session);
    return { token, session, user };
  }
}
