export interface User {
  id: string;
  /** Shown in member lists and the audit log; may be empty. */
  name: string;
  /** A deactivated member cannot sign in, and their sessions and personal keys stop working at once. */
  status: 'active' | 'deactivated';
  /** Lower-cased, so sign-in is case-insensitive on the address. */
  email: string;
  /** `scrypt$…` (see password-hash.ts), or '' for a member without a password; the password is never stored. */
  passwordHash: string;
  /** The project the member works in now (their role there comes from their membership). */
  projectId: number;
  /** The environment of that project they last switched to (what `@current` means); unset = its first. */
  currentTeamId?: number | undefined;
  createdAt: Date;
}

export interface Session {
  /** sha256 of the cookie value, so a copy of the database cannot be replayed as a login. */
  tokenHash: string;
  userId: string;
  /** Sent back by the app in `X-CSRF-Token` on every cookie-authenticated write. */
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}
