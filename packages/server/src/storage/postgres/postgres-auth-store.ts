import type { Role } from '../../access/roles.ts';
import type { AuthStore } from '../../auth/auth-store.ts';
import type { Invitation, Membership, PasswordReset } from '../../auth/member.ts';
import type { Session, User } from '../../auth/user.ts';
import type { Executor, Param, PostgresDatabase, Row } from './postgres-database.ts';
import { date, num, optionalDate, optionalNum, str } from './row-values.ts';

const toUser = (r: Row): User => ({
  id: str(r, 'id'),
  email: str(r, 'email'),
  name: str(r, 'name'),
  status: str(r, 'status') === 'deactivated' ? 'deactivated' : 'active',
  passwordHash: str(r, 'password_hash'),
  projectId: num(r, 'project_id'),
  currentTeamId: optionalNum(r, 'current_team_id') ?? undefined,
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
  acceptedAt: optionalDate(r, 'accepted_at') ?? undefined,
});

const insertUser = (tx: Executor, u: User) =>
  tx.run(
    `INSERT INTO users (id, email, password_hash, project_id, created_at, name, status, current_team_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [u.id, u.email, u.passwordHash, u.projectId, u.createdAt, u.name, u.status, u.currentTeamId ?? null],
  );

const putMembership = (tx: Executor, m: Membership) =>
  tx.run(
    `INSERT INTO memberships (project_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role, created_at = excluded.created_at`,
    [m.projectId, m.userId, m.role, m.createdAt],
  );

export class PostgresAuthStore implements AuthStore {
  constructor(private readonly db: PostgresDatabase) {}

  async listUsers(): Promise<User[]> {
    return (await this.db.run('SELECT * FROM users ORDER BY created_at, id')).map(toUser);
  }

  async insertUser(user: User): Promise<void> {
    await insertUser(this.db, user);
  }

  async updateUser(user: User): Promise<void> {
    await this.db.run(
      'UPDATE users SET name = $1, status = $2, password_hash = $3, project_id = $4, current_team_id = $5 WHERE id = $6',
      [user.name, user.status, user.passwordHash, user.projectId, user.currentTeamId ?? null, user.id],
    );
  }

  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.db.run('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, userId]);
  }

  async deleteUser(userId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const sql of [
        'DELETE FROM memberships WHERE user_id = $1',
        'DELETE FROM sessions WHERE user_id = $1',
        'DELETE FROM password_resets WHERE user_id = $1',
        'DELETE FROM users WHERE id = $1',
      ])
        await tx.run(sql, [userId]);
    });
  }

  async listSessions(): Promise<Session[]> {
    // Expired sessions are dropped here, at start, rather than by a timer: they are few and harmless.
    await this.db.run('DELETE FROM sessions WHERE expires_at <= now()');
    const rows = await this.db.run('SELECT * FROM sessions ORDER BY created_at, token_hash');
    return rows.map((r) => ({
      tokenHash: str(r, 'token_hash'),
      userId: str(r, 'user_id'),
      csrfToken: str(r, 'csrf_token'),
      createdAt: date(r, 'created_at'),
      expiresAt: date(r, 'expires_at'),
    }));
  }

  async insertSession(s: Session): Promise<void> {
    await this.db.run('INSERT INTO sessions VALUES ($1, $2, $3, $4, $5)', [
      s.tokenHash,
      s.userId,
      s.csrfToken,
      s.createdAt,
      s.expiresAt,
    ]);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteSessionsOfUser(userId: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  async listMemberships(): Promise<Membership[]> {
    const rows = await this.db.run('SELECT * FROM memberships ORDER BY created_at, project_id, user_id');
    return rows.map((r) => ({
      projectId: num(r, 'project_id'),
      userId: str(r, 'user_id'),
      role: str(r, 'role') as Role,
      createdAt: date(r, 'created_at'),
    }));
  }

  async putMembership(membership: Membership): Promise<void> {
    await putMembership(this.db, membership);
  }

  async deleteMembership(projectId: number, userId: string): Promise<void> {
    await this.db.run('DELETE FROM memberships WHERE project_id = $1 AND user_id = $2', [projectId, userId]);
  }

  async listInvitations(): Promise<Invitation[]> {
    return (await this.db.run('SELECT * FROM invitations ORDER BY created_at, id')).map(toInvitation);
  }

  async insertInvitation(i: Invitation): Promise<void> {
    const params: Param[] = [
      i.id,
      i.projectId,
      i.email,
      i.role,
      i.tokenHash,
      i.createdBy,
      i.createdAt,
      i.expiresAt,
      i.acceptedAt ?? null,
    ];
    await this.db.run('INSERT INTO invitations VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', params);
  }

  async acceptInvitation(id: string, acceptedAt: Date, user: User, membership: Membership): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('UPDATE invitations SET accepted_at = $1 WHERE id = $2', [acceptedAt, id]);
      await insertUser(tx, user);
      await putMembership(tx, membership);
    });
  }

  async insertMember(user: User, membership: Membership): Promise<void> {
    await this.db.transaction(async (tx) => {
      await insertUser(tx, user);
      await putMembership(tx, membership);
    });
  }

  async deleteInvitation(id: string): Promise<void> {
    await this.db.run('DELETE FROM invitations WHERE id = $1', [id]);
  }

  async insertPasswordReset(r: PasswordReset): Promise<void> {
    await this.db.run('INSERT INTO password_resets VALUES ($1, $2, $3, $4, $5)', [
      r.tokenHash,
      r.userId,
      r.createdAt,
      r.expiresAt,
      r.usedAt ?? null,
    ]);
  }

  async findPasswordReset(tokenHash: string): Promise<PasswordReset | undefined> {
    const [r] = await this.db.run('SELECT * FROM password_resets WHERE token_hash = $1', [tokenHash]);
    if (!r) return undefined;
    return {
      tokenHash: str(r, 'token_hash'),
      userId: str(r, 'user_id'),
      createdAt: date(r, 'created_at'),
      expiresAt: date(r, 'expires_at'),
      usedAt: optionalDate(r, 'used_at') ?? undefined,
    };
  }

  async usePasswordReset(tokenHash: string, usedAt: Date, passwordHash: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('UPDATE password_resets SET used_at = $1 WHERE token_hash = $2', [usedAt, tokenHash]);
      await tx.run(
        'UPDATE users SET password_hash = $1 WHERE id = (SELECT user_id FROM password_resets WHERE token_hash = $2)',
        [passwordHash, tokenHash],
      );
    });
  }
}
