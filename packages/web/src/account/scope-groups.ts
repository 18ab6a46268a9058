/** How scope objects read in the key form; an object the server adds later shows under its own name. */
const OBJECT_LABELS: Record<string, string> = {
  activity_log: 'Activity log',
  annotation: 'Annotations',
  cohort: 'Cohorts',
  dashboard: 'Dashboards',
  early_access_feature: 'Early access features',
  experiment: 'Experiments',
  export: 'Exports',
  feature_flag: 'Feature flags',
  group: 'Groups',
  insight: 'Insights',
  organization_member: 'Members',
  person: 'Persons',
  personal_api_key: 'Personal API keys',
  project: 'Project',
  query: 'Queries and events',
};

export interface ScopeGroup {
  object: string;
  label: string;
  /** What the member's role lets a key of theirs do with this object. */
  canRead: boolean;
  canWrite: boolean;
}

export type Access = 'none' | 'read' | 'write';

/**
 * One group per object the member's role reaches, from the scopes the session reported, so the form offers
 * exactly what the server would accept (it refuses a key wider than its creator).
 */
export function scopeGroups(roleScopes: readonly string[]): ScopeGroup[] {
  const byObject = new Map<string, ScopeGroup>();
  for (const scope of roleScopes) {
    const match = /^([a-z_]+):(read|write)$/.exec(scope);
    if (!match?.[1]) continue;
    const object = match[1];
    const group = byObject.get(object) ?? {
      object,
      label: OBJECT_LABELS[object] ?? object,
      canRead: false,
      canWrite: false,
    };
    // `write` implies `read` on the server, so a role with write can always hand out read.
    group.canRead = true;
    if (match[2] === 'write') group.canWrite = true;
    byObject.set(object, group);
  }
  return [...byObject.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/** The scopes to send for a choice per object; `*` when everything is chosen. */
export function scopesFor(everything: boolean, choice: Readonly<Record<string, Access>>): string[] {
  if (everything) return ['*'];
  return Object.entries(choice)
    .filter(([, access]) => access !== 'none')
    .map(([object, access]) => `${object}:${access}`)
    .sort();
}

/** A key's scopes for reading in a list: `*` spelled out, the rest as they are. */
export const describeScopes = (scopes: readonly string[]): string[] =>
  scopes.includes('*') ? ['Everything its owner’s role allows'] : [...scopes];
