import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import type { Logger } from '../util/logger.ts';
import type { AuthStore } from './auth-store.ts';
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

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Users, passwords and sessions. Sessions are read on every request, so they are held in memory. */
export class AuthService {
  private usersById = new Map<string, User>();
  private sessions = new Map<string, Session>();
  private setupInProgress = false;
  private dummyHash: Promise<string> | undefined;
  private readonly gate: SignInGate;
  private readonly now: () => Date;

  constructor(private readonly deps: AuthServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.gate = deps.gate ?? new SignInGate();
  }

  /**
   * Loads users and live sessions. Configured admin credentials create that user, or reset its password when
   * it exists, so an operator who lost the password can recover by restarting with the variables set.
   */
  async start(admin: { email: string | undefined; password: string | undefined; projectId: number }) {
    this.usersById = new Map((await this.deps.store.listUsers()).map((u) => [u.id, u]));
    const now = this.now().getTime();
    const sessions = await this.deps.store.listSessions();
    this.sessions = new Map(sessions.filter((s) => s.expiresAt.getTime() > now).map((s) => [s.tokenHash, s]));
    if (!admin.email || !admin.password) return;
    const existing = this.userByEmail(admin.email);
    if (!existing) {
      await this.createUser(admin.email, admin.password, admin.projectId);
      this.deps.logger.info('created the admin user from the configuration', { email: admin.email });
    } else if (!(await verifyPassword(admin.password, existing.passwordHash))) {
      const passwordHash = await hashPassword(admin.password);
      await this.deps.store.updatePasswordHash(existing.id, passwordHash);
      this.usersById.set(existing.id, { ...existing, passwordHash });
      this.deps.logger.info('reset the admin password from the configuration', { email: admin.email });
    }
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
      return await this.openSession(await this.createUser(input.email, input.password, input.projectId));
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
    return this.openSession(user);
  }

  /** The live session behind a cookie value, with its user. */
  session(token: string): { session: Session; user: User } | undefined {
    const session = this.sessions.get(tokenHash(token));
    if (!session) return undefined;
    const user = this.usersById.get(session.userId);
    if (!user || session.expiresAt.getTime() <= this.now().getTime()) return undefined;
    return { session, user };
  }

  async logout(token: string): Promise<void> {
    const hash = tokenHash(token);
    this.sessions.delete(hash);
    await this.deps.store.deleteSession(hash);
  }

  private userByEmail(email: string): User | undefined {
    const normalized = normalizeEmail(email);
    for (const user of this.usersById.values()) if (user.email === normalized) return user;
    return undefined;
  }

  private async createUser(email: string, password: string, projectId: number): Promise<User> {
    const user: User = {
      id: randomUUID(),
      email: normalizeEmail(email),
      passwordHash: await hashPassword(password),
      projectId,
      createdAt: this.now(),
    };
    await this.deps.store.insertUser(user);
    this.usersById.set(user.id, user);
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
    await this.deps.store.insertSession(session);
    this.sessions.set(session.tokenHash, session);
    return { token, session, user };
  }
}
