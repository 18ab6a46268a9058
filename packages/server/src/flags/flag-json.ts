import type { FlagUsageFacts } from '../flag-usage/flag-lifecycle-service.ts';
import type { FeatureFlag } from './feature-flag.ts';

/**
 * PostHog's FeatureFlag resource shape, as the management API answers it, plus Signpost's lifecycle fields
 * (`archived`, `permanent`, and with usage facts `stale` and `last_evaluated_at`).
 */
export function flagJson(f: FeatureFlag, facts?: FlagUsageFacts) {
  const groups = f.filters.groups ?? [];
  const simple = groups.length === 1 && (groups[0]?.properties ?? []).length === 0 && !f.filters.multivariate;
  return {
    id: f.id,
    environment_id: f.environmentId ?? f.projectId,
    name: f.name,
    key: f.key,
    filters: f.filters,
    deleted: f.deleted,
    active: f.active,
    version: f.version,
    created_by: f.createdBy,
    created_at: f.createdAt.toISOString(),
    updated_at: f.updatedAt.toISOString(),
    is_simple_flag: simple,
    rollout_percentage: simple ? (groups[0]?.rollout_percentage ?? 100) : null,
    ensure_experience_continuity: f.ensureExperienceContinuity,
    evaluation_runtime: f.evaluationRuntime,
    bucketing_identifier: f.bucketingIdentifier,
    evaluation_tags: f.evaluationContexts,
    evaluation_contexts: f.evaluationContexts,
    is_remote_configuration: f.isRemoteConfiguration,
    has_encrypted_payloads: false,
    tags: f.tags,
    experiment_set: [],
    status: f.active ? 'ACTIVE' : 'INACTIVE',
    archived: f.archived ?? false,
    permanent: f.permanent ?? false,
    ...(facts
      ? {
          stale: facts.verdict,
          last_evaluated_at: facts.lastEvaluatedDay && `${facts.lastEvaluatedDay}T00:00:00.000Z`,
        }
      : {}),
  };
}
