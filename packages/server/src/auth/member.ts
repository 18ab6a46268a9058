import type { Role } from '../access/roles.ts';

/** A member's role in one project. */
export interface Membership {
  projectId: number;
  userId: string;
  role: Role;
  createdAt: Date;
}

/** A single-use, expiring link that makes an email address a member with a role. */
export interface Invitation {
  id: string;
  projectId: number;
  email: string;
  role: Role;
  /** sha256 of the link's token; the token itself is shown once to the admin who invited. */
  tokenHash: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | undefined;
}

/** A single-use, expiring link an admin issues so a member can choose a new password. */
export interface PasswordReset {
  tokenHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | undefined;
}
