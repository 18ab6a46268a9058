// Wire shapes of the server's API (PostHog's), only the fields the app reads.

export interface SessionInfo {
  authenticated: boolean;
  setup_required: boolean;
  /** Single sign-on is configured: the sign-in page shows its button. */
  sso_enabled?: boolean;
  /** False when the server signs members in through SSO only (the operator's break-glass account aside). */
  password_sign_in?: boolean;
  user?: { id: string; email: string };
  /** The member's role in the project and the scopes it grants (null/[] for no membership). */
  role?: string | null;
  scopes?: string[];
  csrf_token?: string;
  project?: { id: number; name: string; api_token: string } | null;
}

export type PropertyType = 'person' | 'group' | 'cohort';

export interface PropertyFilter {
  key: string;
  type: PropertyType;
  operator?: string | null;
  value: unknown;
  group_type_index?: number | null;
}

export interface ReleaseCondition {
  properties: PropertyFilter[];
  rollout_percentage: number | null;
  variant?: string | null;
}

export interface Variant {
  key: string;
  name?: string | null;
  rollout_percentage: number;
}

export interface FlagFilters {
  groups: ReleaseCondition[];
  multivariate?: { variants: Variant[] } | null;
  payloads?: Record<string, unknown> | null;
  aggregation_group_type_index?: number | null;
}

export interface Flag {
  id: number;
  key: string;
  name: string;
  filters: FlagFilters;
  active: boolean;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Served to nobody, kept with its history; listed only with `?archived=true`. */
  archived?: boolean;
  /** Exempt from staleness (kill switches, operational settings). */
  permanent?: boolean;
  /** Serves one payload (remote config) to everyone rather than deciding who gets a feature. */
  is_remote_configuration?: boolean;
  stale?: StaleVerdict;
  last_evaluated_at?: string | null;
}

export type StaleReason = 'not_evaluated' | 'fully_rolled_out' | 'single_value' | 'experiment_shipped';

/** Whether a flag is a candidate for removal from code, and why (`GET …/feature_flags/`). */
export interface StaleVerdict {
  stale: boolean;
  reasons: StaleReason[];
  since: string | null;
  exempt?: 'permanent';
}

/** One flag's evaluations per UTC day (`GET …/feature_flags/:id/usage`). */
export interface FlagUsage {
  key: string;
  days: { day: string; total: number; values: Record<string, number> }[];
  last_evaluated_at: string | null;
  stale: StaleVerdict | null;
}

/** One entry of the project's activity log (`GET …/activity_log/`, PostHog's shape plus `actor`). */
export interface ActivityEntry {
  id: string;
  activity: 'created' | 'updated' | 'deleted' | 'restored' | 'reverted';
  scope: string;
  item_id: string;
  created_at: string;
  actor: {
    kind: 'member' | 'personal_key' | 'project_secret_key' | 'system';
    id: string | null;
    name: string;
  };
  revertable: boolean;
  detail: {
    name: string | null;
    changes: { field: string; action: string; before: unknown; after: unknown }[];
    reason: string | null;
    revert_of: string | null;
  };
}

export interface ActivityPage {
  results: ActivityEntry[];
  next: string | null;
}

export interface Cohort {
  id: number;
  name: string;
  description: string;
  is_static: boolean;
  count: number;
  filters: { properties: { type: 'AND' | 'OR'; values: unknown[] } } | null;
  created_at: string;
  /** Behavioural cohorts (events in a window): flags answer from a membership recomputed periodically. */
  is_behavioral?: boolean;
  last_calculation?: string | null;
  recompute_interval_minutes?: number | null;
}

export interface Person {
  id: string;
  name?: string;
  distinct_ids: string[];
  properties: Record<string, unknown>;
  created_at: string;
}

export interface EventRow {
  id: string;
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
  timestamp: string;
}

export interface GroupType {
  group_type: string;
  group_type_index: number;
}

export interface PersonalKey {
  id: string;
  label: string;
  mask_value: string;
  created_at: string;
  /** PostHog's scope names; `*` means everything the owner's role allows. */
  scopes: string[];
  user_id: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  /** The secret, present only in the answer to its creation. */
  value?: string;
}

export interface Page<T> {
  results: T[];
  next: string | null;
}

export interface FlagDecision {
  enabled: boolean;
  variant: string | null;
  failed?: boolean;
  reason: { code: string; condition_index: number | null; description: string } | null;
  metadata: { payload: string | null };
}
