import type { FlagFilters } from '@signpost/flags-engine';

export type EvaluationRuntime = 'server' | 'client' | 'all';

export interface FeatureFlag {
  id: number;
  projectId: number;
  key: string;
  name: string;
  filters: FlagFilters;
  active: boolean;
  deleted: boolean;
  /** Bumped on every change, so SDKs and `$feature_flag_called` events can tell definitions apart. */
  version: number;
  ensureExperienceContinuity: boolean;
  evaluationRuntime: EvaluationRuntime;
  bucketingIdentifier: 'distinct_id' | 'device_id';
  /** Evaluation contexts (PostHog's "evaluation tags"): when set, only requests naming one get the flag. */
  evaluationContexts: string[];
  /** A remote-config flag only carries a payload, fetched by key; it is never evaluated per user. */
  isRemoteConfiguration: boolean;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
  /** Archived: kept with its history and key, but served to nobody (as if deleted) until unarchived. */
  archived?: boolean;
  /** A kill switch or operational setting meant to stay: never reported stale. */
  permanent?: boolean;
  /**
   * On a flag read through an environment other than the project's first: which one `active` and `filters`
   * are of. Stored rows leave it unset (their settings are the first environment's).
   */
  environmentId?: number;
}

/** A flag's settings in one environment other than its project's first (whose settings live in the flag). */
export interface EnvironmentConfig {
  flagId: number;
  environmentId: number;
  active: boolean;
  filters: FlagFilters;
  updatedAt: Date;
}
