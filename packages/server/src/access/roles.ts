import { ALL_SCOPES, SCOPE_OBJECTS, type Scope } from './scopes.ts';

/** Built-in roles, each including the one before it. */
export const ROLES = ['viewer', 'analyst', 'flag_editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const KNOWN = new Set<string>(ROLES);
export const isRole = (value: string): value is Role => KNOWN.has(value);

const reads = SCOPE_OBJECTS.map((o) => `${o}:read` as Scope);
// Every member manages their own personal keys; what a key can do is still capped by the member's role.
const viewer: Scope[] = [...reads, 'personal_api_key:write'];
const analyst: Scope[] = [
  ...viewer,
  'insight:write',
  'dashboard:write',
  'cohort:write',
  'export:write',
  'annotation:write',
  // Describing and hiding events and properties is curating analysis, as PostHog lets its members do.
  'event_definition:write',
  'property_definition:write',
];
const flagEditor: Scope[] = [
  ...analyst,
  'feature_flag:write',
  'experiment:write',
  'early_access_feature:write',
];

export const ROLE_SCOPES: Readonly<Record<Role, ReadonlySet<Scope>>> = {
  viewer: new Set(viewer),
  analyst: new Set(analyst),
  flag_editor: new Set(flagEditor),
  admin: new Set(ALL_SCOPES),
};

/** `a` is at least `b` (admins may grant any role; a role can never grant more than it has). */
export const roleAtLeast = (a: Role, b: Role): boolean => ROLES.indexOf(a) >= ROLES.indexOf(b);
