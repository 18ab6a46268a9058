/**
 * Shapes of PostHog's local-evaluation definitions (`GET /flags/definitions`), as served to SDKs.
 * Field names stay snake_case because these objects travel over the wire unchanged.
 */

export type FilterType = 'person' | 'group' | 'cohort' | 'flag' | 'person_metadata';

export interface FlagProperty {
  key: string;
  /** `person` when absent; `group` filters read the group named by `group_type_index`. */
  type?: FilterType | string | null;
  value?: unknown;
  /** Defaults to `exact`. */
  operator?: string | null;
  negation?: boolean | null;
  group_type_index?: number | null;
  /** For `type: "flag"`: the flags to evaluate first, ending with `key`. */
  dependency_chain?: string[] | null;
}

/** A cohort definition: `{}` matches everyone; `type: "property"` means AND. */
export interface PropertyGroup {
  type?: 'AND' | 'OR' | 'property' | string;
  values?: Array<PropertyGroup | FlagProperty>;
}

export interface FlagCondition {
  properties?: FlagProperty[] | null;
  /** `null`/absent means 100%. */
  rollout_percentage?: number | null;
  variant?: string | null;
  aggregation_group_type_index?: number | null;
  description?: string | null;
  sort_key?: string | null;
}

export interface FlagVariant {
  key: string;
  name?: string | null;
  rollout_percentage: number;
}

export interface FlagHoldout {
  id: number;
  exclusion_percentage: number;
}

export interface FlagFilters {
  groups?: FlagCondition[] | null;
  multivariate?: { variants: FlagVariant[] } | null;
  /** JSON-encoded strings keyed by variant, or `"true"` for boolean flags. */
  payloads?: Record<string, unknown> | null;
  aggregation_group_type_index?: number | null;
  super_groups?: FlagCondition[] | null;
  feature_enrollment?: boolean | null;
  holdout?: FlagHoldout | null;
  early_exit?: boolean | null;
}

export interface FlagDefinition {
  id?: number;
  key: string;
  name?: string | null;
  active: boolean;
  deleted?: boolean;
  version?: number | null;
  ensure_experience_continuity?: boolean | null;
  bucketing_identifier?: 'distinct_id' | 'device_id' | null;
  evaluation_runtime?: 'server' | 'client' | 'all' | null;
  filters: FlagFilters;
}

export interface Definitions {
  flags: FlagDefinition[];
  /** Group type index (as a string) → group type name. */
  group_type_mapping?: Record<string, string>;
  /** Cohort id (as a string) → definition. Static cohorts are never included. */
  cohorts?: Record<string, PropertyGroup>;
  /** 2 turns off the truthy coercion of `exact` filters against `"true"`/`"false"`. */
  property_matching_version?: number;
}

export type Properties = Readonly<Record<string, unknown>>;

/**
 * `server`: the evaluator is the source of truth, so a missing property is simply absent (PostHog's flags
 * service). `local`: an SDK evaluating with partial context; anything it cannot know is inconclusive so
 * the caller can ask the server instead.
 */
export type EvaluationMode = 'server' | 'local';

export interface EvaluationContext {
  distinctId: string;
  /** Used by flags with `bucketing_identifier: "device_id"`; falls back to person property `$device_id`. */
  deviceId?: string;
  /** Group type name → group key. */
  groups?: Readonly<Record<string, string>>;
  personProperties?: Properties;
  /** Group type name → that group's properties. */
  groupProperties?: Readonly<Record<string, Properties>>;
  /** The identifier that flags with experience continuity bucket by (stored override or `$anon_distinct_id`). */
  hashKeyOverride?: string;
  /** The clock for relative dates such as `-7d`; the engine never reads one itself. */
  now: Date;
  mode: EvaluationMode;
  /** IANA zone in which naive dates (`2024-01-31 10:00`) are read. Defaults to UTC. */
  timezone?: string;
  /** Membership of cohorts missing from `definitions.cohorts` (static cohorts); `undefined` = unknown. */
  cohortMembership?: (cohortId: string) => boolean | undefined;
}

export type ReasonCode =
  | 'condition_match'
  | 'no_condition_match'
  | 'out_of_rollout_bound'
  | 'no_group_type'
  | 'super_condition_value'
  | 'holdout_condition_value'
  | 'flag_disabled'
  | 'missing_dependency';

export interface EvaluationReason {
  code: ReasonCode;
  /** Index of the condition that produced `code`, or null when no single condition did. */
  conditionIndex: number | null;
  description: string;
}

export interface FlagEvaluation {
  key: string;
  inconclusive?: false;
  value: boolean | string;
  variant: string | null;
  /** The payload, JSON-parsed; undefined when the flag is off or has none. */
  payload: unknown;
  /** The payload exactly as stored (a JSON-encoded string). */
  payloadRaw: string | undefined;
  reason: EvaluationReason;
}

export type InconclusiveCode =
  | 'missing_context'
  | 'unknown_operator'
  | 'invalid_filter'
  | 'cohort_not_found'
  | 'unsupported_cohort'
  | 'missing_dependency'
  | 'unresolved_dependency'
  | 'experience_continuity'
  | 'no_group_type_mapping'
  | 'missing_device_id';

export interface Unresolved {
  code: InconclusiveCode;
  detail: string;
}

/** The engine cannot decide with what it was given; an SDK should ask the server. */
export interface InconclusiveEvaluation {
  key: string;
  inconclusive: true;
  reason: Unresolved;
}

export type EvaluationResult = FlagEvaluation | InconclusiveEvaluation;
