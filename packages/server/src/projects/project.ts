import type { Scope } from '../access/scopes.ts';

export interface Project {
  id: number;
  name: string;
  /** The public `phc_…` key of the project's first environment (each environment has its own). */
  apiToken: string;
  timezone: string;
  createdAt: Date;
}

export interface PersonalApiKey {
  id: string;
  label: string;
  /** sha256 of the secret; the secret itself is shown once and never stored. */
  secretHash: string;
  /** First characters of the secret, to recognise a key in a list without revealing it. */
  maskValue: string;
  projectId: number;
  createdAt: Date;
  /** The member whose key it is (capped by their role); absent for the installation key printed at first start. */
  userId: string | undefined;
  /** PostHog scope names; `*` is everything the owner's role allows. */
  scopes: Scope[];
  /** After this the key is refused; absent = never expires. */
  expiresAt: Date | undefined;
  /** Kept in memory on every use and written at most once a minute per key. */
  lastUsedAt: Date | undefined;
}
