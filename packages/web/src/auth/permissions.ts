/** Built-in roles, lowest first (each includes the one before it); the server's list, mirrored for display. */
export const ROLES = ['viewer', 'analyst', 'flag_editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  analyst: 'Analyst',
  flag_editor: 'Flag editor',
  admin: 'Admin',
};

export const ROLE_HINTS: Record<Role, string> = {
  viewer: 'reads everything in the project',
  analyst: 'also edits insights, dashboards, cohorts and annotations',
  flag_editor: 'also edits feature flags and experiments',
  admin: 'also manages members, keys and project settings',
};

const KNOWN = new Set<string>(ROLES);
export const isRole = (value: unknown): value is Role => typeof value === 'string' && KNOWN.has(value);

/**
 * Whether granted scopes cover `needed`, by the server's rule: `*` covers all, `x:write` covers `x:read`. The
 * app only uses it to hide what would be refused; the API decides.
 */
export function grants(granted: ReadonlySet<string>, needed: string): boolean {
  if (granted.has('*') || granted.has(needed)) return true;
  return needed.endsWith(':read') && granted.has(needed.replace(/:read$/, ':write'));
}
