import type { Scope } from './scopes.ts';

/** Who is calling, once authenticated: what it may do and how it is named in logs and the audit log. */
export interface Principal {
  kind: 'member' | 'personal_key' | 'project_secret_key';
  /** Stable id of whoever is calling (the member's id, or the key's id), for rate limits and histories. */
  id: string;
  /** The member acting, directly or through their key; absent for the installation key printed at first start. */
  userId: string | undefined;
  /** Display name, e.g. `ada@example.com` or `ci deploy key (phx_ab12…)`. */
  name: string;
  /** Already capped by the member's role. */
  scopes: ReadonlySet<Scope>;
}
