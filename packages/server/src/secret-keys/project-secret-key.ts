/**
 * A project secret key (`phs_…`, PostHog's "project secret API key"): held by app servers that evaluate flags
 * locally, it reads flag definitions and nothing else, so a leaked app server cannot read data or change flags.
 */
export interface ProjectSecretKey {
  id: string;
  projectId: number;
  label: string;
  /** sha256 of the secret; the secret itself is shown once and never stored. */
  secretHash: string;
  /** First characters of the secret, to recognise a key in a list without revealing it. */
  maskValue: string;
  createdAt: Date;
  /** Who created it (a member's email or a personal key's label), for the list and later the audit log. */
  createdBy: string;
  /** Set when the key was rolled (or given a lifetime): the key stops working at this time. */
  expiresAt: Date | null;
}
