import type { AuthStore } from '../../auth/auth-store.ts';
import type { Session, User } from '../../auth/user.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { date, num, str, timestampValue } from './row-values.ts';

export class DuckDbAuthStore implements AuthStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listUsers(): Promise<User[]> {
    const rows = await this.db.queryWriter('SELECT * FROM users ORDER BY created_at');
    return rows.map((r) => ({
      id: str(r, 'id'),
      email: str(r, 'email'),
      passwordHash: str(r, 'password_hash'),
      projectId: num(r, 'project_id'),
      createdAt: date(r, 'created_at'),
    }));
  }

  async insertUser(user: User): Promise<void> {
    await this.db.write((c) =>
      c.run('INSERT INTO users VALUES ($1, $2, $3, $4, $5)', [
        user.id,
        user.email,
        user.passwordHash,
        user.projectId,
        timestampValue(user.createdAt),
      ]),
    );
  }

  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.db.write((c) =>
      c.run('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, userId]),
    );
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
}
