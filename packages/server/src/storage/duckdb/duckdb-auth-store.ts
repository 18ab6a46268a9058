import type { Role } from '../../access/roles.ts';
import type { AuthStore } from '../../auth/auth-store.ts';
import type { Invitation, Membership, PasswordReset } from '../../auth/member.ts';
import type { Session, User } from '../../auth/user.ts';
import type { DuckDbDatabase, Row } from './duckdb-database.ts';
import { date, num, str, timestampValue } from './row-values.ts';

const optionalDate = (r: Row, k: string) => (r[k] === null || r[k] === undefined ? undefined : date(r, k));
const optionalTimestamp = (d: Date | undefined) => (d ? timestampValue(d) : null);

const toUser = (r: Row): User => ({
  id: str(r, 'id'),
  email: str(r, 'email'),
  name: str(r, 'name'),
  status: str(r, 'status') === 'deactivated' ? 'deactivated' : 'active',
  passwordHash: str(r, 'password_hash'),
  projectId: num(r, 'project_id'),
  currentTeamId:
    r.current_team_id === null || r.current_team_id === undefined ? undefined : num(r, 'current_team_id'),
  createdAt: date(r, 'created_at'),
});

const toInvitation = (r: Row): Invitation => ({
  id: str(r, 'id'),
  projectId: num(r, 'project_id'),
  email: str(r, 'email'),
  role: str(r, 'role') as Role,
  tokenHash: str(r, 'token_hash'),
  createdBy: str(r, 'created_by'),
  createdAt: date(r, 'created_at'),
  expiresAt: date(r, 'expires_at'),
  acceptedAt: optionalDate(r, 'accepted_at'),
});

const USER_INSERT =
  'INSERT INTO users (id, email, password_hash, project_id, created_at, name, status) VALUES ($1, $2, $3, $4, $5, $6, $7)';
const userParams = (u: User) => [
  u.id,
  u.email,
  u.passwordHash,
  u.projectId,
  timestampValue(u.createdAt),
  u.name,
  u.status,
];
const MEMBERSHIP_UPSERT =
  'INSERT OR REPLACE INTO memberships (project_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)';
const membershipParams = (m: Membership) => [m.projectId, m.userId, m.role, timestampValue(m.createdAt)];

