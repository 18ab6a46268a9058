/** PostHog's `scope` names for the things a change can be made to. */
export const ACTIVITY_SCOPES = [
  'FeatureFlag',
  'Cohort',
  'Experiment',
  'Insight',
  'Dashboard',
  'Project',
  'PersonalAPIKey',
  'ProjectSecretAPIKey',
  'Member',
  'Annotation',
] as const;
export type ActivityScope = (typeof ACTIVITY_SCOPES)[number];

/** What happened to the item; `reverted` is a change that restored an earlier entry's "before" values. */
export type ActivityKind = 'created' | 'updated' | 'deleted' | 'restored' | 'reverted';

export const ACTOR_KINDS = ['member', 'personal_key', 'project_secret_key', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Who made a change. `id` is the member's or key's id (null for the system); `name` is for people to read. */
export interface Actor {
  kind: ActorKind;
  id: string | null;
  name: string;
}

/** PostHog's `detail.changes[]` item: `action` is `created`, `changed` or `deleted`. */
export interface ActivityChange {
  type: ActivityScope;
  action: 'created' | 'changed' | 'deleted';
  field: string;
  before: unknown;
  after: unknown;
}

export interface ActivityEntry {
  id: string;
  projectId: number;
  scope: ActivityScope;
  itemId: string;
  activity: ActivityKind;
  actor: Actor;
  at: Date;
  /** The item's name when the change was made (a flag's key, a dashboard's name), so deleted items still read well. */
  name: string | null;
  changes: ActivityChange[];
  /** Why, in the author's words (the `X-Signpost-Reason` header). */
  reason: string | null;
  /** For `reverted`: the entry whose "before" values were restored. */
  revertOf: string | null;
  /** Set when the change was to one environment's settings (a flag's `active` or `filters` there). */
  environmentId?: number | null;
}

/** Who is changing something, and why: passed from the edge into services that log their own changes. */
export interface ChangeContext {
  actor: Actor;
  reason: string | null;
  revertOf?: string | null;
}

/** Internal callers (tests, seeds, older call sites) still name an author by a string; they count as the system. */
export function changeContextOf(by: string | ChangeContext): ChangeContext {
  return typeof by === 'string' ? { actor: { kind: 'system', id: null, name: by }, reason: null } : by;
}
