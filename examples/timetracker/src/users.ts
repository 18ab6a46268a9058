import type { AuthMethod } from './config.ts';

export type Role = 'admin' | 'user';

export interface User {
  id: string;
  username: string;
  email: string;
  role: Role;
  /** How the account was created: the guide's `signup_method` person property. */
  signupMethod: AuthMethod;
  /** For `local` sign-in. A toy: plain text in memory, never do this in a real app. */
  password: string;
}

/**
 * A toy, in-memory user directory so the example runs with no database or identity provider. OIDC sign-in is
 * simulated by trusting the username the "provider" returns.
 */
export const DEMO_USERS: readonly User[] = [
  {
    id: 'u-alice',
    username: 'alice',
    email: 'alice@example.com',
    role: 'admin',
    signupMethod: 'local',
    password: 'alice',
  },
  {
    id: 'u-bob',
    username: 'bob',
    email: 'bob@example.com',
    role: 'user',
    signupMethod: 'local',
    password: 'bob',
  },
  {
    id: 'u-carol',
    username: 'carol',
    email: 'carol@example.com',
    role: 'user',
    signupMethod: 'oidc',
    password: 'carol',
  },
];

export class UserDirectory {
  private readonly byName: Map<string, User>;

  constructor(users: readonly User[] = DEMO_USERS) {
    this.byName = new Map(users.map((u) => [u.username, u]));
  }

  /** Extra users, e.g. many distinct people for an experiment's split. */
  add(user: User): void {
    this.byName.set(user.username, user);
  }

  find(username: string): User | undefined {
    return this.byName.get(username);
  }

  byId(id: string): User | undefined {
    for (const user of this.byName.values()) if (user.id === id) return user;
    return undefined;
  }
}