export class DuckDbAuthStore implements AuthStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listUsers(): Promise<User[]> {
    return (await this.db.queryWriter('SELECT * FROM users ORDER BY created_at')).map(toUser);
  }

  async insertUser(user: User): Promise<void> {
    await this.db.write((c) => c.run(USER_INSERT, userParams(user)));
  }

  async updateUser(user: User): Promise<void> {
    await this.db.write((c) =>
      c.run(
        'UPDATE users SET name = $1, status = $2, password_hash = $3, project_id = $4, current_team_id = $5 WHERE id = $6',
        [user.name, user.status, user.passwordHash, user.projectId, user.currentTeamId ?? null, user.id],
      ),
    );
  }

  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.db.write((c) =>
      c.run('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, userId]),
    );
  }

  async deleteUser(userId: string): Promise<void> {
    await this.db.write(async (c) => {
      await c.run('DELETE FROM memberships WHERE user_id = $1', [userId]);
      await c.run('DELETE FROM sessions WHERE user_id = $1', [userId]);
      await c.run('DELETE FROM password_resets WHERE user_id = $1', [userId]);
      await c.run('DELETE FROM users WHERE id = $1', [userId]);
    });
  }

  async listSessions(): Promise<Session[]> {
    // Expired sessions are dropped here, at start, rather than by a timer: they are few and harmless.
    await this.db.write((c) =>
      c.run('DELETE FROM sessions WHERE expires_at <= $1', [timestampValue(new Date())]),
    );
    const rows = await this.db.queryWriter('SELECT * FROM sessions');
    return rows.map((r) => ({
      tokenHash: str(r, 'token_hash'),
      userId: str(r, 'user_id'),
      csrfToken: str(r, 'csrf_token'),
      createdAt: date(r, 'created_at'),
      expiresAt: date(r, 'expires_at'),
    }));
  }

  async insertSession(session: Session): Promise<void> {
    await this.db.write((c) =>
      c.run('INSERT INTO sessions VALUES ($1, $2, $3, $4, $5)', [
        session.tokenHash,
        session.userId,
        session.csrfToken,
        timestampValue(session.createdAt),
        timestampValue(session.expiresAt),
      ]),
    );
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.write((c) => c.run('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]));
  }

  async deleteSessionsOfUser(userId: string): Promise<void> {
    await this.db.write((c) => c.run('DELETE FROM sessions WHERE user_id = $1', [userId]));
  }

  async listMemberships(): Promise<Membership[]> {
    const rows = await this.db.queryWriter('SELECT * FROM memberships ORDER BY created_at');
    return rows.map((r) => ({
      projectId: num(r, 'project_id'),
      userId: str(r, 'user_id'),
      role: str(r, 'role') as Role,
      createdAt: date(r, 'created_at'),
    }));
  }

  async putMembership(membership: Membership): Promise<void> {
    await this.db.write((c) => c.run(MEMBERSHIP_UPSERT, membershipParams(membership)));
  }

  async deleteMembership(projectId: number, userId: string): Promise<void> {
    await this.db.write((c) =>
      c.run('DELETE FROM memberships WHERE project_id = $1 AND user_id = $2', [projectId, userId]),
    );
  }

  async listInvitations(): Promise<Invitation[]> {
    return (await this.db.queryWriter('SELECT * FROM invitations ORDER BY created_at')).map(toInvitation);
  }

  async insertInvitation(i: Invitation): Promise<void> {
    await this.db.write((c) =>
      c.run('INSERT INTO invitations VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        i.id,
        i.projectId,
        i.email,
        i.role,
        i.tokenHash,
        i.createdBy,
        timestampValue(i.createdAt),
        timestampValue(i.expiresAt),
        optionalTimestamp(i.acceptedAt),
      ]),
    );
  }

  async acceptInvitation(id: string, acceptedAt: Date, user: User, membership: Membership): Promise<void> {
    await this.db.write(async (c) => {
      await c.run('UPDATE invitations SET accepted_at = $1 WHERE id = $2', [timestampValue(acceptedAt), id]);
      await c.run(USER_INSERT, userParams(user));
      await c.run(MEMBERSHIP_UPSERT, membershipParams(membership));
    });
  }

  async insertMember(user: User, membership: Membership): Promise<void> {
    await this.db.write(async (c) => {
      await c.run(USER_INSERT, userParams(user));
      await c.run(MEMBERSHIP_UPSERT, membershipParams(membership));
    });
  }

  async deleteInvitation(id: string): Promise<void> {
    await this.db.write((c) => c.run('DELETE FROM invitations WHERE id = $1', [id]));
  }

  async insertPasswordReset(reset: PasswordReset): Promise<void> {
    await this.db.write((c) =>
      c.run('INSERT INTO password_resets VALUES ($1, $2, $3, $4, $5)', [
        reset.tokenHash,
        reset.userId,
        timestampValue(reset.createdAt),
        timestampValue(reset.expiresAt),
        optionalTimestamp(reset.usedAt),
      ]),
    );
  }

  async findPasswordReset(tokenHash: string): Promise<PasswordReset | undefined> {
    const [r] = await this.db.queryWriter('SELECT * FROM password_resets WHERE token_hash = $1', [tokenHash]);
    if (!r) return undefined;
    return {
      tokenHash: str(r, 'token_hash'),
      userId: str(r, 'user_id'),
      createdAt: date(r, 'created_at'),
      expiresAt: date(r, 'expires_at'),
      usedAt: optionalDate(r, 'used_at'),
    };
  }

  async usePasswordReset(tokenHash: string, usedAt: Date, passwordHash: string): Promise<void> {
    await this.db.write(async (c) => {
      await c.run('UPDATE password_resets SET used_at = $1 WHERE token_hash = $2', [
        timestampValue(usedAt),
        tokenHash,
      ]);
      await c.run(
        'UPDATE users SET password_hash = $1 WHERE id = (SELECT user_id FROM password_resets WHERE token_hash = $2)',
        [passwordHash, tokenHash],
      );
    });
  }
}
