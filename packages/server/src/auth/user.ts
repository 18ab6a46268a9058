export interface User {
  id: string;
  /** Lower-cased, so sign-in is case-insensitive on the address. */
  email: string;
  /** `scrypt$…` (see password-hash.ts); the password itself is never stored. */
  passwordHash: string;
  /** The project this user works in; Signpost has one project per installation for now. */
  projectId: number;
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
