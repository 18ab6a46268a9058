import type { Session, User } from './user.ts';

export interface AuthStore {
  listUsers(): Promise<User[]>;
  insertUser(user: User): Promise<void>;
  updatePasswordHash(userId: string, passwordHash: string): Promise<void>;
  listSessions(): Promise<Session[]>;
  insertSession(session: Session): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
}
