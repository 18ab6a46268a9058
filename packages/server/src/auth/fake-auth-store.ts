import type { AuthStore } from './auth-store.ts';
import type { Session, User } from './user.ts';

export class FakeAuthStore implements AuthStore {
  private readonly users = new Map<string, User>();
  private readonly sessions = new Map<string, Session>();

  async listUsers(): Promise<User[]> {
    return [...this.users.values()].map((u) => ({ ...u }));
  }

  async insertUser(user: User): Promise<void> {
    this.users.set(user.id, { ...user });
  }

  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    const user = this.users.get(userId);
    if (user) this.users.set(userId, { ...user, passwordHash });
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
}
