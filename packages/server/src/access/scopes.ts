/**
 * What a caller may do, in PostHog's personal-API-key scope names (`<object>:read` / `<object>:write`, or `*`),
 * so keys created for PostHog's API keep their meaning here. `write` implies `read` of the same object.
 */
export const SCOPE_OBJECTS = [
  'activity_log',
  'annotation',
  'cohort',
  'dashboard',
  'early_access_feature',
  'event_definition',
  'experiment',
  'export',
  'feature_flag',
  'group',
  'insight',
  'organization_member',
  'person',
  'personal_api_key',
  'project',
  'property_definition',
  'query',
] as const;
export type ScopeObject = (typeof SCOPE_OBJECTS)[number];
export type Scope = `${ScopeObject}:${'read' | 'write'}` | '*';

export const ALL_SCOPES: readonly Scope[] = [
  '*',
  ...SCOPE_OBJECTS.flatMap((o) => [`${o}:read`, `${o}:write`] as Scope[]),
];

const KNOWN = new Set<string>(ALL_SCOPES);
export const isScope = (value: string): value is Scope => KNOWN.has(value);

/** Whether a set of granted scopes covers `needed` (`*` covers all; `x:write` covers `x:read`). */
export function grants(granted: ReadonlySet<Scope>, needed: Scope): boolean {
  if (granted.has('*') || granted.has(needed)) return true;
  if (needed.endsWith(':read')) return granted.has(needed.replace(/:read$/, ':write') as Scope);
  return false;
}

/**
 * What a key can do once its owner's role caps it: `*` means "all the role allows"; a write scope the role has
 * lost falls back to reading, so demoting a member narrows their keys at once without breaking read-only use.
 */
export function capScopes(keyScopes: readonly Scope[], role: ReadonlySet<Scope>): ReadonlySet<Scope> {
  if (keyScopes.includes('*')) return role;
  const kept = new Set<Scope>();
  for (const scope of keyScopes) {
    if (grants(role, scope)) kept.add(scope);
    else if (scope.endsWith(':write')) {
      const read = scope.replace(/:write$/, ':read') as Scope;
      if (grants(role, read)) kept.add(read);
    }
  }
  return kept;
}
